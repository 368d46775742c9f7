// Awaiting a Writer job from a coroutine without blocking its io thread: the
// job is queued on the Writer, the coroutine suspends, and the Writer's
// completion (delivered after the commit that made the job durable, or with
// the error that undid it) resumes the coroutine on its own executor.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

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

// Hands work to another thread: `start(done)` is called once, at once, and
// whoever it hands the work to calls `done(value)` exactly once, from any
// thread (or from inside start). The coroutine resumes with that value on its
// own executor; `tracker` counts the completion until it is handed back (so
// the server can stop without posting to a destroyed io context). `start` is
// moved from.
template <typename T>
boost::asio::awaitable<T> await_callback(std::function<void(std::function<void(T)>)>& start,
                                         WriteTracker& tracker) {
  namespace asio = boost::asio;
  auto initiate = [&tracker](auto handler, std::function<void(std::function<void(T)>)> begin) {
    using Completion = decltype(handler);
    // The completion handler is move-only and `done` a std::function, so the
    // handler lives in shared state; the work guard keeps the coroutine's io
    // context running until the completion is delivered.
    struct Pending {
      std::optional<Completion> handler;
      std::optional<asio::executor_work_guard<asio::associated_executor_t<Completion>>> work;
    };
    auto pending = std::make_shared<Pending>();
    pending->work.emplace(asio::get_associated_executor(handler));
    pending->handler.emplace(std::move(handler));
    tracker.begin();
    begin([pending, &tracker](T value) {
      auto work = std::move(*pending->work);
      auto h = std::move(*pending->handler);
      pending->work.reset();
      pending->handler.reset();
      const auto executor = work.get_executor();
      asio::post(executor,
                 [h = std::move(h), work = std::move(work), value = std::move(value)]() mutable {
                   std::move(h)(std::move(value));
                 });
      tracker.end();
    });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      initiate, asio::use_awaitable, std::move(start));
}

// Runs `job` (moved from) on the Writer and resumes with its final status: OK
// once committed, else the job's error (its savepoint rolled back) or the
// commit's. The job runs on the Writer thread: it must own (capture by value)
// whatever it uses, because the awaiting coroutine may be destroyed first.
boost::asio::awaitable<Status> await_write(store::Writer& writer, store::Writer::Job& job,
                                           WriteTracker& tracker);

}  // namespace guanxi::api
