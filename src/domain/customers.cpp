#include "domain/customers.hpp"

#include <algorithm>
#include <set>

#include "domain/internal.hpp"
#include "domain/loyalty_internal.hpp"
#include "store/activity_table.hpp"
#include "store/customers_table.hpp"
#include "store/orders_table.hpp"
#include "store/service_table.hpp"

namespace guanxi::domain {

using internal::ProfileMode;

namespace {

// Normalizes and de-duplicates identities; errors name "/identities/N".
Result<std::vector<Identity>> normalize_all(const std::vector<IdentityInput>& inputs) {
  std::vector<Identity> out;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto n = normalize_identity(inputs[i]);
    if (!n.ok()) {
      Location loc;
      loc.field = "/identities/" + std::to_string(i);
      return n.status().with_location(loc);
    }
    if (std::find(out.begin(), out.end(), *n) == out.end()) out.push_back(std::move(*n));
  }
  return out;
}

Status validate_text(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    Location loc;
    loc.field = "/" + std::string(field);
    return Status::invalid(
        std::string(field) + " is longer than " + std::to_string(max_bytes) + " bytes", loc);
  }
  return Status::ok();
}

Status validate_profile(const CustomerInput& in) {
  if (in.name) GX_RETURN_IF_ERROR(validate_text("name", *in.name, 200));
  if (in.province) GX_RETURN_IF_ERROR(validate_text("province", *in.province, 100));
  if (in.city) GX_RETURN_IF_ERROR(validate_text("city", *in.city, 100));
  if (in.source_channel)
    GX_RETURN_IF_ERROR(validate_text("source_channel", *in.source_channel, 100));
  if (!in.attributes.is_object()) {
    Location loc;
    loc.field = "/attributes";
    return Status::invalid("attributes must be an object", loc);
  }
  if (in.attributes.dump().size() > 64 * 1024) {
    Location loc;
    loc.field = "/attributes";
    return Status::invalid("attributes are larger than 64 KiB", loc);
  }
  return Status::ok();
}

template <typename T>
void apply_field(T& target, const std::optional<T>& value, ProfileMode mode, bool target_empty,
                 bool& changed) {
  if (!value) return;
  if (mode == ProfileMode::kFillEmpty && !target_empty) return;
  if (target != *value) {
    target = *value;
    changed = true;
  }
}

// Applies the input's profile fields to a customer; returns whether anything changed.
bool apply_profile(Customer& c, const CustomerInput& in, ProfileMode mode) {
  bool changed = false;
  apply_field(c.name, in.name, mode, c.name.empty(), changed);
  apply_field(c.gender, in.gender, mode, c.gender == Gender::kUnknown, changed);
  if (in.birthday && (mode == ProfileMode::kOverwrite || !c.birthday) &&
      c.birthday != in.birthday) {
    c.birthday = in.birthday;
    changed = true;
  }
  apply_field(c.province, in.province, mode, c.province.empty(), changed);
  apply_field(c.city, in.city, mode, c.city.empty(), changed);
  if (in.signup_at && (mode == ProfileMode::kOverwrite || !c.signup_at) &&
      c.signup_at != in.signup_at) {
    c.signup_at = in.signup_at;
    changed = true;
  }
  apply_field(c.source_channel, in.source_channel, mode, c.source_channel.empty(), changed);
  if (in.owner_user_id && (mode == ProfileMode::kOverwrite || !c.owner_user_id) &&
      c.owner_user_id != in.owner_user_id) {
    c.owner_user_id = in.owner_user_id;
    changed = true;
  }
  if (in.csr_user_id && (mode == ProfileMode::kOverwrite || !c.csr_user_id) &&
      c.csr_user_id != in.csr_user_id) {
    c.csr_user_id = in.csr_user_id;
    changed = true;
  }
  apply_field(c.consent_sms, in.consent_sms, mode, c.consent_sms == Consent::kUnknown, changed);
  apply_field(c.consent_email, in.consent_email, mode, c.consent_email == Consent::kUnknown,
              changed);
  apply_field(c.consent_wechat, in.consent_wechat, mode, c.consent_wechat == Consent::kUnknown,
              changed);
  for (const auto& [key, value] : in.attributes.items()) {
    const bool present = c.attributes.contains(key);
    if (value.is_null()) {
      if (present && mode == ProfileMode::kOverwrite) {
        c.attributes.erase(key);
        changed = true;
      }
      continue;
    }
    if (mode == ProfileMode::kFillEmpty && present) continue;
    if (!present || c.attributes[key] != value) {
      c.attributes[key] = value;
      changed = true;
    }
  }
  return changed;
}

