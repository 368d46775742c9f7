#include "channel/message_template.hpp"

#include <algorithm>
#include <kainjow/mustache.hpp>

#include "channel/utf8.hpp"

namespace guanxi::channel {

namespace {

namespace mustache = kainjow::mustache;

enum class TagKind { kVariable, kSectionBegin, kInvertedBegin, kSectionEnd, kPartial };

struct Tag {
  TagKind kind = TagKind::kVariable;
  std::string name;
  size_t offset = 0;  // byte offset of the opening delimiter
  size_t end = 0;     // byte offset just past the closing delimiter
  size_t depth = 0;   // sections enclosing the tag (a section's own tags: the outer depth)
  std::vector<std::string> sections;  // names of the enclosing sections, outermost first
};

Location location_of(std::string_view text, size_t offset) {
  Location loc;
  loc.line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      line_start = i + 1;
    }
  }
  loc.column = static_cast<int64_t>(utf8_length(text.substr(line_start, offset - line_start))) + 1;
  return loc;
}

Status template_error(std::string_view text, size_t offset, const std::string& message) {
  const Location loc = location_of(text, offset);
  return Status::invalid("template line " + std::to_string(loc.line) + ", column " +
                             std::to_string(loc.column) + ": " + message,
                         loc);
}

std::string_view trim_whitespace(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_valid_name(std::string_view name) {
  if (name == ".") return true;
  if (name.empty() || name.front() == '.' || name.back() == '.' ||
      name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && (std::isalnum(u) || c == '_' || c == '-' || c == '.');
  });
}

// Splits a template into its tags, following the grammar kainjow/mustache
// parses, and checks sections nest and names are well-formed.
Result<std::vector<Tag>> scan(std::string_view text) {
  std::vector<Tag> tags;
  std::string open = "{{";
  std::string close = "}}";
  std::vector<std::pair<std::string, size_t>> sections;  // name, offset
  size_t pos = 0;
  while (true) {
    const size_t start = text.find(open, pos);
    if (start == std::string_view::npos) break;
    size_t content = start + open.size();
    std::string_view end_delim = close;
    const bool triple =
        open == "{{" && close == "}}" && content < text.size() && text[content] == '{';
    if (triple) {
      ++content;
      end_delim = "}}}";
    }
    const size_t end = text.find(end_delim, content);
    if (end == std::string_view::npos) return template_error(text, start, "unclosed tag");
    const std::string_view inner = trim_whitespace(text.substr(content, end - content));
    pos = end + end_delim.size();

    if (!triple && !inner.empty() && inner.front() == '=') {
      // {{=<% %>=}}
      if (inner.size() < 5 || inner.back() != '=') {
        return template_error(text, start, "invalid set-delimiter tag");
      }
      const std::string_view pair = trim_whitespace(inner.substr(1, inner.size() - 2));
      const size_t space = pair.find(' ');
      if (space == std::string_view::npos) {
        return template_error(text, start, "invalid set-delimiter tag");
      }
      const std::string_view a = pair.substr(0, space);
      const std::string_view b = trim_whitespace(pair.substr(space));
      if (a.empty() || b.empty() || a.find('=') != std::string_view::npos ||
          b.find_first_of("= \t") != std::string_view::npos) {
        return template_error(text, start, "invalid set-delimiter tag");
      }
      open = std::string(a);
      close = std::string(b);
      continue;
    }

    Tag tag;
    tag.offset = start;
    tag.end = pos;
    std::string_view name = inner;
    if (!triple && !inner.empty()) {
      const char sigil = inner.front();
      if (sigil == '!') continue;  // a comment
      switch (sigil) {
        case '#':
          tag.kind = TagKind::kSectionBegin;
          break;
        case '^':
          tag.kind = TagKind::kInvertedBegin;
          break;
        case '/':
          tag.kind = TagKind::kSectionEnd;
          break;
        case '>':
          tag.kind = TagKind::kPartial;
          break;
        default:
          break;
      }
      if (tag.kind != TagKind::kVariable || sigil == '&') name = trim_whitespace(inner.substr(1));
    }
    tag.name = std::string(name);
    if (tag.kind == TagKind::kPartial) {
      return template_error(text, start, "partials ({{> " + tag.name + "}}) are not supported");
    }
    if (!is_valid_name(tag.name)) {
      return template_error(
          text, start, tag.name.empty() ? "empty tag" : "invalid variable name '" + tag.name + "'");
    }
    for (const auto& s : sections) tag.sections.push_back(s.first);
    tag.depth = sections.size();
    if (tag.kind == TagKind::kSectionBegin || tag.kind == TagKind::kInvertedBegin) {
      sections.emplace_back(tag.name, start);
    } else if (tag.kind == TagKind::kSectionEnd) {
      if (sections.empty()) {
        return template_error(text, start,
                              "closing tag for section '" + tag.name + "' that is not open");
      }
      if (sections.back().first != tag.name) {
        return template_error(text, start,
                              "closing tag for section '" + tag.name + "' while section '" +
                                  sections.back().first + "' is open");
      }
      sections.pop_back();
      tag.sections.pop_back();
      tag.depth = sections.size();
    }
    tags.push_back(std::move(tag));
  }
  if (!sections.empty()) {
    return template_error(text, sections.back().second,
                          "section '" + sections.back().first + "' is never closed");
  }
  return tags;
}

