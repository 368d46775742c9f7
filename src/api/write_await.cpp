#include "api/write_await.hpp"

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

asio::awaitable<Status> await_write(store::Writer& writer, store::Writer::Job& job,
                                    WriteTracker& tracker) {
  std::function<void(std::function<void(Status)>)> start =
      [&writer, submitted = std::move(job)](std::function<void(Status)> done) mutable {
        writer.submit(std::move(submitted), [done = std::move(done)](const Status& s) { done(s); });
      };
  co_return co_await await_callback<Status>(start, tracker);
}

}  // namespace guanxi::api