Result<Customer> load_live(store::Connection& db, ShopId shop, CustomerId id) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_customer(db, shop, id));
  if (!rec) return Status::not_found("customer " + std::to_string(id) + " does not exist");
  if (rec->merged_into) {
    return Status(ErrorCode::kConflict, "customer " + std::to_string(id) + " was merged into " +
                                            std::to_string(*rec->merged_into));
  }
  return internal::to_customer(*rec);
}

Result<CustomerId> insert_new_customer(WriteContext& ctx, const CustomerInput& input) {
  Customer c;
  c.shop_id = ctx.shop.id;
  c.created_at = c.updated_at = ctx.clock.now();
  apply_profile(c, input, ProfileMode::kOverwrite);
  if (!c.signup_at) c.signup_at = c.created_at;
  GX_ASSIGN_OR_RETURN(CustomerId id, store::insert_customer(ctx.db, internal::to_record(c)));
  GX_RETURN_IF_ERROR(internal::record_change(ctx, "customer_created", id, id));
  return id;
}

// Attaches the identities not yet owned by anyone (`owned[i]` false).
Status attach_identities(WriteContext& ctx, CustomerId customer,
                         const std::vector<Identity>& identities, const std::vector<bool>& owned) {
  for (size_t i = 0; i < identities.size(); ++i) {
    if (owned[i]) continue;
    const Identity& id = identities[i];
    GX_RETURN_IF_ERROR(store::insert_identity(
        ctx.db, ctx.shop.id,
        {std::string(identity_type_name(id.type)), id.value, customer, internal::now_ms(ctx)}));
    if (id.type == IdentityType::kAnonymousId) {
      GX_RETURN_IF_ERROR(
          store::attribute_anonymous_events(ctx.db, ctx.shop.id, id.value, customer));
    }
  }
  return Status::ok();
}

// Ranks consent so that an opt-out is never lost in a merge.
int consent_rank(Consent c) {
  switch (c) {
    case Consent::kDenied:
      return 2;
    case Consent::kGranted:
      return 1;
    case Consent::kUnknown:
      break;
  }
  return 0;
}

