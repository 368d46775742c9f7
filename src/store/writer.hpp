// Writer: the single owner of the write connection. Jobs submitted from any
// thread run on the writer thread; jobs that arrive together share one
// transaction (group commit), each inside its own savepoint so a failing job is
// undone alone. A job's completion callback runs after the commit that made it
// durable (or with the error that undid it). After each commit, change
// listeners are told the highest change-feed sequence now committed.
//
// With SQLite, the writer never checkpoints the WAL itself (a checkpoint
// copies pages into the database file and syncs it, inside whichever commit
// crossed the threshold): a checkpointer thread on its own connection does it
// after commits, at most every 100 ms, on the other core. Durability does not
// depend on it: a commit is durable once its WAL frames are synced.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/query.hpp"

namespace guanxi::store {

class Writer {
 public:
  using Job = std::function<Status(Connection&)>;
  using Done = std::function<void(const Status&)>;
  using CommitListener = std::function<void()>;

  // Starts the writer thread over a connection opened from `db`.
  static Result<std::unique_ptr<Writer>> start(Database& db);
  ~Writer();  // drains queued jobs, then stops

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a job. `done` is called exactly once, on the writer thread.
  void submit(Job job, Done done);
  // Queues a job that runs in a transaction of its own with SQLite's
  // foreign-key checks off: for bulk rows whose references the caller checked
  // in the same transaction (or from a snapshot it proved current). Other
  // dialects run it as submit() does.
  void submit_unchecked(Job job, Done done);
  // Queues a job and blocks until it is committed (or failed). Not to be called
  // from the writer thread.
  Status run(Job job);
  // Called on the writer thread after every successful commit.
  void add_commit_listener(CommitListener listener);

  // Largest number of jobs in one transaction (default 1024).
  void set_max_batch(size_t n) { max_batch_ = n; }

 private:
  Writer(std::unique_ptr<Connection> conn, std::unique_ptr<Connection> checkpoint_conn);
  void loop();
  void checkpoint_loop();

  struct Pending {
    Job job;
    Done done;
    bool unchecked = false;  // alone, foreign keys off
  };

  std::unique_ptr<Connection> conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  std::vector<CommitListener> listeners_;
  bool stopping_ = false;
  size_t max_batch_ = 1024;
  bool checks_off_ = false;  // foreign keys could not be turned back on (writer thread only)
  std::thread thread_;
  // The checkpointer (SQLite only): wakes when commits happened since its last run.
  std::unique_ptr<Connection> checkpoint_conn_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  uint64_t commits_ = 0;  // guarded by checkpoint_mu_
  bool checkpoint_stopping_ = false;
  std::thread checkpoint_thread_;
};

}  // namespace guanxi::store
