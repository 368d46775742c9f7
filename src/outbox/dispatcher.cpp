#include "outbox/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <random>

#include "domain/shops.hpp"
#include "outbox/guardrails.hpp"
#include "outbox/settings.hpp"
#include "store/change_feed.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::outbox {

using std::chrono::milliseconds;

struct Dispatcher::Leased {
  store::MessageRecord rec;
  std::shared_ptr<const Json> config;  // the provider config of (shop, channel)
  std::string public_url;
  channel::SendResult result;
  std::string provider_kind;
};

namespace {

// A token bucket shared by every sending thread for one (shop, channel).
class RateLimiter {
 public:
  void wait(int64_t shop, std::string_view channel, double rate) {
    if (rate <= 0) return;
    std::unique_lock lock(mu_);
    auto& b = buckets_[{shop, std::string(channel)}];
    const auto now = std::chrono::steady_clock::now();
    if (b.last.time_since_epoch().count() == 0) {
      b.last = now;
      b.tokens = rate;  // a one-second burst
    }
    for (;;) {
      const auto t = std::chrono::steady_clock::now();
      b.tokens =
          std::min(rate, b.tokens + std::chrono::duration<double>(t - b.last).count() * rate);
      b.last = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      const double wait_s = (1 - b.tokens) / rate;
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
      lock.lock();
    }
  }

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last{};
  };
  std::mutex mu_;
  std::map<std::pair<int64_t, std::string>, Bucket> buckets_;
};

RateLimiter& rate_limiter() {
  static RateLimiter r;
  return r;
}

}  // namespace

// A sending thread with its own providers (their connections stay open).
struct Dispatcher::Worker {
  struct Cached {
    std::string config_text;
    std::unique_ptr<channel::Provider> provider;
  };
  std::map<std::pair<int64_t, std::string>, Cached> providers;

  channel::SendResult send(Dispatcher& d, Leased& item) {
    const auto& rec = item.rec;
    if (!item.config)
      return channel::SendResult::permanent("no provider configured for " + rec.channel);
    const Json config = provider_config(*item.config, rec.channel);
    double rate = 0;
    if (const auto it = item.config->find("rate_per_second");
        it != item.config->end() && it->is_number())
      rate = it->get<double>();
    const std::string text = config.dump();
    auto& slot = providers[{rec.shop_id, rec.channel}];
    if (!slot.provider || slot.config_text != text) {
      auto made = d.factory_ ? d.factory_(rec.shop_id, rec.channel, config)
                             : channel::make_provider(config);
      // A provider that cannot be built is the shop's configuration, not the
      // message: retried (with backoff), so fixing the settings lets it go.
      if (!made.ok()) return channel::SendResult::retry("provider: " + made.status().message());
      slot.provider = std::move(made).value();
      slot.config_text = text;
    }
    item.provider_kind = std::string(slot.provider->kind());
    auto ch = channel::parse_channel(rec.channel);
    if (!ch.ok()) return channel::SendResult::permanent(ch.status().message());
    channel::OutboundMessage m;
    m.id = rec.id;
    m.idempotency_key = rec.idempotency_key;
    m.channel = *ch;
    m.to = rec.to_address;
    m.subject = rec.subject;
    m.body = rec.body;
    m.template_code = rec.provider_template;
    auto params = parse_json(rec.params);
    if (params.ok()) m.params = std::move(params).value();
    if (rec.channel == "email")
      m.unsubscribe_url = item.public_url + "/api/v1/unsubscribe/" + rec.idempotency_key;
    rate_limiter().wait(rec.shop_id, rec.channel, rate);
    return slot.provider->send(m);
  }
};

Dispatcher::Dispatcher(store::Database& db, store::Writer& writer, const Clock& clock,
                       Options options, ProviderFactory factory)
    : db_(db), writer_(writer), clock_(clock), options_(options), factory_(std::move(factory)) {
  for (int i = 0; i < std::max(1, options_.threads); ++i)
    workers_.push_back(std::make_unique<Worker>());
}