// Folds `loser` into `survivor` (both loaded), recording conflicts.
void merge_profiles(Customer& survivor, const Customer& loser, Json& conflicts) {
  const bool loser_newer = loser.updated_at > survivor.updated_at;
  auto note = [&](const char* field, const Json& kept, const Json& lost) {
    conflicts.push_back({{"customer", loser.id}, {"field", field}, {"kept", kept}, {"lost", lost}});
  };
  auto pick_text = [&](const char* field, std::string& s, const std::string& l) {
    if (l.empty() || l == s) return;
    if (s.empty()) {
      s = l;
    } else if (loser_newer) {
      note(field, l, s);
      s = l;
    } else {
      note(field, s, l);
    }
  };
  pick_text("name", survivor.name, loser.name);
  pick_text("province", survivor.province, loser.province);
  pick_text("city", survivor.city, loser.city);
  pick_text("source_channel", survivor.source_channel, loser.source_channel);
  if (loser.gender != Gender::kUnknown && loser.gender != survivor.gender) {
    if (survivor.gender == Gender::kUnknown) {
      survivor.gender = loser.gender;
    } else if (loser_newer) {
      note("gender", gender_name(loser.gender), gender_name(survivor.gender));
      survivor.gender = loser.gender;
    } else {
      note("gender", gender_name(survivor.gender), gender_name(loser.gender));
    }
  }
  if (loser.birthday && loser.birthday != survivor.birthday) {
    if (!survivor.birthday) {
      survivor.birthday = loser.birthday;
    } else if (loser_newer) {
      note("birthday", loser.birthday->to_string(), survivor.birthday->to_string());
      survivor.birthday = loser.birthday;
    } else {
      note("birthday", survivor.birthday->to_string(), loser.birthday->to_string());
    }
  }
  auto pick_id = [&](const char* field, std::optional<UserId>& s, const std::optional<UserId>& l) {
    if (!l || l == s) return;
    if (!s) {
      s = l;
    } else if (loser_newer) {
      note(field, *l, *s);
      s = l;
    } else {
      note(field, *s, *l);
    }
  };
  pick_id("owner_user_id", survivor.owner_user_id, loser.owner_user_id);
  pick_id("csr_user_id", survivor.csr_user_id, loser.csr_user_id);
  // The earliest sign-up is the true one.
  if (loser.signup_at && (!survivor.signup_at || *loser.signup_at < *survivor.signup_at)) {
    if (survivor.signup_at)
      note("signup_at", to_millis(*loser.signup_at), to_millis(*survivor.signup_at));
    survivor.signup_at = loser.signup_at;
  }
  auto pick_consent = [&](const char* field, Consent& s, Consent l) {
    if (consent_rank(l) > consent_rank(s)) {
      if (s != Consent::kUnknown) note(field, consent_name(l), consent_name(s));
      s = l;
    } else if (l != s && l != Consent::kUnknown) {
      note(field, consent_name(s), consent_name(l));
    }
  };
  pick_consent("consent_sms", survivor.consent_sms, loser.consent_sms);
  pick_consent("consent_email", survivor.consent_email, loser.consent_email);
  pick_consent("consent_wechat", survivor.consent_wechat, loser.consent_wechat);
  for (const auto& [key, value] : loser.attributes.items()) {
    if (!survivor.attributes.contains(key)) {
      survivor.attributes[key] = value;
    } else if (survivor.attributes[key] != value) {
      const std::string field = "attributes." + key;
      if (loser_newer) {
        note(field.c_str(), value, survivor.attributes[key]);
        survivor.attributes[key] = value;
      } else {
        note(field.c_str(), survivor.attributes[key], value);
      }
    }
  }
  survivor.updated_at = std::max(survivor.updated_at, loser.updated_at);
}

Status merge_one(WriteContext& ctx, Customer& survivor, CustomerId loser_id,
                 std::string_view reason, Json& conflicts) {
  GX_ASSIGN_OR_RETURN(Customer loser, load_live(ctx.db, ctx.shop.id, loser_id));
  Json these = Json::array();
  merge_profiles(survivor, loser, these);
  GX_RETURN_IF_ERROR(internal::keep_higher_tier(ctx, survivor, loser));
  GX_RETURN_IF_ERROR(store::move_identities(ctx.db, loser_id, survivor.id));
  GX_RETURN_IF_ERROR(store::move_orders(ctx.db, loser_id, survivor.id));
  GX_RETURN_IF_ERROR(store::move_notes(ctx.db, loser_id, survivor.id));
  GX_RETURN_IF_ERROR(store::move_tickets(ctx.db, loser_id, survivor.id));
  GX_RETURN_IF_ERROR(store::move_customer_tags(ctx.db, loser_id, survivor.id));
  GX_RETURN_IF_ERROR(store::move_events(ctx.db, loser_id, survivor.id));
  GX_RETURN_IF_ERROR(internal::move_loyalty(ctx, survivor.id, loser_id));
  const int64_t now = internal::now_ms(ctx);
  GX_RETURN_IF_ERROR(store::mark_customer_merged(ctx.db, ctx.shop.id, loser_id, survivor.id, now));
  Json details;
  details["conflicts"] = these;
  details["merged_profile"] = {{"name", loser.name},
                               {"province", loser.province},
                               {"city", loser.city},
                               {"created_at", to_millis(loser.created_at)},
                               {"updated_at", to_millis(loser.updated_at)}};
  store::MergeRecord m;
  m.shop_id = ctx.shop.id;
  m.survivor_id = survivor.id;
  m.merged_id = loser_id;
  m.actor = ctx.actor;
  m.reason = std::string(reason);
  m.details = details.dump();
  m.created_at = now;
  GX_RETURN_IF_ERROR(store::insert_merge(ctx.db, m).status());
  GX_RETURN_IF_ERROR(
      internal::record_change(ctx, "identity_merged", survivor.id, loser_id,
                              Json{{"merged", loser_id}, {"reason", reason}}.dump()));
  for (auto& c : these) conflicts.push_back(std::move(c));
  return Status::ok();
}

