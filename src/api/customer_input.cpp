// Readers of customer and note bodies (see inputs.hpp).
#include "api/input_fields.hpp"
#include "api/inputs.hpp"

namespace guanxi::api {

namespace {

using detail::id_member;
using detail::parsed_member;
using detail::time_member;
using Need = JsonFields::Need;

constexpr size_t kMaxIdentities = 50;

// A text member; in a patch, null clears it (the empty string).
std::optional<std::string> text_member(JsonFields& f, std::string_view key, bool null_clears) {
  if (null_clears && f.is_null(key)) {
    f.allow(key);
    return std::string();
  }
  return f.string(key);
}

// Members that have no "empty" value to clear to.
void reject_null(JsonFields& f, std::string_view key) {
  if (f.is_null(key)) f.fail(key, "'" + std::string(key) + "' cannot be cleared");
}

Status read_identities(const Json& array, const std::string& pointer,
                       std::vector<domain::IdentityInput>& out) {
  if (array.size() > kMaxIdentities) {
    Location loc;
    loc.field = pointer;
    return Status::invalid("at most " + std::to_string(kMaxIdentities) + " identities per request",
                           loc);
  }
  for (size_t i = 0; i < array.size(); ++i) {
    JsonFields f(array[i], pointer + "/" + std::to_string(i));
    const auto type = parsed_member<domain::IdentityType>(
        f, "type", [](std::string_view t) { return domain::parse_identity_type(t); },
        Need::kRequired);
    const auto value = f.string("value", Need::kRequired);
    GX_RETURN_IF_ERROR(f.finish());
    out.push_back({*type, *value});
  }
  return Status::ok();
}

Status read_consent(const Json& object, const std::string& pointer, domain::CustomerInput& in,
                    bool null_clears) {
  JsonFields f(object, pointer);
  const auto channel = [&](std::string_view key, std::optional<domain::Consent>& out) {
    if (null_clears && f.is_null(key)) {
      f.allow(key);
      out = domain::Consent::kUnknown;
      return;
    }
    out = parsed_member<domain::Consent>(
        f, key, [](std::string_view t) { return domain::parse_consent(t); });
  };
  channel("sms", in.consent_sms);
  channel("email", in.consent_email);
  channel("wechat", in.consent_wechat);
  return f.finish();
}

}  // namespace

Result<domain::CustomerInput> read_customer_input(const Json& body, const std::string& pointer,
                                                  CustomerBody kind) {
  const bool patch = kind == CustomerBody::kPatch;
  domain::CustomerInput in;
  JsonFields f(body, pointer);

  in.name = text_member(f, "name", patch);
  if (patch && f.is_null("gender")) {
    f.allow("gender");
    in.gender = domain::Gender::kUnknown;
  } else {
    in.gender = parsed_member<domain::Gender>(
        f, "gender", [](std::string_view t) { return domain::parse_gender(t); });
  }
  in.province = text_member(f, "province", patch);
  in.city = text_member(f, "city", patch);
  in.source_channel = text_member(f, "source_channel", patch);

  if (patch) {
    for (const char* key : {"birthday", "signup_at", "owner_user_id", "csr_user_id", "attributes"})
      reject_null(f, key);
  }
  const auto lunar = f.boolean("birthday_lunar");
  in.birthday = parsed_member<domain::Birthday>(f, "birthday", [&](std::string_view t) {
    return domain::parse_birthday(t, lunar.value_or(false));
  });
  if (lunar && !in.birthday) f.fail("birthday_lunar", "'birthday_lunar' needs 'birthday'");
  in.signup_at = time_member(f, "signup_at");
  in.owner_user_id = id_member(f, "owner_user_id");
  in.csr_user_id = id_member(f, "csr_user_id");

  if (const Json* consent = f.object("consent")) {
    GX_RETURN_IF_ERROR(read_consent(*consent, f.pointer_of("consent"), in, patch));
  }
  if (const Json* attributes = f.object("attributes")) in.attributes = *attributes;
  if (const Json* identities = f.array("identities")) {
    GX_RETURN_IF_ERROR(f.finish());
    GX_RETURN_IF_ERROR(read_identities(*identities, f.pointer_of("identities"), in.identities));
  }
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

void read_note_members(JsonFields& f, domain::NoteInput& in, Need type_need) {
  if (auto type = parsed_member<domain::NoteType>(
          f, "type", [](std::string_view t) { return domain::parse_note_type(t); }, type_need)) {
    in.type = *type;
  }
  in.direction = f.string("direction").value_or("");
  in.author = f.string("author").value_or("");
  in.summary = f.string("summary", Need::kRequired).value_or("");
  in.occurred_at = time_member(f, "occurred_at");
}

Result<domain::NoteInput> read_note_input(const Json& body) {
  domain::NoteInput in;
  JsonFields f(body);
  read_note_members(f, in, Need::kOptional);
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

}  // namespace guanxi::api
