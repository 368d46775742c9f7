// Request bodies of the sales routes → sales inputs (strict JsonFields:
// unknown members and bad values fail at their JSON pointer), and the
// caller's Viewer (record visibility) from the Principal. Also used by the
// CLI, which reads the same JSON from --file.
#pragma once

#include "api/auth.hpp"
#include "core/json.hpp"
#include "sales/accounts.hpp"
#include "sales/activities.hpp"
#include "sales/leads.hpp"
#include "sales/opportunities.hpp"
#include "sales/pipelines.hpp"

namespace guanxi::api {

// admin and API keys see every record; managers and analysts their team's;
// everyone else their own and what is shared with them (record_scope()).
sales::Viewer viewer_of(const Principal& principal);

Result<sales::AccountFields> read_account_fields(const Json& body);
Result<sales::ContactFields> read_contact_fields(const Json& body);
Result<sales::LeadFields> read_lead_fields(const Json& body);
Result<sales::ConvertInput> read_convert_input(const Json& body);
Result<sales::PipelineFields> read_pipeline_fields(const Json& body);
Result<sales::StageFields> read_stage_fields(const Json& body);
Result<sales::OpportunityFields> read_opportunity_fields(const Json& body);
// {"stage_id": 3} or {"stage": "谈判"}, with "reason", "amount_minor",
// "expected_close_date", "next_step", "forecast_category".
Result<sales::StageMoveInput> read_stage_move(const Json& body);
Result<sales::CompetitorFields> read_competitor_fields(const Json& body);
Result<sales::ActivityInput> read_activity_input(const Json& body);
// A task (title, notes, assignee_user_id, due_at, remind_at) on account_id,
// contact_id, opportunity_id and/or lead_id.
Result<std::pair<service::TaskInput, store::SalesTaskLinks>> read_sales_task(const Json& body);

}  // namespace guanxi::api
