#include "sales/import.hpp"

#include <charconv>
#include <map>

#include "domain/imports.hpp"
#include "importer/csv_reader.hpp"
#include "sales/accounts.hpp"
#include "sales/analytics.hpp"
#include "sales/leads.hpp"
#include "sales/normalize.hpp"
#include "store/query.hpp"

namespace guanxi::sales {

namespace {

// Header spellings (compared after width folding, trimming and lower-casing).
struct Column {
  const char* field;
  std::vector<const char*> names;
};

const std::vector<Column>& columns_of(RecordType type) {
  static const std::vector<Column> kAccounts = {
      {"external_id", {"external_id", "外部编号", "编号", "客户编号", "公司编号"}},
      {"name", {"name", "company", "company_name", "公司名称", "公司", "客户名称", "企业名称"}},
      {"industry", {"industry", "行业"}},
      {"size", {"size", "规模", "公司规模", "人员规模"}},
      {"region", {"region", "地区", "区域"}},
      {"website", {"website", "网站", "官网"}},
      {"phone", {"phone", "电话", "公司电话"}},
      {"owner", {"owner", "owner_user_id", "负责人"}},
      {"parent", {"parent", "parent_account", "上级公司", "母公司"}},
  };
  static const std::vector<Column> kContacts = {
      {"external_id", {"external_id", "外部编号", "编号", "联系人编号"}},
      {"name", {"name", "contact", "姓名", "联系人"}},
      {"title", {"title", "职位", "职务"}},
      {"email", {"email", "邮箱", "电子邮件", "电子邮箱"}},
      {"phone", {"phone", "mobile", "手机", "手机号", "电话"}},
      {"decision_role", {"decision_role", "role", "决策角色", "角色"}},
      {"influence", {"influence", "影响力"}},
      {"attitude", {"attitude", "态度"}},
      {"account", {"account", "company", "公司名称", "公司", "客户名称"}},
      {"account_external_id", {"account_external_id", "公司编号", "客户编号"}},
      {"owner", {"owner", "owner_user_id", "负责人"}},
  };
  static const std::vector<Column> kLeads = {
      {"external_id", {"external_id", "外部编号", "编号", "线索编号"}},
      {"name", {"name", "姓名", "联系人"}},
      {"company", {"company", "公司名称", "公司"}},
      {"title", {"title", "职位", "职务"}},
      {"email", {"email", "邮箱", "电子邮件", "电子邮箱"}},
      {"phone", {"phone", "mobile", "手机", "手机号", "电话"}},
      {"industry", {"industry", "行业"}},
      {"size", {"size", "规模", "公司规模", "人员规模"}},
      {"region", {"region", "地区", "区域"}},
      {"source", {"source", "来源", "线索来源"}},
      {"source_detail", {"source_detail", "来源详情", "来源说明"}},
      {"owner", {"owner", "owner_user_id", "负责人"}},
  };
  if (type == RecordType::kAccount) return kAccounts;
  if (type == RecordType::kContact) return kContacts;
  return kLeads;
}

std::string header_key(std::string_view h) {
  std::string s = fold_width(h);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t')) ++b;
  s = s.substr(b);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  return s;
}

// Chinese value spellings of the vocabularies.
std::string vocabulary(const std::string& field, const std::string& v) {
  static const std::map<std::string, std::string> kRoles = {
      {"决策者", "decision_maker"}, {"决策人", "decision_maker"}, {"采购负责人", "purchasing_lead"},
      {"采购", "purchasing_lead"},  {"使用者", "user"},           {"用户", "user"},
      {"影响者", "influencer"},     {"把关者", "gatekeeper"}};
  static const std::map<std::string, std::string> kAttitudes = {
      {"拥护者", "champion"}, {"支持者", "supporter"}, {"支持", "supporter"}, {"中立", "neutral"},
      {"怀疑", "skeptic"},    {"反对", "opponent"},    {"反对者", "opponent"}};
  static const std::map<std::string, std::string> kSources = {
      {"市场活动", "campaign"}, {"营销活动", "campaign"},  {"官网表单", "web_form"},
      {"网站表单", "web_form"}, {"表单", "web_form"},      {"展会", "event"},
      {"活动", "event"},        {"会议", "event"},         {"转介绍", "referral"},
      {"推荐", "referral"},     {"电话开发", "cold_call"}, {"陌拜", "cold_call"},
      {"电话", "cold_call"},    {"其他", "other"}};
  const std::map<std::string, std::string>* m = nullptr;
  if (field == "decision_role") m = &kRoles;
  if (field == "attitude") m = &kAttitudes;
  if (field == "source") m = &kSources;
  if (m) {
    auto it = m->find(v);
    if (it != m->end()) return it->second;
  }
  std::string lowered = v;
  if (m) {
    for (char& c : lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c == ' ' || c == '-') c = '_';
    }
  }
  return lowered;
}

// The row's values by canonical field (empty cells are absent).
using Row = std::map<std::string, std::string>;

struct RowError {
  std::string field;  // canonical field
  std::string message;
};

// The canonical field named by a Status location ("/email" → "email").
std::string field_of(const Status& s) {
  std::string f = s.location().field;
  if (!f.empty() && f[0] == '/') f = f.substr(1);
  const size_t slash = f.find('/');
  if (slash != std::string::npos) f = f.substr(0, slash);
  if (f == "owner_user_id") return "owner";
  if (f == "parent_account_id") return "parent";
  if (f == "account_id") return "account";
  return f;
}

Result<std::optional<int64_t>> owner_of(domain::WriteContext& ctx, const Row& row) {
  auto it = row.find("owner");
  if (it == row.end()) return std::optional<int64_t>();
  int64_t id = 0;
  const auto& v = it->second;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (ec == std::errc() && p == v.data() + v.size() && id > 0) return std::optional<int64_t>(id);
  GX_ASSIGN_OR_RETURN(auto found, store::find_user_id_by_username(ctx.db, ctx.shop.id, v));
  if (!found) return Status::unprocessable_field("owner_user_id", "no user '" + v + "'");
  return found;
}

std::optional<std::string> get(const Row& row, const char* field) {
  auto it = row.find(field);
  if (it == row.end()) return std::nullopt;
  return it->second;
}

enum class Outcome { kCreated, kUpdated, kUnchanged };

Result<Outcome> import_account(domain::WriteContext& ctx, const Viewer& viewer, const Row& row) {
  AccountFields f;
  f.name = get(row, "name");
  f.industry = get(row, "industry");
  f.size = get(row, "size");
  f.region = get(row, "region");
  f.website = get(row, "website");
  f.phone = get(row, "phone");
  f.external_id = get(row, "external_id");
  GX_ASSIGN_OR_RETURN(auto owner, owner_of(ctx, row));
  if (owner) f.owner_user_id = owner;
  if (auto parent = get(row, "parent")) {
    std::optional<Account> p;
    GX_ASSIGN_OR_RETURN(p, store::find_account_by_external(ctx.db, ctx.shop.id, *parent));
    if (!p) {
      GX_ASSIGN_OR_RETURN(
          auto same, store::find_accounts_by_name_key(ctx.db, ctx.shop.id, company_key(*parent)));
      if (!same.empty()) p = same.front();
    }
    if (!p) return Status::unprocessable_field("parent_account_id", "no account '" + *parent + "'");
    f.parent_account_id = p->id;
  }
  std::optional<Account> existing;
  if (f.external_id) {
    GX_ASSIGN_OR_RETURN(existing,
                        store::find_account_by_external(ctx.db, ctx.shop.id, *f.external_id));
  }
  if (!existing && f.name) {
    GX_ASSIGN_OR_RETURN(
        auto same, store::find_accounts_by_name_key(ctx.db, ctx.shop.id, company_key(*f.name)));
    for (const auto& a : same) {
      if (!a.external_id || !f.external_id) {
        existing = a;
        break;
      }
    }
  }
  if (!existing) {
    GX_RETURN_IF_ERROR(internal::insert_account(ctx, viewer, f).status());
    return Outcome::kCreated;
  }
  if (existing->deleted_at)
    return Status::conflict("account " + std::to_string(existing->id) + " was deleted");
  GX_ASSIGN_OR_RETURN(Account next, internal::apply_account(ctx, *existing, f));
  next.updated_at = existing->updated_at;
  if (next == *existing) return Outcome::kUnchanged;
  next.updated_at = to_millis(ctx.clock.now());
  GX_RETURN_IF_ERROR(store::update_account(ctx.db, next));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "account_updated", next.id, Json{{"import", true}}));
  return Outcome::kUpdated;
}

