// Awaiting a Writer job from a coroutine without blocking its io thread: the
// job is queued on the Writer, the coroutine suspends, and the Writer's
// completion (delivered after the commit that made the job durable, or with
// the error that undid it) resumes the coroutine on its own executor.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "store/writer.hpp"

namespace guanxi::api {

// Counts submitted jobs whose completion has not yet been handed back to an
// io executor. The server waits for zero before destroying its io contexts,
// so the Writer thread never posts to a destroyed one.
class WriteTracker {
 public:
  void begin();
  void end();
  // Blocks until every begun job has ended.
  void wait_idle();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t pending_ = 0;
};

// Runs `job` (moved from) on the Writer and resumes with its final status: OK
// once committed, else the job's error (its savepoint rolled back) or the
// commit's. The job runs on the Writer thread: it must own (capture by value)
// whatever it uses, because the awaiting coroutine may be destroyed first.
boost::asio::awaitable<Status> await_write(store::Writer& writer, store::Writer::Job& job,
                                           WriteTracker& tracker);

}  // namespace guanxi::api