Status save_profile(WriteContext& ctx, Customer& c) {
  c.updated_at = ctx.clock.now();
  GX_RETURN_IF_ERROR(store::update_customer(ctx.db, internal::to_record(c)));
  return internal::record_change(ctx, "customer_updated", c.id, c.id);
}

}  // namespace

namespace internal {

Result<CustomerUpsert> upsert_customer_with(WriteContext& ctx, const CustomerInput& input,
                                            ProfileMode mode,
                                            std::optional<CustomerId> known_customer) {
  GX_RETURN_IF_ERROR(validate_profile(input));
  GX_ASSIGN_OR_RETURN(std::vector<Identity> identities, normalize_all(input.identities));

  std::set<CustomerId> owners;
  if (known_customer) {
    GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, *known_customer));
    owners.insert(live);
  }
  // Identities always belong to live profiles (a merge moves them to the
  // survivor), so their owners need no resolving.
  std::vector<bool> owned(identities.size(), false);
  std::string shared;  // the identity that joined profiles, for the merge log
  for (size_t i = 0; i < identities.size(); ++i) {
    const Identity& id = identities[i];
    GX_ASSIGN_OR_RETURN(
        auto owner,
        store::find_identity_owner(ctx.db, ctx.shop.id, identity_type_name(id.type), id.value));
    if (!owner) continue;
    owned[i] = true;
    if (!owners.empty() && !owners.contains(*owner) && shared.empty()) {
      shared = std::string(identity_type_name(id.type)) + " " + id.value;
    }
    owners.insert(*owner);
  }

  CustomerUpsert result;
  if (owners.empty()) {
    GX_ASSIGN_OR_RETURN(result.customer_id, insert_new_customer(ctx, input));
    result.outcome = UpsertOutcome::kCreated;
    GX_RETURN_IF_ERROR(attach_identities(ctx, result.customer_id, identities, owned));
    return result;
  }

  // The oldest profile survives; the others fold into it.
  const CustomerId survivor_id = *owners.begin();
  GX_ASSIGN_OR_RETURN(Customer survivor, load_live(ctx.db, ctx.shop.id, survivor_id));
  bool changed = false;
  if (owners.size() > 1) {
    Json conflicts = Json::array();
    for (CustomerId other : owners) {
      if (other == survivor_id) continue;
      GX_RETURN_IF_ERROR(merge_one(ctx, survivor, other, "shared identity: " + shared, conflicts));
      ++result.customers_merged;
    }
    changed = true;
  }
  changed = apply_profile(survivor, input, mode) || changed;
  GX_RETURN_IF_ERROR(attach_identities(ctx, survivor_id, identities, owned));
  if (changed) GX_RETURN_IF_ERROR(save_profile(ctx, survivor));
  result.customer_id = survivor_id;
  result.outcome = changed ? UpsertOutcome::kUpdated : UpsertOutcome::kUnchanged;
  return result;
}

}  // namespace internal

Result<CustomerUpsert> upsert_customer(WriteContext& ctx, const CustomerInput& input) {
  return internal::upsert_customer_with(ctx, input, ProfileMode::kOverwrite);
}

