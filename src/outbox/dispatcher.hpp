// Dispatcher: sends the outbox. One loop leases due messages in a write
// transaction (status 'sending' until a lease deadline, one attempt counted),
// hands them to N sending threads that each own their provider instances
// (connections stay open), and records every answer in a second transaction:
//
//   accepted   -> 'sent' (+ provider id), change message_sent
//   retry      -> 'queued' again at now + backoff (base * 2^(attempt-1), capped,
//                 with jitter; or the provider's Retry-After), until
//                 max_attempts, then 'dead' (change message_failed)
//   permanent  -> 'failed' (change message_failed)
//
// Each message carries its idempotency key to the provider. After kill -9 the
// messages left 'sending' are queued again at start and re-sent with the same
// key, so a provider that deduplicates by key receives each message once.
// Guardrails are checked again at lease time (consent, suppression, quiet
// hours): an unsubscribed customer's queued messages are suppressed, and a
// message that a retry pushed into quiet hours waits for their end.
//
// Providers come from each shop's care settings ("providers": {channel:
// config}); a config may carry "rate_per_second" (a token bucket per shop and
// channel across all sending threads).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "channel/provider.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::outbox {

class Dispatcher {
 public:
  struct Options {
    bool background = true;  // run the loop thread (tests may call dispatch_once())
    int threads = 8;         // sending threads
    int batch = 512;         // messages leased per round
    std::chrono::milliseconds lease{120'000};
    int max_attempts = 8;
    std::chrono::milliseconds backoff_base{30'000};
    std::chrono::milliseconds backoff_cap{6 * 3'600'000};
    std::chrono::milliseconds poll{500};  // idle wait between rounds
  };
  // Builds a provider for (shop, channel) from its config; the default calls
  // channel::make_provider. Tests inject fakes.
  using ProviderFactory = std::function<Result<std::unique_ptr<channel::Provider>>(
      int64_t shop, std::string_view channel, const Json& config)>;

  struct Stats {
    int64_t sent = 0, retried = 0, failed = 0, dead = 0, suppressed = 0, deferred = 0;
  };

  // Requeues messages left 'sending' by a previous process, then starts.
  static Result<std::unique_ptr<Dispatcher>> start(store::Database& db, store::Writer& writer,
                                                   const Clock& clock, Options options,
                                                   ProviderFactory factory = nullptr);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // One round: lease, send, record. Returns how many messages it leased.
  Result<int64_t> dispatch_once();
  // Wakes the loop (after new messages were enqueued).
  void notify();
  Stats stats() const;

 private:
  struct Worker;
  struct Leased;
  Dispatcher(store::Database& db, store::Writer& writer, const Clock& clock, Options options,
             ProviderFactory factory);
  void loop();
  Result<std::vector<Leased>> lease_round();
  Status record_round(std::vector<Leased>& batch);
  void send_all(std::vector<Leased>& batch);

  store::Database& db_;
  store::Writer& writer_;
  const Clock& clock_;
  Options options_;
  ProviderFactory factory_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex round_mu_;  // one round at a time

  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  bool stopping_ = false;
  std::thread thread_;

  std::atomic<int64_t> sent_{0}, retried_{0}, failed_{0}, dead_{0}, suppressed_{0}, deferred_{0};
};

}  // namespace guanxi::outbox
