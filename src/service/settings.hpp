// The service desk's configuration: the shop setting 'service' (JSON),
// validated when loaded or saved; errors name the member as a JSON pointer
// ("/sla/high/first_response_minutes").
//
// JSON form (every member optional; an absent one takes the default):
//   {"business_hours": {"schedule": {"mon": [{"open": "09:00", "close": "18:00"}], …}},
//                                     // default Mon-Fri 09:00-18:00 (business_hours_json.hpp)
//    "ticket_types": ["complaint", "inquiry", "after_sales", "suggestion"],
//    "channels": ["phone", "chat", "email", "wechat", "platform", "visit"],
//    "categories": [],                // allowed categories; empty: any text
//    "skills": {"complaint": "complaints", "after_sales": "after_sales", "*": "general"},
//                                     // ticket type -> the skill group that takes it
//    "sla": {"urgent": {"first_response_minutes": 30, "resolution_minutes": 240},
//            "high":   {"first_response_minutes": 60, "resolution_minutes": 480},
//            "normal": {"first_response_minutes": 240, "resolution_minutes": 960},
//            "low":    {"first_response_minutes": 480, "resolution_minutes": 2400}},
//                                     // business minutes; a priority left out has no SLA
//    "sla_warning": {"percent": 20, "minutes": 30},
//    "priority_raise": {"tiers": ["VIP会员", "至尊VIP会员"], "min_revenue": 1000000,
//                       "to": "high"},  // raise to at least `to` (min_revenue: minor units of
//                                       // lifetime net purchases; null = off)
//    "fcr_window_days": 7,            // a reopen within it breaks first-contact resolution
//    "closing_requires_resolved": true,
//    "auto_assign": true,
//    "csat": {"enabled": true, "channel": "sms", "template": "",
//             "text": "{{shop.name}}：您的问题已处理，请为本次服务打分(1-5)：{{csat.url}}"}}
//                                     // template: a message template's name (else `text`)
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calendar/business_hours.hpp"
#include "calendar/business_hours_sla.hpp"
#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"

namespace guanxi::service {

struct SlaTarget {
  std::chrono::minutes first_response{0};
  std::chrono::minutes resolution{0};
  bool operator==(const SlaTarget&) const = default;
};

struct CsatSettings {
  bool enabled = true;
  std::string channel = "sms";
  std::string template_name;
  std::string text = "{{shop.name}}：您的问题已处理，请为本次服务打分(1-5)：{{csat.url}}";
  bool operator==(const CsatSettings&) const = default;
};

struct ServiceSettings {
  calendar::BusinessHours business_hours;
  std::vector<std::string> ticket_types;
  std::vector<std::string> channels;
  std::vector<std::string> categories;
  std::map<std::string, std::string> skills;
  std::map<std::string, SlaTarget> sla;  // by priority name
  calendar::SlaWarning sla_warning;
  std::vector<std::string> raise_tiers;
  std::optional<int64_t> raise_min_revenue;
  std::string raise_to = "high";
  int fcr_window_days = 7;
  bool closing_requires_resolved = true;
  bool auto_assign = true;
  CsatSettings csat;
  bool operator==(const ServiceSettings&) const = default;

  // The skill group of a ticket type: skills[type], else skills["*"], else "".
  std::string skill_for(const std::string& type) const;
};

// The documented defaults.
ServiceSettings default_service_settings();
// Parses and validates; absent members take the defaults.
Result<ServiceSettings> service_settings_from_json(const Json& json);
Json service_settings_to_json(const ServiceSettings& s);

// The shop's settings (the defaults when none were saved).
Result<ServiceSettings> load_service_settings(store::Connection& db, int64_t shop);
// Stores the settings and appends `settings_updated` {"key": "service"}.
Status save_service_settings(domain::WriteContext& ctx, const ServiceSettings& s);

}  // namespace guanxi::service