Result<Outcome> import_contact(domain::WriteContext& ctx, const Viewer& viewer, const Row& row) {
  ContactFields f;
  f.name = get(row, "name");
  f.title = get(row, "title");
  f.email = get(row, "email");
  f.phone = get(row, "phone");
  if (auto v = get(row, "decision_role")) f.decision_role = vocabulary("decision_role", *v);
  if (auto v = get(row, "attitude")) f.attitude = vocabulary("attitude", *v);
  if (auto v = get(row, "influence")) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size())
      return Status::invalid_field("influence", "influence '" + *v + "' is not a number 0..5");
    f.influence = n;
  }
  f.external_id = get(row, "external_id");
  GX_ASSIGN_OR_RETURN(auto owner, owner_of(ctx, row));
  if (owner) f.owner_user_id = owner;
  if (auto ext = get(row, "account_external_id")) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_account_by_external(ctx.db, ctx.shop.id, *ext));
    if (!a)
      return Status::unprocessable_field("account_id",
                                         "no account with external id '" + *ext + "'");
    f.account_id = a->id;
  } else if (auto name = get(row, "account")) {
    GX_ASSIGN_OR_RETURN(auto same,
                        store::find_accounts_by_name_key(ctx.db, ctx.shop.id, company_key(*name)));
    if (same.empty())
      return Status::unprocessable_field("account_id",
                                         "no account '" + *name + "' (import accounts first)");
    f.account_id = same.front().id;
  }
  std::optional<Contact> existing;
  if (f.external_id) {
    GX_ASSIGN_OR_RETURN(existing,
                        store::find_contact_by_external(ctx.db, ctx.shop.id, *f.external_id));
  }
  if (!existing && f.email && !email_key(*f.email).empty()) {
    GX_ASSIGN_OR_RETURN(
        auto same, store::find_contacts_by_email_key(ctx.db, ctx.shop.id, email_key(*f.email)));
    if (!same.empty()) existing = same.front();
  }
  if (!existing && f.phone && !phone_key(*f.phone).empty()) {
    GX_ASSIGN_OR_RETURN(
        auto same, store::find_contacts_by_phone_key(ctx.db, ctx.shop.id, phone_key(*f.phone)));
    if (!same.empty()) existing = same.front();
  }
  if (existing && existing->external_id && f.external_id && existing->external_id != f.external_id)
    existing.reset();  // another record of the source system
  if (!existing) {
    GX_RETURN_IF_ERROR(internal::insert_contact(ctx, viewer, f).status());
    return Outcome::kCreated;
  }
  if (existing->deleted_at)
    return Status::conflict("contact " + std::to_string(existing->id) + " was deleted");
  GX_ASSIGN_OR_RETURN(Contact next, internal::apply_contact(ctx, *existing, f));
  next.updated_at = existing->updated_at;
  if (next == *existing) return Outcome::kUnchanged;
  next.updated_at = to_millis(ctx.clock.now());
  GX_RETURN_IF_ERROR(store::update_contact(ctx.db, next));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "contact_updated", next.id, Json{{"import", true}},
                                         next.customer_id));
  return Outcome::kUpdated;
}

