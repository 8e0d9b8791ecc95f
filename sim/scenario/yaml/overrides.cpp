// Override paths. See overrides.hpp.
#include "scenario/yaml/overrides.hpp"

#include <charconv>
#include <variant>

#include <fmt/format.h>

namespace tiersim::scenario::yaml {

namespace {

struct Key {
  std::string name;
};
struct Select {
  std::string text;  // digits: an index; else an id or name
};
using Step = std::variant<Key, Select>;

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Splits a path into steps, or returns the problem.
std::string parse_path(const std::string& path, std::vector<Step>& steps) {
  std::size_t i = 0;
  if (path.empty()) return "expected a path such as facilities[meiziwu].servers, got nothing";
  while (i < path.size()) {
    std::size_t j = i;
    while (j < path.size() && key_char(path[j])) ++j;
    if (j == i) return fmt::format("expected a key at character {} of \"{}\"", i + 1, path);
    steps.push_back(Key{path.substr(i, j - i)});
    i = j;
    while (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return fmt::format("expected [index] or [id] in \"{}\"", path);
      steps.push_back(Select{path.substr(i + 1, close - i - 1)});
      i = close + 1;
    }
    if (i == path.size()) break;
    if (path[i] != '.') return fmt::format("expected '.' or '[' at character {} of \"{}\"", i + 1, path);
    ++i;
    if (i == path.size()) return fmt::format("expected a key after the last '.' of \"{}\"", path);
  }
  return {};
}

std::string prefix_text(const std::vector<Step>& steps, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (const auto* k = std::get_if<Key>(&steps[i])) out += (out.empty() ? "" : ".") + k->name;
    else out += "[" + std::get<Select>(steps[i]).text + "]";
  }
  return out;
}

}  // namespace

std::string override_path_problem(const std::string& path) {
  std::vector<Step> steps;
  return parse_path(path, steps);
}

bool apply_override(YAML::Node root, const std::string& path, const YAML::Node& value, const Origin& origin,
                    Origins& origins, Diagnostics& diags) {
  auto fail = [&](std::string message) {
    diags.add(origin, YAML::Mark::null_mark(), path, std::move(message));
    return false;
  };
  std::vector<Step> steps;
  if (std::string problem = parse_path(path, steps); !problem.empty()) return fail(problem);
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const bool last = s + 1 == steps.size();
    const std::string at = prefix_text(steps, s);
    if (const auto* k = std::get_if<Key>(&steps[s])) {
      if (!cur.IsMap()) {
        return fail(fmt::format("expected a mapping at '{}' to set '{}' in, got {}", at.empty() ? "(top)" : at,
                                k->name, show(cur)));
      }
      if (last) {
        cur[k->name] = value;
        return true;
      }
      const YAML::Node existing = get(cur, k->name);
      if (!existing.IsDefined() || existing.IsNull()) {
        YAML::Node fresh(YAML::NodeType::Map);
        cur[k->name] = fresh;
        origins.add(fresh, origin);
      }
      YAML::Node next = cur[k->name];
      cur.reset(next);
      continue;
    }
    const std::string& sel = std::get<Select>(steps[s]).text;
    if (!cur.IsSequence()) return fail(fmt::format("expected a list at '{}' to select [{}] in, got {}", at, sel, show(cur)));
    std::size_t index = 0;
    const auto [ptr, ec] = std::from_chars(sel.data(), sel.data() + sel.size(), index);
    const bool numeric = ec == std::errc() && ptr == sel.data() + sel.size();
    if (numeric) {
      if (index >= cur.size()) {
        return fail(fmt::format("expected an index below {} (the length of '{}'), got {}", cur.size(), at, index));
      }
    } else {
      std::vector<std::string> names;
      bool found = false;
      for (std::size_t i = 0; i < cur.size() && !found; ++i) {
        const YAML::Node e = cur[i];
        for (const char* key : {"id", "name"}) {
          const YAML::Node v = get(e, key);
          if (!v.IsDefined() || !v.IsScalar()) continue;
          names.push_back(v.Scalar());
          if (v.Scalar() == sel) {
            index = i;
            found = true;
            break;
          }
          break;  // an element with an id is named by it, not by its name
        }
      }
      if (!found) {
        return fail(fmt::format("expected the id or name of an element of '{}', got \"{}\"{}", at, sel, hint(sel, names)));
      }
    }
    if (last) {
      cur[index] = value;
      return true;
    }
    YAML::Node next = cur[index];
    cur.reset(next);
  }
  return true;
}

}  // namespace tiersim::scenario::yaml