mustache::data to_data(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [key, value] : v.items()) d.set(key, to_data(value));
      return d;
    }
    case Json::value_t::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& item : v) d.push_back(to_data(item));
      return d;
    }
    case Json::value_t::string:
      return mustache::data{v.get<std::string>()};
    case Json::value_t::boolean:
      return mustache::data{v.get<bool>()};
    case Json::value_t::null:
      return mustache::data{false};
    default:
      return mustache::data{v.dump()};
  }
}

// The value of a dotted name in vars, or null when absent.
const Json* lookup(const Json& vars, std::string_view name) {
  if (name == ".") return &vars;
  const Json* cur = &vars;
  size_t start = 0;
  while (start <= name.size()) {
    const size_t dot = std::min(name.find('.', start), name.size());
    if (!cur->is_object()) return nullptr;
    const auto it = cur->find(std::string(name.substr(start, dot - start)));
    if (it == cur->end()) return nullptr;
    cur = &*it;
    start = dot + 1;
  }
  return cur;
}

}  // namespace

Result<std::string> render_template(std::string_view text, const Json& vars,
                                    const RenderOptions& options) {
  if (!vars.is_object()) return Status::invalid("template variables must be a JSON object");
  GX_ASSIGN_OR_RETURN(const auto tags, scan(text));
  for (const Tag& tag : tags) {
    if (tag.kind != TagKind::kVariable || tag.depth != 0) continue;
    const Json* value = lookup(vars, tag.name);
    if (value == nullptr || value->is_null()) {
      return template_error(text, tag.offset, "variable '" + tag.name + "' has no value");
    }
    if (value->is_object() || value->is_array() || value->is_boolean()) {
      return template_error(text, tag.offset,
                            "variable '" + tag.name + "' is " + value->type_name() +
                                ", not text (use it as a section)");
    }
  }
  // The common case — plain variables, no sections, comments or delimiter
  // changes, no escaping — is substituted directly: the same output as the
  // mustache engine without parsing the template and converting every variable.
  const bool plain = !options.html_escape && text.find("{{!") == std::string_view::npos &&
                     text.find("{{=") == std::string_view::npos &&
                     std::all_of(tags.begin(), tags.end(),
                                 [](const Tag& t) { return t.kind == TagKind::kVariable; });
  if (plain) {
    std::string out;
    out.reserve(text.size() + 64);
    size_t at = 0;
    for (const Tag& tag : tags) {
      out.append(text.substr(at, tag.offset - at));
      const Json* value = lookup(vars, tag.name);
      if (value->is_string())
        out += value->get_ref<const std::string&>();
      else
        out += value->dump();
      at = tag.end;
    }
    out.append(text.substr(at));
    return out;
  }
  mustache::mustache tmpl{std::string(text)};
  if (!options.html_escape) tmpl.set_custom_escape([](const std::string& s) { return s; });
  if (!tmpl.is_valid()) return Status::invalid("template: " + tmpl.error_message());
  std::string out = tmpl.render(to_data(vars));
  if (!tmpl.is_valid()) return Status::invalid("template: " + tmpl.error_message());
  return out;
}

Result<std::vector<std::string>> template_variables(std::string_view text) {
  GX_ASSIGN_OR_RETURN(const auto tags, scan(text));
  std::vector<std::string> names;
  for (const Tag& tag : tags) {
    if (tag.kind == TagKind::kSectionEnd || tag.name == ".") continue;
    if (std::find(names.begin(), names.end(), tag.name) == names.end()) names.push_back(tag.name);
  }
  return names;
}

Status check_template(std::string_view text, const std::set<std::string, std::less<>>& allowed) {
  GX_ASSIGN_OR_RETURN(const auto tags, scan(text));
  const auto known = [&](const std::string& name, bool section) {
    if (allowed.contains(name)) return true;
    if (section) {
      const auto it = allowed.lower_bound(name + ".");
      return it != allowed.end() && it->starts_with(name + ".");
    }
    return false;
  };
  for (const Tag& tag : tags) {
    if (tag.kind == TagKind::kSectionEnd || tag.name == ".") continue;
    const bool section = tag.kind != TagKind::kVariable;
    bool ok = known(tag.name, section);
    // Relative to an enclosing section: "code" inside {{#coupon}} is "coupon.code".
    std::string prefix;
    for (size_t i = 0; i < tag.sections.size() && !ok; ++i) {
      prefix.clear();
      for (size_t j = 0; j <= i; ++j) prefix += tag.sections[j] + ".";
      ok = known(prefix + tag.name, section) || known(tag.sections[i] + "." + tag.name, section);
    }
    if (!ok) {
      return template_error(text, tag.offset, "unknown variable '" + tag.name + "'");
    }
  }
  return Status::ok();
}

const std::set<std::string, std::less<>>& standard_template_variables() {
  static const std::set<std::string, std::less<>> names = {
      "customer.name", "customer.tier", "coupon.code",    "coupon.amount", "coupon.expires_at",
      "product.name",  "order.id",      "points.balance", "shop.name",     "unsubscribe_url"};
  return names;
}

}  // namespace guanxi::channel
