// Canned responses (快捷回复): named reply texts with {{variables}} —
// customer.name, customer.tier, customer.points, shop.name, ticket.id,
// ticket.subject, agent.name — rendered for a ticket when an agent replies.
// Names are unique in the shop (1..100 bytes); bodies 1..5,000 bytes and may
// use only those variables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

struct CannedResponse {
  int64_t id = 0;
  std::string name;
  std::string body;
  Timestamp created_at{};
  Timestamp updated_at{};
};

// The variables a canned response may use.
const std::vector<std::string>& canned_variables();

Result<CannedResponse> create_canned_response(domain::WriteContext& ctx, const std::string& name,
                                              const std::string& body);
Result<CannedResponse> update_canned_response(domain::WriteContext& ctx, int64_t id,
                                              const std::optional<std::string>& name,
                                              const std::optional<std::string>& body);
Status delete_canned_response(domain::WriteContext& ctx, int64_t id);
Result<std::vector<CannedResponse>> list_canned_responses(domain::ReadContext& ctx);

// The response rendered for the ticket (agent: the one replying, else the assignee).
Result<std::string> render_canned_response(domain::WriteContext& ctx, int64_t id,
                                           const store::TicketRecord& ticket,
                                           std::optional<int64_t> agent);
// Rendering with explicit variables (tests, previews).
Result<std::string> render_canned_text(const std::string& body, const Json& vars);

}  // namespace guanxi::service
