// CSV import of accounts, contacts and leads, with the rules of the order
// import: every rejected row is reported with its line and column (nothing
// is dropped silently; an unknown column is a warning on line 1), and
// re-importing a file updates instead of duplicating. A row is matched by
// its external id (外部编号 / external_id), else accounts by normalized
// company name, contacts and leads by email, then phone key. Headers may be
// Chinese or English (公司名称/company, 行业/industry, 地区/region, 姓名/name,
// 手机/phone, 邮箱/email, 职位/title, 决策角色/decision_role, 来源/source …);
// values of roles, attitudes and sources may be Chinese (决策者, 支持者, 展会 …).
// Contacts name their account by 公司名称 / account (an existing account's
// name) or account_external_id. Each row runs in its own savepoint inside the
// caller's transaction; the run is logged in import_runs.
#pragma once

#include <string>
#include <vector>

#include "importer/byte_source.hpp"
#include "importer/row_issue.hpp"
#include "sales/model.hpp"

namespace guanxi::sales {

struct SalesImportSummary {
  int64_t run_id = 0;
  int64_t rows = 0;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  std::vector<importer::RowIssue> issues;  // errors (rejected rows) and warnings
};

// `type`: account, contact or lead (not opportunity). invalid_argument for a
// file without a header or without the required name column.
Result<SalesImportSummary> import_sales_csv(domain::WriteContext& ctx, const Viewer& viewer,
                                            RecordType type, importer::ByteSource& text,
                                            std::string_view file_label);

}  // namespace guanxi::sales
