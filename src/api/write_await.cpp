#include "api/write_await.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <utility>

namespace guanxi::api {

namespace asio = boost::asio;

void WriteTracker::begin() {
  std::lock_guard lock(mu_);
  ++pending_;
}

void WriteTracker::end() {
  std::lock_guard lock(mu_);
  if (--pending_ == 0) cv_.notify_all();
}

void WriteTracker::wait_idle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return pending_ == 0; });
}

namespace {

template <typename CompletionToken>
auto async_submit(store::Writer& writer, store::Writer::Job job, WriteTracker& tracker,
                  CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void(Status)>(
      [&writer, &tracker](auto handler, store::Writer::Job initiated_job) {
        using Handler = decltype(handler);
        // The completion handler is move-only and Writer::Done a std::function,
        // so the handler lives in shared state; the work guard keeps the
        // coroutine's io context running until the completion is delivered.
        struct Pending {
          std::optional<Handler> handler;
          std::optional<asio::executor_work_guard<asio::associated_executor_t<Handler>>> work;
        };
        auto pending = std::make_shared<Pending>();
        pending->work.emplace(asio::get_associated_executor(handler));
        pending->handler.emplace(std::move(handler));
        tracker.begin();
        writer.submit(std::move(initiated_job), [pending, &tracker](const Status& status) {
          auto work = std::move(*pending->work);
          auto h = std::move(*pending->handler);
          pending->work.reset();
          pending->handler.reset();
          const auto executor = work.get_executor();
          asio::post(executor, [h = std::move(h), work = std::move(work), status]() mutable {
            std::move(h)(status);
          });
          tracker.end();
        });
      },
      token, std::move(job));
}

}  // namespace

asio::awaitable<Status> await_write(store::Writer& writer, store::Writer::Job& job,
                                    WriteTracker& tracker) {
  co_return co_await async_submit(writer, std::move(job), tracker, asio::use_awaitable);
}

}  // namespace guanxi::api
