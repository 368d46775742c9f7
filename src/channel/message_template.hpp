// Message templates: Mustache text (kainjow/mustache) rendered with a JSON
// object of variables, e.g. "【小店】{{customer.name}}您好，优惠券{{coupon.code}}已到账".
//
// Supported: variables ({{a.b}}, {{{a.b}}}, {{&a.b}}), sections and inverted
// sections ({{#coupon}}..{{/coupon}}, {{^coupon}}..{{/coupon}}), comments and
// set-delimiter tags. Not supported: partials ({{> name}}), an error.
// Variable names are ASCII letters, digits, '_', '-' and '.' (dotted paths
// into objects), or "." (the current list item).
//
// Every error is invalid_argument with the line and column (1-based; columns
// count characters, not bytes) of the offending tag in the status location.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::channel {

struct RenderOptions {
  // Off for SMS, WeChat and plain-text email: "&" stays "&". On escapes
  // &<>"' in {{name}} (never in {{{name}}}), for HTML bodies.
  bool html_escape = false;
};

// Renders text with vars (a JSON object). Strings render as they are,
// numbers in their JSON form; objects, lists, booleans and null are for
// sections. A variable outside every section must have a value: a missing,
// null, boolean, object or list value there is an error naming it (so a
// message never goes out as "尊敬的，您好"); inside a section, names resolve
// through the section's context as Mustache does and absent ones render empty.
Result<std::string> render_template(std::string_view text, const Json& vars,
                                    const RenderOptions& options = {});

// The names a template uses (variables and sections), as written, each once,
// in order of first use. Errors for templates that do not parse.
Result<std::vector<std::string>> template_variables(std::string_view text);

// OK when the template parses and uses only names from `allowed`. A name
// inside a section may also be relative to it ("code" inside {{#coupon}}
// stands for "coupon.code"); a section name is allowed when it, or any
// allowed name below it ("coupon" for "coupon.code"), is. The error names the
// first unknown variable and where it is.
Status check_template(std::string_view text, const std::set<std::string, std::less<>>& allowed);

// The variables Guanxi provides to customer messages: customer.name,
// customer.tier, coupon.code, coupon.amount, coupon.expires_at, product.name,
// order.id, points.balance, shop.name, unsubscribe_url.
const std::set<std::string, std::less<>>& standard_template_variables();

}  // namespace guanxi::channel
