// Message templates as records: validated on save (channel, class, mustache
// syntax, only known variables, SMS length), previewed per customer.
#pragma once

#include <optional>
#include <string>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::outbox {

struct TemplateInput {
  std::string name;
  std::string channel;  // sms | email | wechat | webhook
  std::string klass;    // marketing | care
  std::string subject;
  std::string body;
  std::string provider_template;
  Json params = Json::object();
};
// Reads {"name","channel","class","subject","body","provider_template","params"}; errors name the
// field.
Result<TemplateInput> template_input_from_json(const Json& json);
Result<store::TemplateRecord> create_template(domain::WriteContext& w, const TemplateInput& in);
Result<store::TemplateRecord> update_template(domain::WriteContext& w, int64_t id,
                                              const TemplateInput& in);
// The record plus, for SMS, its length: {"characters","segments","encoding"}.
Json render_template_record(const store::TemplateRecord& t);
// The template rendered for one customer (nothing is sent).
Result<Json> preview_template(domain::ReadContext& r, const store::TemplateRecord& t,
                              int64_t customer, const Json& extra_vars);
// SMS length facts of a text: {"characters","encoding","segments","units_per_segment"}.
Json sms_length_json(std::string_view text);

}  // namespace guanxi::outbox