Result<CustomerId> create_customer(WriteContext& ctx, const CustomerInput& input) {
  GX_RETURN_IF_ERROR(validate_profile(input));
  GX_ASSIGN_OR_RETURN(std::vector<Identity> identities, normalize_all(input.identities));
  for (size_t i = 0; i < identities.size(); ++i) {
    GX_ASSIGN_OR_RETURN(auto owner, store::find_identity_owner(
                                        ctx.db, ctx.shop.id, identity_type_name(identities[i].type),
                                        identities[i].value));
    if (owner) {
      Location loc;
      loc.field = "/identities/" + std::to_string(i);
      return Status(ErrorCode::kAlreadyExists,
                    std::string(identity_type_name(identities[i].type)) + " " +
                        identities[i].value + " already belongs to customer " +
                        std::to_string(*owner),
                    loc);
    }
  }
  GX_ASSIGN_OR_RETURN(CustomerId id, insert_new_customer(ctx, input));
  GX_RETURN_IF_ERROR(
      attach_identities(ctx, id, identities, std::vector<bool>(identities.size(), false)));
  return id;
}

Result<CustomerUpsert> patch_customer(WriteContext& ctx, CustomerId id,
                                      const CustomerInput& patch) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_customer(ctx.db, ctx.shop.id, id));
  if (!rec) return Status::not_found("customer " + std::to_string(id) + " does not exist");
  return internal::upsert_customer_with(ctx, patch, ProfileMode::kOverwrite, id);
}

Result<MergeOutcome> merge_customers(WriteContext& ctx, CustomerId survivor_id,
                                     const std::vector<CustomerId>& others,
                                     std::string_view reason) {
  if (others.empty()) return Status::invalid("nothing to merge: 'others' is empty");
  GX_ASSIGN_OR_RETURN(CustomerId live_survivor,
                      resolve_customer_id(ctx.db, ctx.shop.id, survivor_id));
  GX_ASSIGN_OR_RETURN(Customer survivor, load_live(ctx.db, ctx.shop.id, live_survivor));
  MergeOutcome out;
  out.survivor = live_survivor;
  std::set<CustomerId> done;
  for (CustomerId other : others) {
    GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, other));
    if (live == live_survivor || done.contains(live)) continue;
    GX_RETURN_IF_ERROR(
        merge_one(ctx, survivor, live, reason.empty() ? "manual merge" : reason, out.conflicts));
    done.insert(live);
    out.merged.push_back(live);
  }
  if (!out.merged.empty()) GX_RETURN_IF_ERROR(save_profile(ctx, survivor));
  return out;
}

Result<CustomerId> resolve_customer_id(store::Connection& db, ShopId shop, CustomerId id) {
  CustomerId current = id;
  // Merges re-point earlier merges, so chains are short; the bound guards against cycles.
  for (int hop = 0; hop < 64; ++hop) {
    GX_ASSIGN_OR_RETURN(auto rec, store::find_customer(db, shop, current));
    if (!rec) return Status::not_found("customer " + std::to_string(id) + " does not exist");
    if (!rec->merged_into) return current;
    current = *rec->merged_into;
  }
  return Status(ErrorCode::kCorruption,
                "merge chain of customer " + std::to_string(id) + " does not end");
}

Result<Customer> get_customer(ReadContext& ctx, CustomerId id) {
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, id));
  GX_ASSIGN_OR_RETURN(auto rec, store::find_customer(ctx.db, ctx.shop.id, live));
  if (!rec) return Status::not_found("customer " + std::to_string(id) + " does not exist");
  return internal::to_customer(*rec);
}

Result<std::optional<CustomerId>> find_customer_by_identity(ReadContext& ctx,
                                                            const IdentityInput& identity) {
  GX_ASSIGN_OR_RETURN(Identity n, normalize_identity(identity));
  GX_ASSIGN_OR_RETURN(auto owner, store::find_identity_owner(ctx.db, ctx.shop.id,
                                                             identity_type_name(n.type), n.value));
  if (!owner) return std::optional<CustomerId>();
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, *owner));
  return std::optional<CustomerId>(live);
}

}  // namespace guanxi::domain
