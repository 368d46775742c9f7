// guanxi customer show | merge.
#include <iostream>

#include "api/render.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "core/money.hpp"
#include "domain/customer360.hpp"
#include "domain/customers.hpp"

namespace guanxi::cli {

namespace {

std::string money(int64_t minor, const std::string& currency) {
  return format_major_units(minor, Currency::parse(currency).value_or(Currency()).exponent()) +
         " " + currency;
}

void print_360(const domain::Customer360& v, const Session& s) {
  const auto& c = v.profile;
  const auto& st = v.stats;
  std::cout << "Customer " << c.id;
  if (v.requested_id != c.id) std::cout << " (" << v.requested_id << " was merged into it)";
  std::cout << "\n  name       " << (c.name.empty() ? "-" : c.name) << "\n  gender     "
            << domain::gender_name(c.gender) << "\n  birthday   "
            << (c.birthday ? c.birthday->to_string() + (c.birthday->lunar ? " (lunar)" : "") : "-")
            << "\n  location   " << c.province << " " << c.city
            << "\n  consent    sms=" << domain::consent_name(c.consent_sms)
            << " email=" << domain::consent_name(c.consent_email)
            << " wechat=" << domain::consent_name(c.consent_wechat) << "\n  identities";
  for (const auto& id : v.identities)
    std::cout << "  " << domain::identity_type_name(id.type) << ":" << id.value;
  std::cout << "\n  tags      ";
  for (const auto& t : v.tags) std::cout << " " << t.name;
  std::cout << "\n\n  orders " << st.order_count << ", purchases " << st.purchase_count << ", paid "
            << money(st.total_paid, s.shop.currency) << ", refunded "
            << money(st.total_refunded, s.shop.currency) << ", AOV "
            << money(st.average_order_value, s.shop.currency) << "\n";
  if (st.first_order_at)
    std::cout << "  first purchase " << s.zone.format_local(*st.first_order_at) << "\n";
  if (st.last_order_at) {
    std::cout << "  last purchase  " << s.zone.format_local(*st.last_order_at) << " ("
              << *st.days_since_last_order << " days ago)\n";
  }
  if (!v.recent_orders.empty()) std::cout << "\n  recent orders:\n";
  for (const auto& o : v.recent_orders) {
    std::cout << "    " << o.platform << " " << o.external_id << "  "
              << domain::order_status_name(o.status) << "  " << money(o.paid_amount, o.currency);
    if (o.created_at) std::cout << "  " << s.zone.format_local(*o.created_at);
    for (const auto& it : o.items)
      std::cout << "\n        " << it.quantity << " x " << it.product_name;
    std::cout << "\n";
  }
  if (!v.notes.empty()) std::cout << "\n  notes:\n";
  for (const auto& n : v.notes) {
    std::cout << "    " << s.zone.format_local(n.occurred_at) << " ["
              << domain::note_type_name(n.type) << "] " << n.author << ": " << n.summary << "\n";
  }
}

}  // namespace

void add_customer_command(CLI::App& app, int& rc) {
  auto* customer = app.add_subcommand("customer", "Look at and maintain customer profiles");
  customer->require_subcommand(1);

  struct ShowArgs {
    GlobalOptions g;
    std::optional<int64_t> id;
    std::string phone;
    std::string email;
    std::string identity;
  };
  auto show_args = std::make_shared<ShowArgs>();
  auto* show = customer->add_subcommand(
      "show", "Show a customer's 360 by id, phone, email or TYPE:VALUE identity");
  add_global_options(*show, show_args->g);
  show->add_option("id", show_args->id, "Customer id (an id merged away resolves to the survivor)");
  show->add_option("--phone", show_args->phone, "Find by phone");
  show->add_option("--email", show_args->email, "Find by email");
  show->add_option("--identity", show_args->identity,
                   "Find by identity TYPE:VALUE, e.g. taobao_nick:小王");
  show->callback([show_args, &rc] {
    auto s = open_session(show_args->g);
    if (!s.ok()) {
      rc = report_error(s.status());
      return;
    }
    auto rctx = (*s)->read();
    std::optional<domain::CustomerId> id = show_args->id;
    std::optional<domain::IdentityInput> by;
    if (!show_args->phone.empty())
      by = domain::IdentityInput{domain::IdentityType::kPhone, show_args->phone};
    if (!show_args->email.empty())
      by = domain::IdentityInput{domain::IdentityType::kEmail, show_args->email};
    if (!show_args->identity.empty()) {
      const auto colon = show_args->identity.find(':');
      auto type = domain::parse_identity_type(show_args->identity.substr(0, colon));
      if (colon == std::string::npos || !type.ok()) {
        rc = report_error(Status::invalid("--identity must be TYPE:VALUE with a known type"));
        return;
      }
      by = domain::IdentityInput{*type, show_args->identity.substr(colon + 1)};
    }
    if (by) {
      auto found = domain::find_customer_by_identity(rctx, *by);
      if (!found.ok()) {
        rc = report_error(found.status());
        return;
      }
      if (!*found) {
        rc = report_error(Status::not_found("no customer has " +
                                            std::string(domain::identity_type_name(by->type)) +
                                            " " + by->value));
        return;
      }
      id = **found;
    }
    if (!id) {
      rc = report_error(Status::invalid("give a customer id, --phone, --email or --identity"));
      return;
    }
    auto view = domain::customer_360(rctx, *id);
    if (!view.ok()) {
      rc = report_error(view.status());
      return;
    }
    if (show_args->g.json)
      print_json(api::render_customer_360(*view, (*s)->shop, (*s)->zone));
    else
      print_360(*view, **s);
  });

  struct MergeArgs {
    GlobalOptions g;
    int64_t survivor = 0;
    std::vector<int64_t> others;
    std::string reason = "manual merge (cli)";
  };
  auto merge_args = std::make_shared<MergeArgs>();
  auto* merge = customer->add_subcommand(
      "merge", "Merge customers into SURVIVOR (orders, notes, tags, identities move)");
  add_global_options(*merge, merge_args->g);
  merge->add_option("survivor", merge_args->survivor, "The profile that remains")->required();
  merge->add_option("others", merge_args->others, "Profiles folded into it")->required();
  merge->add_option("--reason", merge_args->reason, "Why (kept in the merge log)");
  merge->callback([merge_args, &rc] {
    auto s = open_session(merge_args->g);
    if (!s.ok()) {
      rc = report_error(s.status());
      return;
    }
    auto& conn = *(*s)->conn;
    Status st = conn.begin_write();
    if (!st.is_ok()) {
      rc = report_error(st);
      return;
    }
    domain::WriteContext ctx{conn, (*s)->clock, (*s)->shop, (*s)->zone, "cli"};
    auto out =
        domain::merge_customers(ctx, merge_args->survivor, merge_args->others, merge_args->reason);
    if (!out.ok()) {
      (void)conn.rollback();
      rc = report_error(out.status());
      return;
    }
    st = conn.commit();
    if (!st.is_ok()) {
      rc = report_error(st);
      return;
    }
    if (merge_args->g.json) {
      print_json(
          {{"survivor", out->survivor}, {"merged", out->merged}, {"conflicts", out->conflicts}});
    } else {
      std::cout << "Merged " << out->merged.size() << " profile(s) into customer " << out->survivor
                << " (" << out->conflicts.size() << " conflicting values kept in the merge log)\n";
    }
  });
}

}  // namespace guanxi::cli
