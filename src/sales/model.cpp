#include "sales/model.hpp"

#include <algorithm>
#include <array>

#include "store/change_feed.hpp"

namespace guanxi::sales {

namespace {

constexpr std::pair<std::string_view, RecordType> kTypes[] = {
    {"account", RecordType::kAccount},
    {"contact", RecordType::kContact},
    {"lead", RecordType::kLead},
    {"opportunity", RecordType::kOpportunity}};

Status check_visible_on(store::Connection& db, int64_t shop, const Viewer& viewer, RecordType type,
                        int64_t id, std::optional<int64_t> owner) {
  GX_ASSIGN_OR_RETURN(bool visible, store::record_visible(db, shop, record_type_name(type), id,
                                                          owner, viewer.visibility()));
  if (visible) return Status::ok();
  return Status(ErrorCode::kPermissionDenied, std::string(record_type_name(type)) + " " +
                                                  std::to_string(id) +
                                                  " is not visible to you (owned by another "
                                                  "user and not shared with you)");
}

Result<std::optional<int64_t>> owner_of(store::Connection& db, int64_t shop, RecordType type,
                                        int64_t id) {
  auto missing = [&] {
    return Status::not_found(std::string(record_type_name(type)) + " " + std::to_string(id) +
                             " does not exist");
  };
  switch (type) {
    case RecordType::kAccount: {
      GX_ASSIGN_OR_RETURN(auto r, store::find_account(db, shop, id));
      if (!r) return missing();
      return r->owner_user_id;
    }
    case RecordType::kContact: {
      GX_ASSIGN_OR_RETURN(auto r, store::find_contact(db, shop, id));
      if (!r) return missing();
      return r->owner_user_id;
    }
    case RecordType::kLead: {
      GX_ASSIGN_OR_RETURN(auto r, store::find_lead(db, shop, id));
      if (!r) return missing();
      return r->owner_user_id;
    }
    case RecordType::kOpportunity: {
      GX_ASSIGN_OR_RETURN(auto r, store::find_opportunity(db, shop, id));
      if (!r) return missing();
      return r->owner_user_id;
    }
  }
  return missing();
}

}  // namespace

store::RecordVisibility Viewer::visibility() const {
  store::RecordVisibility v;
  v.user_id = user_id;
  v.team_id = team_id;
  switch (scope) {
    case Scope::kOwn:
      v.scope = store::RecordVisibility::kOwn;
      break;
    case Scope::kTeam:
      v.scope = store::RecordVisibility::kTeam;
      break;
    case Scope::kAll:
      v.scope = store::RecordVisibility::kAll;
      break;
  }
  return v;
}

std::string_view record_type_name(RecordType t) {
  for (const auto& [name, value] : kTypes) {
    if (value == t) return name;
  }
  return "account";
}

Result<RecordType> parse_record_type(std::string_view text) {
  for (const auto& [name, value] : kTypes) {
    if (name == text) return value;
  }
  return Status::invalid("unknown record type '" + std::string(text) +
                         "' (expected account, contact, lead or opportunity)");
}

Status check_visible(domain::ReadContext& ctx, const Viewer& viewer, RecordType type, int64_t id,
                     std::optional<int64_t> owner) {
  return check_visible_on(ctx.db, ctx.shop.id, viewer, type, id, owner);
}

Status check_visible(domain::WriteContext& ctx, const Viewer& viewer, RecordType type, int64_t id,
                     std::optional<int64_t> owner) {
  return check_visible_on(ctx.db, ctx.shop.id, viewer, type, id, owner);
}

Status share_record(domain::WriteContext& ctx, const Viewer& viewer, RecordType type, int64_t id,
                    int64_t user_id) {
  GX_ASSIGN_OR_RETURN(auto owner, owner_of(ctx.db, ctx.shop.id, type, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, type, id, owner));
  GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, user_id, "user_id"));
  store::RecordShareRecord s;
  s.shop_id = ctx.shop.id;
  s.object_type = std::string(record_type_name(type));
  s.object_id = id;
  s.user_id = user_id;
  s.created_at = to_millis(ctx.clock.now());
  GX_RETURN_IF_ERROR(store::insert_record_share(ctx.db, s));
  return record_sales_change(ctx, "sales_record_shared", id,
                             Json{{"type", s.object_type}, {"user_id", user_id}});
}

Result<std::vector<Share>> list_shares(domain::ReadContext& ctx, const Viewer& viewer,
                                       RecordType type, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto owner, owner_of(ctx.db, ctx.shop.id, type, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, type, id, owner));
  return store::list_record_shares(ctx.db, ctx.shop.id, record_type_name(type), id);
}

Status check_one_of(std::string_view field, const std::string& value,
                    std::span<const std::string_view> allowed, bool allow_empty) {
  if (value.empty() && allow_empty) return Status::ok();
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return Status::ok();
  std::string all;
  for (auto a : allowed) all += (all.empty() ? "" : ", ") + std::string(a);
  return Status::invalid_field(field, "'" + value + "' is not one of " + all);
}

std::vector<std::string> allowed_lead_transitions(std::string_view from) {
  if (from == "new") return {"working", "nurturing", "qualified", "disqualified"};
  if (from == "working") return {"nurturing", "qualified", "disqualified"};
  if (from == "nurturing") return {"working", "qualified", "disqualified"};
  if (from == "qualified") return {"working", "nurturing", "disqualified"};
  if (from == "disqualified") return {"working", "nurturing"};
  return {};
}

Status record_sales_change(domain::WriteContext& ctx, std::string_view kind, int64_t entity,
                           const Json& payload, std::optional<int64_t> customer) {
  store::ChangeRecord c;
  c.shop_id = ctx.shop.id;
  c.kind = std::string(kind);
  c.customer_id = customer;
  c.entity_id = entity;
  c.payload = payload.dump();
  c.actor = ctx.actor;
  c.created_at = to_millis(ctx.clock.now());
  return store::append_change(ctx.db, c).status();
}

Status check_user(store::Connection& db, int64_t shop, std::optional<int64_t> user,
                  std::string_view field) {
  if (!user) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto team, store::find_user_team(db, shop, *user));
  if (!team)
    return Status::unprocessable_field(field, "user " + std::to_string(*user) + " does not exist");
  return Status::ok();
}

Status check_date(std::string_view field, const std::string& date) {
  auto bad = [&] {
    return Status::invalid_field(field, "'" + date + "' is not a date YYYY-MM-DD");
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return bad();
  for (size_t i : std::array<size_t, 8>{0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return bad();
  }
  const int y = std::stoi(date.substr(0, 4));
  const int m = std::stoi(date.substr(5, 2));
  const int d = std::stoi(date.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return bad();
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return bad();
  return Status::ok();
}

Status check_attributes(std::string_view field, const std::string& json_text) {
  auto parsed = Json::parse(json_text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    return Status::invalid_field(field, "attributes must be a JSON object");
  return Status::ok();
}

}  // namespace guanxi::sales