Result<Outcome> import_lead(domain::WriteContext& ctx, const Viewer& viewer, const Row& row) {
  LeadFields f;
  f.name = get(row, "name");
  f.company = get(row, "company");
  f.title = get(row, "title");
  f.email = get(row, "email");
  f.phone = get(row, "phone");
  f.industry = get(row, "industry");
  f.size = get(row, "size");
  f.region = get(row, "region");
  if (auto v = get(row, "source")) f.source = vocabulary("source", *v);
  f.source_detail = get(row, "source_detail");
  f.external_id = get(row, "external_id");
  GX_ASSIGN_OR_RETURN(auto owner, owner_of(ctx, row));
  if (owner) f.owner_user_id = owner;
  std::optional<Lead> existing;
  if (f.external_id) {
    GX_ASSIGN_OR_RETURN(existing,
                        store::find_lead_by_external(ctx.db, ctx.shop.id, *f.external_id));
  }
  if (!existing) {
    const std::string ek = f.email ? email_key(*f.email) : "";
    const std::string pk = f.phone ? phone_key(*f.phone) : "";
    if (!ek.empty() || !pk.empty()) {
      GX_ASSIGN_OR_RETURN(auto same, store::find_leads_by_keys(ctx.db, ctx.shop.id, ek, pk, ""));
      for (const auto& l : same) {
        if (l.external_id && f.external_id) continue;
        existing = l;
        break;
      }
    }
  }
  if (!existing) {
    if (!f.source) f.source = "other";
    GX_RETURN_IF_ERROR(internal::insert_lead(ctx, viewer, f).status());
    return Outcome::kCreated;
  }
  if (existing->status == "converted") return Outcome::kUnchanged;
  GX_ASSIGN_OR_RETURN(Lead next, internal::apply_lead(ctx, *existing, f));
  next.updated_at = existing->updated_at;
  if (next == *existing) return Outcome::kUnchanged;
  next.updated_at = to_millis(ctx.clock.now());
  GX_RETURN_IF_ERROR(store::update_lead(ctx.db, next));
  GX_RETURN_IF_ERROR(refresh_lead_analytics(ctx, next.id));
  GX_RETURN_IF_ERROR(
      record_sales_change(ctx, "lead_updated", next.id, Json{{"import", true}}, next.customer_id));
  GX_RETURN_IF_ERROR(rescore_lead(ctx, next.id).status());
  return Outcome::kUpdated;
}

}  // namespace

