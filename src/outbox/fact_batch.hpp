// The facts the guardrails and templates ask about a customer (address,
// suppression, consent, messages in the cap window, name/tier/points),
// prefetched for a batch of customers with one range scan per kind instead of
// a handful of point queries per customer. The journey engine builds one when
// a batch is dense in the id space (a holiday or a big birthday day for a
// whole shop); sparse batches keep asking the store per customer.
//
// A batch lives inside the one transaction that uses it. It sees the messages
// enqueued through it (note_enqueued), so caps and dedupe hold within the
// batch too; a write the batch cannot see (points added by a journey step)
// must forget() the customer, who then falls back to the store.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "store/database.hpp"

namespace guanxi::outbox {

class FactBatch {
 public:
  struct Sent {
    std::string channel;
    std::string klass;
    std::optional<int64_t> template_id;
    int64_t due_at = 0;
  };
  struct Facts {
    bool live = false;
    std::string name;
    std::string tier;
    int64_t points = 0;
    std::array<std::string, 3> consent;     // per kChannels
    std::array<std::string, 3> address;     // first identity of the channel's type
    std::array<bool, 3> suppressed{};       // the address is suppressed on the channel
    std::vector<Sent> sent;                 // live messages due in the batch's window
    std::optional<int64_t> last_run_start;  // of `journey` (load)
    std::vector<std::string> occurrences;   // every occurrence `journey` has a run for
    bool entered(std::string_view occurrence) const;
  };

  // The channels with addresses, in the index order of Facts' arrays.
  static constexpr std::array<std::string_view, 3> kChannels = {"sms", "email", "wechat"};
  static int channel_index(std::string_view channel);  // -1 for others (webhook)

  // Loads the facts of `customers` (any order) for messages due in
  // [due_from, due_until] (the caller widens it by the longest cap/dedupe
  // window), and the last run start of `journey` when given.
  static Result<FactBatch> load(store::Connection& db, int64_t shop,
                                std::span<const int64_t> customers, int64_t due_from,
                                int64_t due_until, std::optional<int64_t> journey);

  // Whether the customers are dense enough in the id space for range scans to
  // beat point queries (more than one in eight ids of their span).
  static bool worth_loading(std::span<const int64_t> customers);

  // The customer's facts, or null when not in the batch (or forgotten).
  const Facts* find(int64_t customer) const;
  // Whether the history covers messages due in [from, until].
  bool covers(int64_t from, int64_t until) const { return from >= from_ && until <= until_; }
  bool has_journey(int64_t journey) const { return journey_ && *journey_ == journey; }

  void note_enqueued(int64_t customer, std::string_view channel, std::string_view klass,
                     std::optional<int64_t> template_id, int64_t due_at);
  // A run of the batch's journey started for the customer (re-entry checks see it).
  void note_run(int64_t customer, std::string_view occurrence, int64_t started);
  void forget(int64_t customer);

 private:
  int64_t shop_ = 0;
  int64_t from_ = 0;
  int64_t until_ = 0;
  std::optional<int64_t> journey_;
  std::unordered_map<int64_t, Facts> facts_;
};

}  // namespace guanxi::outbox
