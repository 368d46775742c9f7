// The sales records to JSON (also the CLI's --json): accounts with their
// decision chain, contacts and leads (phone and email masked unless the
// caller may see personal data), pipelines, opportunities with stage, lines
// and competitors, the board, stage history, competitors, activities, sales
// tasks, conversions and import summaries. Money: *_minor plus currency.
#pragma once

#include "core/json.hpp"
#include "core/time.hpp"
#include "sales/accounts.hpp"
#include "sales/activities.hpp"
#include "sales/import.hpp"
#include "sales/leads.hpp"
#include "sales/opportunities.hpp"
#include "sales/pipelines.hpp"

namespace guanxi::api {

Json render_account(const sales::Account& a, const ShopZone& zone);
// `pii`: phone and email as stored; otherwise masked (mask_phone / mask_email).
Json render_contact(const sales::Contact& c, const ShopZone& zone, bool pii);
Json render_account_detail(const sales::AccountDetail& d, const ShopZone& zone, bool pii);
Json render_lead(const sales::Lead& l, const ShopZone& zone, bool pii);
Json render_duplicates(const std::vector<sales::DuplicateMatch>& matches);
Json render_conversion(const sales::Conversion& c, const ShopZone& zone, bool pii);
Json render_stage(const sales::Stage& s);
Json render_pipeline(const sales::PipelineDetail& p);
Json render_opportunity(const sales::OpportunityDetail& d, const ShopZone& zone);
Json render_opportunity_row(const sales::OpportunityRow& r, const ShopZone& zone);
Json render_board(const sales::Board& b, const ShopZone& zone);
Json render_history_entry(const sales::HistoryEntry& e, const ShopZone& zone);
Json render_competitor(const sales::Competitor& c, const ShopZone& zone);
Json render_activity(const sales::Activity& a, const ShopZone& zone);
Json render_sales_task(const sales::SalesTask& t, const ShopZone& zone);
Json render_share(const sales::Share& s, const ShopZone& zone);
Json render_sales_import(const sales::SalesImportSummary& s);

}  // namespace guanxi::api
