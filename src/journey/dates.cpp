#include "journey/dates.hpp"

#include <fmt/format.h>

#include <map>

#include "calendar/holiday.hpp"
#include "calendar/holiday_json.hpp"
#include "calendar/lunar.hpp"
#include "store/care_scan.hpp"
#include "store/settings_table.hpp"

namespace guanxi::journey {

namespace {

using date::days;
using date::sys_days;

sys_days to_sys(LocalDays d) {
  return sys_days{days{static_cast<int>(d.time_since_epoch().count())}};
}

std::string day_text(sys_days d) {
  return date::format("%F", d);
}

std::string mmdd(unsigned m, unsigned d) {
  return fmt::format("{:02}-{:02}", m, d);
}

// "MM-DD" keys whose solar anniversaries fall on `d` (02-29 joins 02-28 in common years).
std::vector<std::string> solar_keys(sys_days d) {
  const date::year_month_day ymd{d};
  const auto m = static_cast<unsigned>(ymd.month());
  const auto dd = static_cast<unsigned>(ymd.day());
  std::vector<std::string> keys{mmdd(m, dd)};
  if (m == 2 && dd == 28 && !ymd.year().is_leap()) keys.push_back("02-29");
  return keys;
}

// Lunar "MM-DD" keys celebrated on `d`: the regular month only; day 30 joins
// day 29 when the month has 29 days.
std::vector<std::string> lunar_keys(sys_days d) {
  std::vector<std::string> keys;
  auto l = calendar::to_lunar(d);
  if (!l || l->leap) return keys;
  keys.push_back(mmdd(l->month, l->day));
  if (l->day == 29 && calendar::lunar_month_days(l->year, l->month, false) == 29)
    keys.push_back(mmdd(l->month, 30));
  return keys;
}

}  // namespace

Result<Json> shop_holidays_json(store::Connection& db, int64_t shop) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_shop_setting(db, shop, "holidays"));
  if (!rec) return Json::array();
  return parse_json(rec->value);
}

Result<std::vector<DateCandidate>> date_candidates(store::Connection& db, const domain::Shop& shop,
                                                   const ShopZone& zone, const LoadedJourney& j,
                                                   int64_t day) {
  const Trigger& t = j.def.trigger;
  std::vector<DateCandidate> out;
  const sys_days local{days(static_cast<int>(day))};
  switch (t.type) {
    case TriggerType::kEvent:
      return out;
    case TriggerType::kDate: {
      const sys_days event_day = local + days(t.days_before);
      const std::string event_text = day_text(event_day);
      switch (t.date) {
        case DateKind::kBirthday: {
          const auto solar = solar_keys(event_day);
          const auto lunar = lunar_keys(event_day);
          const auto occ = std::make_shared<const DateOccurrence>(
              DateOccurrence{"birthday:" + event_text, Json{{"birthday", event_text}}});
          auto add = [&](int64_t c) { out.push_back({c, occ}); };
          GX_RETURN_IF_ERROR(store::scan_birthdays(db, shop.id, false, solar, add));
          GX_RETURN_IF_ERROR(store::scan_birthdays(db, shop.id, true, lunar, add));
          break;
        }
        case DateKind::kSignupAnniversary:
        case DateKind::kFirstPurchaseAnniversary: {
          const date::year_month_day target{event_day};
          const auto keys = solar_keys(event_day);
          const bool signup = t.date == DateKind::kSignupAnniversary;
          std::map<int, std::shared_ptr<const DateOccurrence>> by_years;
          auto consider = [&](int64_t c, int64_t at_ms) {
            const date::year_month_day ymd{to_sys(zone.local_day(from_millis(at_ms)))};
            if (ymd.year() >= target.year()) return;
            const std::string k =
                mmdd(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) return;
            const int years = static_cast<int>(target.year()) - static_cast<int>(ymd.year());
            auto& occ = by_years[years];
            if (!occ) {
              occ = std::make_shared<const DateOccurrence>(
                  DateOccurrence{fmt::format("{}:{}", signup ? "signup" : "first_purchase",
                                             static_cast<int>(target.year())),
                                 Json{{"anniversary_years", years}}});
            }
            out.push_back({c, occ});
          };
          if (signup) {
            GX_RETURN_IF_ERROR(store::scan_signups(db, shop.id, consider));
          } else {
            GX_RETURN_IF_ERROR(store::scan_purchase_span(
                db, shop.id, [&](int64_t c, int64_t first, int64_t) { consider(c, first); }));
          }
          break;
        }
        case DateKind::kHoliday: {
          GX_ASSIGN_OR_RETURN(Json extra_json, shop_holidays_json(db, shop.id));
          GX_ASSIGN_OR_RETURN(auto extra, calendar::holidays_from_json(extra_json));
          const calendar::HolidayDef* h = calendar::find_holiday(t.holiday, extra);
          if (h == nullptr) return out;  // deleted shop date: nothing to celebrate
          const auto year = static_cast<int>(date::year_month_day{event_day}.year());
          const auto occ = calendar::occurrences_in_year(*h, year);
          if (std::find(occ.begin(), occ.end(), event_day) == occ.end()) return out;
          const auto holiday = std::make_shared<const DateOccurrence>(DateOccurrence{
              "holiday:" + h->key + ":" + event_text, Json{{"holiday",
                                                            {{"key", h->key},
                                                             {"name", h->name_zh},
                                                             {"name_en", h->name_en},
                                                             {"date", event_text}}}}});
          GX_RETURN_IF_ERROR(store::scan_live_customers(db, shop.id, [&](int64_t c) {
            out.push_back({c, holiday});
          }));
          break;
        }
      }
      return out;
    }
    case TriggerType::kReplenishment: {
      GX_RETURN_IF_ERROR(
          store::scan_cycle_purchases(db, shop.id, [&](const store::ProductPurchase& p) {
            const sys_days bought = to_sys(zone.local_day(from_millis(p.last_ms)));
            const sys_days runs_out =
                bought + days(static_cast<int>(p.cycle_days * std::max<int64_t>(1, p.quantity)));
            if (runs_out - days(t.lead_days) != local) return;
            const std::string out_text = day_text(runs_out);
            out.push_back(
                {p.customer,
                 std::make_shared<const DateOccurrence>(DateOccurrence{
                     "replenish:" + std::string(p.sku) + ":" + out_text,
                     Json{{"product",
                           {{"sku", p.sku}, {"name", p.name}, {"runs_out", out_text}}}}})});
          }));
      return out;
    }
    case TriggerType::kInactivity: {
      const sys_days last_day = local - days(t.days);
      const std::string last_text = day_text(last_day);
      const auto inactive = std::make_shared<const DateOccurrence>(DateOccurrence{
          "inactive:" + last_text, Json{{"last_purchase", last_text}, {"days", t.days}}});
      GX_RETURN_IF_ERROR(
          store::scan_purchase_span(db, shop.id, [&](int64_t c, int64_t, int64_t last) {
            if (to_sys(zone.local_day(from_millis(last))) != last_day) return;
            out.push_back({c, inactive});
          }));
      return out;
    }
  }
  return out;
}

}  // namespace guanxi::journey
