#include "outbox/templates.hpp"

#include "channel/message_template.hpp"
#include "channel/sms_length.hpp"
#include "outbox/outbox.hpp"

namespace guanxi::outbox {

namespace {

// invalid_argument at the member, whose name also starts the message ("body: ..."):
// the template editor shows it beside the text it concerns.
Status template_error(const std::string& field, const std::string& message) {
  return Status::invalid_field(field, field + ": " + message);
}

const std::set<std::string, std::less<>>& allowed_vars() {
  static const std::set<std::string, std::less<>> s = [] {
    std::set<std::string, std::less<>> v(template_variables().begin(), template_variables().end());
    for (const auto& x : channel::standard_template_variables()) v.insert(x);
    for (const char* x : {"coupon.expires_at", "order.id", "product.runs_out", "birthday",
                          "anniversary_years", "holiday.date", "last_purchase", "days"})
      v.insert(x);
    return v;
  }();
  return s;
}

Status validate(const TemplateInput& in) {
  if (in.name.empty() || in.name.size() > 100) return template_error("name", "must be 1-100 bytes");
  if (in.channel != "sms" && in.channel != "email" && in.channel != "wechat" &&
      in.channel != "webhook")
    return template_error("channel", "must be sms, email, wechat or webhook");
  if (in.klass != "marketing" && in.klass != "care")
    return template_error("class", "must be marketing or care");
  if (in.body.empty() || in.body.size() > 20000)
    return template_error("body", "must be 1-20000 bytes");
  if (in.channel == "email" && in.subject.empty())
    return template_error("subject", "an email template needs a subject");
  if (Status s = channel::check_template(in.body, allowed_vars()); !s.is_ok())
    return template_error("body", s.message());
  if (Status s = channel::check_template(in.subject, allowed_vars()); !s.is_ok())
    return template_error("subject", s.message());
  if (!in.params.is_object()) return template_error("params", "must be an object of texts");
  for (const auto& [k, v] : in.params.items()) {
    if (!v.is_string()) return template_error("params/" + k, "must be a text");
    if (Status s = channel::check_template(v.get<std::string>(), allowed_vars()); !s.is_ok())
      return template_error("params/" + k, s.message());
  }
  if (in.channel == "sms" && channel::sms_length(in.body).segments > 10)
    return template_error("body", "an SMS longer than 10 segments is refused");
  return Status::ok();
}

}  // namespace

Json sms_length_json(std::string_view text) {
  const auto l = channel::sms_length(text);
  return Json{{"characters", l.characters},
              {"encoding", l.encoding == channel::SmsEncoding::kGsm7 ? "gsm7" : "ucs2"},
              {"segments", l.segments},
              {"units_per_segment", l.units_per_segment}};
}

Result<TemplateInput> template_input_from_json(const Json& json) {
  if (!json.is_object()) return Status::invalid("a template is a JSON object");
  JsonFields f(json);
  TemplateInput in;
  in.name = f.string("name", JsonFields::Need::kRequired).value_or("");
  in.channel = f.string("channel", JsonFields::Need::kRequired).value_or("");
  in.klass = f.string("class").value_or("care");
  in.subject = f.string("subject").value_or("");
  in.body = f.string("body", JsonFields::Need::kRequired).value_or("");
  in.provider_template = f.string("provider_template").value_or("");
  if (const Json* p = f.object("params")) in.params = *p;
  for (const char* k : {"id", "created_at", "updated_at", "sms"}) f.allow(k);
  GX_RETURN_IF_ERROR(f.finish());
  GX_RETURN_IF_ERROR(validate(in));
  return in;
}

Result<store::TemplateRecord> create_template(domain::WriteContext& w, const TemplateInput& in) {
  GX_RETURN_IF_ERROR(validate(in));
  GX_ASSIGN_OR_RETURN(auto existing, store::find_template_by_name(w.db, w.shop.id, in.name));
  if (existing) return Status::conflict("a template named '" + in.name + "' exists");
  store::TemplateRecord t;
  t.shop_id = w.shop.id;
  t.name = in.name;
  t.channel = in.channel;
  t.klass = in.klass;
  t.subject = in.subject;
  t.body = in.body;
  t.provider_template = in.provider_template;
  t.params = in.params.dump();
  t.created_at = to_millis(w.clock.now());
  t.updated_at = t.created_at;
  GX_ASSIGN_OR_RETURN(t.id, store::insert_template(w.db, t));
  return t;
}

Result<store::TemplateRecord> update_template(domain::WriteContext& w, int64_t id,
                                              const TemplateInput& in) {
  GX_RETURN_IF_ERROR(validate(in));
  GX_ASSIGN_OR_RETURN(auto t, store::find_template(w.db, w.shop.id, id));
  if (!t) return Status::not_found("template " + std::to_string(id) + " does not exist");
  GX_ASSIGN_OR_RETURN(auto other, store::find_template_by_name(w.db, w.shop.id, in.name));
  if (other && other->id != id)
    return Status::conflict("a template named '" + in.name + "' exists");
  t->name = in.name;
  t->channel = in.channel;
  t->klass = in.klass;
  t->subject = in.subject;
  t->body = in.body;
  t->provider_template = in.provider_template;
  t->params = in.params.dump();
  t->updated_at = to_millis(w.clock.now());
  GX_RETURN_IF_ERROR(store::update_template(w.db, *t));
  return *t;
}

Json render_template_record(const store::TemplateRecord& t) {
  auto params = parse_json(t.params);
  Json j{{"id", t.id},
         {"name", t.name},
         {"channel", t.channel},
         {"class", t.klass},
         {"subject", t.subject},
         {"body", t.body},
         {"provider_template", t.provider_template},
         {"params", params.ok() ? *params : Json::object()},
         {"created_at", t.created_at},
         {"updated_at", t.updated_at}};
  if (t.channel == "sms") j["sms"] = sms_length_json(t.body);
  return j;
}

Result<Json> preview_template(domain::ReadContext& r, const store::TemplateRecord& t,
                              int64_t customer, const Json& extra_vars) {
  GX_ASSIGN_OR_RETURN(Json vars,
                      customer_template_vars(r.db, r.shop, customer, uses_recommendation(t)));
  for (const auto& [k, v] : extra_vars.items()) vars[k] = v;
  vars["unsubscribe_url"] = "https://example.invalid/unsubscribe";
  GX_ASSIGN_OR_RETURN(auto body, render_text(t.body, vars));
  GX_ASSIGN_OR_RETURN(auto subject, render_text(t.subject, vars));
  Json out{{"subject", subject}, {"body", body}, {"variables", vars}};
  if (t.channel == "sms") out["sms"] = sms_length_json(body);
  return out;
}

}  // namespace guanxi::outbox
