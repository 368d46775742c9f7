#include "domain/activity.hpp"

#include "domain/customers.hpp"
#include "domain/internal.hpp"
#include "store/activity_table.hpp"

namespace guanxi::domain {

namespace {

constexpr std::pair<std::string_view, NoteType> kNoteTypes[] = {{"call", NoteType::kCall},
                                                                {"visit", NoteType::kVisit},
                                                                {"chat", NoteType::kChat},
                                                                {"email", NoteType::kEmail},
                                                                {"other", NoteType::kOther}};

}  // namespace

Note to_note(const store::NoteRecord& r) {
  Note n;
  n.id = r.id;
  n.customer_id = r.customer_id;
  n.type = parse_note_type(r.type).value_or(NoteType::kOther);
  n.direction = r.direction;
  n.author = r.author;
  n.summary = r.summary;
  n.occurred_at = from_millis(r.occurred_at);
  n.created_at = from_millis(r.created_at);
  n.agent_id = r.agent_id;
  n.duration_s = r.duration_s;
  n.outcome = r.outcome;
  n.next_follow_up_at = internal::opt_time(r.next_follow_up_at);
  n.ticket_id = r.ticket_id;
  return n;
}

std::string_view note_type_name(NoteType t) {
  for (const auto& [name, value] : kNoteTypes) {
    if (value == t) return name;
  }
  return "other";
}

Result<NoteType> parse_note_type(std::string_view text) {
  for (const auto& [name, value] : kNoteTypes) {
    if (name == text) return value;
  }
  return Status::invalid("unknown note type '" + std::string(text) +
                         "' (expected call, visit, chat, email or other)");
}

Result<Note> add_note(WriteContext& ctx, CustomerId customer, const NoteInput& input,
                      const InteractionDetails& details) {
  if (input.summary.empty()) return Status::invalid_field("summary", "summary is required");
  if (input.summary.size() > 10000)
    return Status::invalid_field("summary", "summary is longer than 10000 bytes");
  if (!input.direction.empty() && input.direction != "inbound" && input.direction != "outbound") {
    return Status::invalid_field("direction", "direction must be 'inbound' or 'outbound'");
  }
  if (input.author.size() > 200)
    return Status::invalid_field("author", "author is longer than 200 bytes");
  if (details.duration_s && (*details.duration_s < 0 || *details.duration_s > 86400))
    return Status::invalid_field("duration_s", "duration_s must be between 0 and 86400");
  if (details.outcome.size() > 200)
    return Status::invalid_field("outcome", "outcome is longer than 200 bytes");
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, customer));
  store::NoteRecord r;
  r.shop_id = ctx.shop.id;
  r.customer_id = live;
  r.type = std::string(note_type_name(input.type));
  r.direction = input.direction;
  r.author = input.author.empty() ? ctx.actor : input.author;
  r.summary = input.summary;
  r.created_at = internal::now_ms(ctx);
  r.occurred_at = input.occurred_at ? to_millis(*input.occurred_at) : r.created_at;
  r.agent_id = details.agent_id;
  r.duration_s = details.duration_s;
  r.outcome = details.outcome;
  r.next_follow_up_at = internal::opt_ms(details.next_follow_up_at);
  r.ticket_id = details.ticket_id;
  GX_ASSIGN_OR_RETURN(r.id, store::insert_note(ctx.db, r));
  GX_RETURN_IF_ERROR(
      internal::record_change(ctx, "note_added", live, r.id, Json{{"type", r.type}}.dump()));
  return to_note(r);
}

Result<std::vector<Note>> list_notes(ReadContext& ctx, CustomerId customer, int limit) {
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, customer));
  GX_ASSIGN_OR_RETURN(auto recs, store::list_notes(ctx.db, ctx.shop.id, live, limit));
  std::vector<Note> out;
  for (const auto& r : recs) out.push_back(to_note(r));
  return out;
}

Status delete_note(WriteContext& ctx, int64_t note_id) {
  GX_ASSIGN_OR_RETURN(bool existed, store::delete_note(ctx.db, ctx.shop.id, note_id));
  if (!existed) return Status::not_found("note " + std::to_string(note_id) + " does not exist");
  return internal::record_change(ctx, "note_deleted", std::nullopt, note_id);
}

Status validate_tag_name(std::string_view name) {
  if (name.empty()) return Status::invalid_field("tag", "tag is empty");
  if (name.size() > 64 * 4) return Status::invalid_field("tag", "tag is longer than 64 characters");
  if (name.front() == ' ' || name.back() == ' ')
    return Status::invalid_field("tag", "tag has leading or trailing spaces");
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < ' ' || c == 0x7f)
      return Status::invalid_field("tag", "tag contains a control character");
  }
  return Status::ok();
}

Result<bool> add_tag(WriteContext& ctx, CustomerId customer, std::string_view tag) {
  GX_RETURN_IF_ERROR(validate_tag_name(tag));
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, customer));
  const int64_t now = internal::now_ms(ctx);
  GX_ASSIGN_OR_RETURN(int64_t tag_id, store::ensure_tag(ctx.db, ctx.shop.id, tag, now));
  GX_ASSIGN_OR_RETURN(bool added, store::add_customer_tag(ctx.db, live, tag_id, "manual", now));
  if (added) {
    GX_RETURN_IF_ERROR(
        internal::record_change(ctx, "tag_added", live, tag_id, Json{{"tag", tag}}.dump()));
  }
  return added;
}

Result<bool> remove_tag(WriteContext& ctx, CustomerId customer, std::string_view tag) {
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, customer));
  GX_ASSIGN_OR_RETURN(auto tag_id, store::find_tag(ctx.db, ctx.shop.id, tag));
  if (!tag_id) return false;
  GX_ASSIGN_OR_RETURN(bool removed, store::remove_customer_tag(ctx.db, live, *tag_id));
  if (removed) {
    GX_RETURN_IF_ERROR(
        internal::record_change(ctx, "tag_removed", live, *tag_id, Json{{"tag", tag}}.dump()));
  }
  return removed;
}

Result<std::vector<CustomerTag>> list_tags(ReadContext& ctx, CustomerId customer) {
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, customer));
  GX_ASSIGN_OR_RETURN(auto recs, store::list_customer_tags(ctx.db, live));
  std::vector<CustomerTag> out;
  for (const auto& r : recs) out.push_back({r.name, r.source, from_millis(r.created_at)});
  return out;
}

Result<std::vector<TagSummary>> list_shop_tags(ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_tags(ctx.db, ctx.shop.id));
  std::vector<TagSummary> out;
  for (const auto& r : recs) out.push_back({r.name, r.customers});
  return out;
}

}  // namespace guanxi::domain
