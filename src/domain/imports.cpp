#include "domain/imports.hpp"

#include "domain/internal.hpp"
#include "store/admin_table.hpp"

namespace guanxi::domain {

Result<int64_t> start_import_run(WriteContext& ctx, std::string_view kind, std::string_view file,
                                 std::string_view format) {
  store::ImportRunRecord r;
  r.shop_id = ctx.shop.id;
  r.kind = std::string(kind);
  r.file = std::string(file);
  r.format = std::string(format);
  r.actor = ctx.actor;
  r.started_at = internal::now_ms(ctx);
  return store::insert_import_run(ctx.db, r);
}

Status finish_import_run(WriteContext& ctx, int64_t run_id, const Json& summary) {
  return store::finish_import_run(ctx.db, run_id, internal::now_ms(ctx), summary.dump());
}

}  // namespace guanxi::domain