Result<SalesImportSummary> import_sales_csv(domain::WriteContext& ctx, const Viewer& viewer,
                                            RecordType type, importer::ByteSource& text,
                                            std::string_view file_label) {
  if (type == RecordType::kOpportunity)
    return Status::invalid("the sales import takes accounts, contacts or leads");
  SalesImportSummary out;
  importer::CsvReader reader(text);
  // The header.
  std::vector<std::string> headers;
  std::vector<std::string> fields;  // canonical field per column ("" = not imported)
  for (;;) {
    GX_ASSIGN_OR_RETURN(auto step, reader.next());
    if (step == importer::CsvReader::Step::kEnd)
      return Status::invalid("the file is empty: it needs a header line",
                             Location{std::string(file_label), 1, 0, ""});
    if (step == importer::CsvReader::Step::kMalformed)
      return Status::invalid("the header line is malformed: " + reader.error().reason,
                             Location{std::string(file_label), reader.error().line, 0, ""});
    break;
  }
  const auto& columns = columns_of(type);
  for (auto h : reader.record().fields()) {
    headers.emplace_back(h);
    const std::string key = header_key(h);
    std::string field;
    for (const auto& c : columns) {
      for (const char* n : c.names) {
        if (key == header_key(n)) field = c.field;
      }
      if (!field.empty()) break;
    }
    // One column per field: a second spelling of a field already mapped is not imported.
    if (!field.empty() && std::find(fields.begin(), fields.end(), field) != fields.end())
      field.clear();
    if (field.empty())
      out.issues.push_back({1, std::string(h), importer::Severity::kWarning,
                            "column '" + std::string(h) + "' is not imported"});
    fields.push_back(field);
  }
  if (std::find(fields.begin(), fields.end(), "name") == fields.end()) {
    const char* need = type == RecordType::kAccount ? "公司名称 / name" : "姓名 / name";
    return Status::invalid(std::string("the header has no ") + need + " column",
                           Location{std::string(file_label), 1, 0, "name"});
  }
  const std::string kind = "sales_" + std::string(record_type_name(type)) + "s";
  GX_ASSIGN_OR_RETURN(out.run_id, domain::start_import_run(ctx, kind, file_label, "csv"));
  auto column_name = [&](const std::string& field) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i] == field) return headers[i];
    }
    return field;
  };
  for (;;) {
    GX_ASSIGN_OR_RETURN(auto step, reader.next());
    if (step == importer::CsvReader::Step::kEnd) break;
    ++out.rows;
    if (step == importer::CsvReader::Step::kMalformed) {
      ++out.rejected;
      out.issues.push_back({reader.error().line, "", importer::Severity::kError,
                            "malformed CSV: " + reader.error().reason});
      continue;
    }
    const auto& rec = reader.record();
    const int64_t line = rec.line();
    if (rec.size() > headers.size()) {
      ++out.rejected;
      out.issues.push_back({line, "", importer::Severity::kError,
                            "the row has " + std::to_string(rec.size()) + " fields, the header " +
                                std::to_string(headers.size())});
      continue;
    }
    Row row;
    for (size_t i = 0; i < rec.size(); ++i) {
      if (fields[i].empty()) continue;
      std::string v(rec[i]);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
      size_t b = 0;
      while (b < v.size() && (v[b] == ' ' || v[b] == '\t')) ++b;
      v = v.substr(b);
      if (!v.empty()) row[fields[i]] = v;
    }
    if (!row.count("name")) {
      ++out.rejected;
      out.issues.push_back(
          {line, column_name("name"), importer::Severity::kError, "the name is empty"});
      continue;
    }
    Outcome outcome = Outcome::kUnchanged;
    Status s = store::with_savepoint(ctx.db, "sales_import_row", [&]() -> Status {
      Result<Outcome> r = type == RecordType::kAccount   ? import_account(ctx, viewer, row)
                          : type == RecordType::kContact ? import_contact(ctx, viewer, row)
                                                         : import_lead(ctx, viewer, row);
      if (!r.ok()) return r.status();
      outcome = *r;
      return Status::ok();
    });
    if (!s.is_ok()) {
      if (s.code() == ErrorCode::kInternal || s.code() == ErrorCode::kIoError ||
          s.code() == ErrorCode::kUnavailable)
        return s;
      ++out.rejected;
      const std::string f = field_of(s);
      out.issues.push_back(
          {line, f.empty() ? "" : column_name(f), importer::Severity::kError, s.message()});
      continue;
    }
    if (outcome == Outcome::kCreated) ++out.created;
    if (outcome == Outcome::kUpdated) ++out.updated;
    if (outcome == Outcome::kUnchanged) ++out.unchanged;
  }
  GX_RETURN_IF_ERROR(domain::finish_import_run(ctx, out.run_id,
                                               Json{{"rows", out.rows},
                                                    {"created", out.created},
                                                    {"updated", out.updated},
                                                    {"unchanged", out.unchanged},
                                                    {"rejected", out.rejected}}));
  return out;
}

}  // namespace guanxi::sales