Result<std::unique_ptr<Dispatcher>> Dispatcher::start(store::Database& db, store::Writer& writer,
                                                      const Clock& clock, Options options,
                                                      ProviderFactory factory) {
  std::unique_ptr<Dispatcher> d(new Dispatcher(db, writer, clock, options, std::move(factory)));
  int64_t requeued = 0;
  if (Status job_status = writer.run([&](store::Connection& c) -> Status {
        GX_ASSIGN_OR_RETURN(requeued, store::requeue_all_leases(c));
        return Status::ok();
      });
      !job_status.is_ok())
    return job_status;
  if (requeued > 0)
    spdlog::info("dispatcher: {} messages left sending were queued again", requeued);
  if (options.background) d->thread_ = std::thread([p = d.get()] { p->loop(); });
  return d;
}

Dispatcher::~Dispatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::notify() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

Dispatcher::Stats Dispatcher::stats() const {
  return Stats{sent_.load(), retried_.load(),    failed_.load(),
               dead_.load(), suppressed_.load(), deferred_.load()};
}

void Dispatcher::loop() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto n = dispatch_once();
    if (!n.ok()) spdlog::error("dispatcher: {}", n.status().to_string());
    if (n.ok() && *n > 0) continue;  // more may be due
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.poll, [&] { return stopping_ || wake_; });
    wake_ = false;
    if (stopping_) return;
  }
}

Result<int64_t> Dispatcher::dispatch_once() {
  std::lock_guard round(round_mu_);
  GX_ASSIGN_OR_RETURN(auto batch, lease_round());
  if (batch.empty()) return int64_t{0};
  send_all(batch);
  GX_RETURN_IF_ERROR(record_round(batch));
  return static_cast<int64_t>(batch.size());
}

Result<std::vector<Dispatcher::Leased>> Dispatcher::lease_round() {
  std::vector<Leased> out;
  const Timestamp now = clock_.now();
  const int64_t now_ms = to_millis(now);
  if (Status job_status = writer_.run([&](store::Connection& c) -> Status {
        out.clear();
        GX_RETURN_IF_ERROR(store::requeue_expired_leases(c, now_ms).status());
        GX_ASSIGN_OR_RETURN(auto due, store::due_messages(c, now_ms, options_.batch));
        struct ShopInfo {
          CareSettings settings;
          ShopZone zone = ShopZone::shanghai();
          std::map<std::string, std::shared_ptr<const Json>> configs;
        };
        std::map<int64_t, ShopInfo> shops;
        std::vector<int64_t> lease_ids;
        for (auto& rec : due) {
          auto it = shops.find(rec.shop_id);
          if (it == shops.end()) {
            ShopInfo info;
            GX_ASSIGN_OR_RETURN(info.settings, load_care_settings(c, rec.shop_id));
            GX_ASSIGN_OR_RETURN(auto shop, domain::find_shop(c, rec.shop_id));
            if (shop) {
              auto zone = ShopZone::load(shop->time_zone);
              if (zone.ok()) info.zone = *zone;
            }
            for (const auto& [ch, config] : info.settings.providers.items())
              info.configs[ch] = std::make_shared<const Json>(config);
            it = shops.emplace(rec.shop_id, std::move(info)).first;
          }
          const ShopInfo& info = it->second;
          if (rec.customer_id) {
            GuardrailInput in;
            in.shop_id = rec.shop_id;
            in.customer_id = *rec.customer_id;
            in.channel = rec.channel;
            in.klass = rec.klass;
            in.template_id = rec.template_id;
            in.due = now;
            GX_ASSIGN_OR_RETURN(auto d, check_guardrails(c, info.settings, info.zone, in,
                                                         GuardrailStage::kDispatch));
            if (!d.allowed()) {
              GX_RETURN_IF_ERROR(
                  store::mark_message_final(c, rec.id, "suppressed", d.reason, now_ms));
              ++suppressed_;
              continue;
            }
            if (d.due > now) {
              GX_RETURN_IF_ERROR(store::mark_message_deferred(c, rec.id, to_millis(d.due)));
              ++deferred_;
              continue;
            }
          }
          Leased l;
          auto cfg = info.configs.find(rec.channel);
          if (cfg != info.configs.end()) l.config = cfg->second;
          l.public_url = info.settings.public_url;
          lease_ids.push_back(rec.id);
          l.rec = std::move(rec);
          out.push_back(std::move(l));
        }
        return store::lease_messages(c, lease_ids, now_ms + options_.lease.count());
      });
      !job_status.is_ok())
    return job_status;
  for (auto& l : out) l.rec.attempts += 1;
  return out;
}

