#include "store/writer.hpp"

#include <chrono>
#include <future>

namespace guanxi::store {

Result<std::unique_ptr<Writer>> Writer::start(Database& db) {
  GX_ASSIGN_OR_RETURN(auto conn, db.connect(false));
  std::unique_ptr<Connection> checkpoint_conn;
  if (conn->dialect() == "sqlite") {
    GX_RETURN_IF_ERROR(conn->execute("PRAGMA wal_autocheckpoint = 0;"));
    GX_ASSIGN_OR_RETURN(checkpoint_conn, db.connect(false));
  }
  return std::unique_ptr<Writer>(new Writer(std::move(conn), std::move(checkpoint_conn)));
}

Writer::Writer(std::unique_ptr<Connection> conn, std::unique_ptr<Connection> checkpoint_conn)
    : conn_(std::move(conn)), checkpoint_conn_(std::move(checkpoint_conn)) {
  thread_ = std::thread([this] { loop(); });
  if (checkpoint_conn_) checkpoint_thread_ = std::thread([this] { checkpoint_loop(); });
}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(checkpoint_mu_);
    checkpoint_stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

void Writer::checkpoint_loop() {
  uint64_t done = 0;  // commits covered by the last checkpoint
  for (;;) {
    {
      std::unique_lock lock(checkpoint_mu_);
      checkpoint_cv_.wait(lock, [&] { return checkpoint_stopping_ || commits_ != done; });
      if (checkpoint_stopping_) break;
      done = commits_;
    }
    // PASSIVE: copies what no reader still needs, never waits for anyone. A
    // failure (busy) is harmless: the next commit asks again.
    (void)checkpoint_conn_->execute("PRAGMA wal_checkpoint(PASSIVE);");
    std::unique_lock lock(checkpoint_mu_);
    checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(100),
                            [&] { return checkpoint_stopping_; });
    if (checkpoint_stopping_) break;
  }
  // Last one after the writer stopped: the file holds everything committed.
  (void)checkpoint_conn_->execute("PRAGMA wal_checkpoint(PASSIVE);");
}

void Writer::submit(Job job, Done done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back({std::move(job), std::move(done)});
  }
  cv_.notify_one();
}

void Writer::submit_unchecked(Job job, Done done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back({std::move(job), std::move(done), conn_->dialect() == "sqlite"});
  }
  cv_.notify_one();
}

Status Writer::run(Job job) {
  std::promise<Status> promise;
  auto future = promise.get_future();
  submit(std::move(job), [&promise](const Status& s) { promise.set_value(s); });
  return future.get();
}

void Writer::add_commit_listener(CommitListener listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(listener));
}

void Writer::loop() {
  std::vector<Pending> batch;
  std::vector<Status> results;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      // An unchecked job runs alone; it ends the batch before it.
      while (!queue_.empty() && batch.size() < max_batch_ &&
             (batch.empty() || (!queue_.front().unchecked && !batch.front().unchecked))) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    results.assign(batch.size(), Status::ok());
    bool committed = false;
    const bool unchecked = batch.front().unchecked;
    // The pragma is a no-op inside a transaction: set around it.
    Status tx = Status::ok();
    if (checks_off_) {  // never run a checked job without the checks
      tx = conn_->execute("PRAGMA foreign_keys = ON;");
      checks_off_ = !tx.is_ok();
    }
    if (tx.is_ok() && unchecked) tx = conn_->execute("PRAGMA foreign_keys = OFF;");
    if (tx.is_ok()) tx = conn_->begin_write();
    if (!tx.is_ok()) {
      for (auto& r : results) r = tx;
    } else if (batch.size() == 1) {
      // Alone in its transaction, a job needs no savepoint: its failure rolls
      // the transaction back. (While a savepoint is open SQLite journals every
      // page a statement touches, which bulk jobs such as imports feel.)
      results[0] = batch[0].job(*conn_);
      if (results[0].is_ok()) {
        tx = conn_->commit();
        committed = tx.is_ok();
        if (!committed) results[0] = tx;
      }
      if (!committed) (void)conn_->rollback();
    } else {
      for (size_t i = 0; i < batch.size(); ++i) {
        results[i] = with_savepoint(*conn_, "job", [&] { return batch[i].job(*conn_); });
      }
      tx = conn_->commit();
      committed = tx.is_ok();
      if (!committed) {
        (void)conn_->rollback();
        for (auto& r : results) r = tx;
      }
    }
    if (unchecked) checks_off_ = !conn_->execute("PRAGMA foreign_keys = ON;").is_ok();
    // Listeners first: by the time a job is acknowledged, the change feed's
    // subscribers have been told about it.
    if (committed && checkpoint_conn_) {
      {
        std::lock_guard lock(checkpoint_mu_);
        ++commits_;
      }
      checkpoint_cv_.notify_one();
    }
    if (committed) {
      std::vector<CommitListener> listeners;
      {
        std::lock_guard lock(mu_);
        listeners = listeners_;
      }
      for (auto& l : listeners) l();
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (batch[i].done) batch[i].done(results[i]);
    }
    batch.clear();
  }
}

}  // namespace guanxi::store
