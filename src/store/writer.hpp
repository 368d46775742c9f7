// Writer: the single owner of the write connection. Jobs submitted from any
// thread run on the writer thread; jobs that arrive together share one
// transaction (group commit), each inside its own savepoint so a failing job is
// undone alone. A job's completion callback runs after the commit that made it
// durable (or with the error that undid it). After each commit, change
// listeners are told the highest change-feed sequence now committed.
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
  // Queues a job and blocks until it is committed (or failed). Not to be called
  // from the writer thread.
  Status run(Job job);
  // Called on the writer thread after every successful commit.
  void add_commit_listener(CommitListener listener);

  // Largest number of jobs in one transaction (default 1024).
  void set_max_batch(size_t n) { max_batch_ = n; }

 private:
  explicit Writer(std::unique_ptr<Connection> conn);
  void loop();

  struct Pending {
    Job job;
    Done done;
  };

  std::unique_ptr<Connection> conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  std::vector<CommitListener> listeners_;
  bool stopping_ = false;
  size_t max_batch_ = 1024;
  std::thread thread_;
};

}  // namespace guanxi::store