void Dispatcher::send_all(std::vector<Leased>& batch) {
  std::atomic<size_t> next{0};
  auto work = [&](Worker& w) {
    for (size_t i = next++; i < batch.size(); i = next++) batch[i].result = w.send(*this, batch[i]);
  };
  const size_t n = std::min(workers_.size(), batch.size());
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (size_t i = 1; i < n; ++i) threads.emplace_back(work, std::ref(*workers_[i]));
  work(*workers_[0]);
  for (auto& t : threads) t.join();
}

Status Dispatcher::record_round(std::vector<Leased>& batch) {
  const int64_t now_ms = to_millis(clock_.now());
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return writer_.run([&](store::Connection& c) -> Status {
    for (auto& l : batch) {
      const auto& rec = l.rec;
      const auto& r = l.result;
      store::ChangeRecord change;
      change.shop_id = rec.shop_id;
      change.customer_id = rec.customer_id;
      change.entity_id = rec.id;
      change.actor = "dispatcher";
      change.created_at = now_ms;
      switch (r.outcome) {
        case channel::SendResult::Outcome::kAccepted:
          GX_RETURN_IF_ERROR(
              store::mark_message_sent(c, rec.id, l.provider_kind, r.provider_message_id, now_ms));
          change.kind = "message_sent";
          change.payload = Json{{"channel", rec.channel},
                                {"source", rec.source},
                                {"source_id", rec.source_id ? Json(*rec.source_id) : Json()},
                                {"template_id", rec.template_id ? Json(*rec.template_id) : Json()}}
                               .dump();
          GX_RETURN_IF_ERROR(store::append_change(c, change).status());
          ++sent_;
          break;
        case channel::SendResult::Outcome::kRetry: {
          if (rec.attempts >= options_.max_attempts) {
            GX_RETURN_IF_ERROR(store::mark_message_final(c, rec.id, "dead", r.error, now_ms));
            change.kind = "message_failed";
            change.payload =
                Json{{"channel", rec.channel}, {"error", r.error}, {"dead", true}}.dump();
            GX_RETURN_IF_ERROR(store::append_change(c, change).status());
            ++dead_;
            break;
          }
          int64_t delay = options_.backoff_base.count();
          for (int64_t i = 1; i < rec.attempts && delay < options_.backoff_cap.count(); ++i)
            delay *= 2;
          delay = std::min(delay, options_.backoff_cap.count());
          delay += static_cast<int64_t>(rng() % static_cast<uint64_t>(delay / 4 + 1));  // jitter
          if (r.retry_after) delay = std::max(delay, static_cast<int64_t>(r.retry_after->count()));
          GX_RETURN_IF_ERROR(store::mark_message_retry(c, rec.id, r.error, now_ms + delay));
          ++retried_;
          break;
        }
        case channel::SendResult::Outcome::kPermanent:
          GX_RETURN_IF_ERROR(store::mark_message_final(c, rec.id, "failed", r.error, now_ms));
          change.kind = "message_failed";
          change.payload = Json{{"channel", rec.channel}, {"error", r.error}}.dump();
          GX_RETURN_IF_ERROR(store::append_change(c, change).status());
          ++failed_;
          break;
      }
    }
    return Status::ok();
  });
}

}  // namespace guanxi::outbox
