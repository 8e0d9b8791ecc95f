#include "serve/variant.hpp"

#include <filesystem>
#include <regex>

#include <fmt/format.h>

namespace tiersim::serve {

namespace {

using nlohmann::ordered_json;

constexpr std::size_t kMaxPathLength = 300;

/// Text YAML reads back as this very string: letters, digits and a few marks, not starting
/// with a character YAML gives a meaning to, and not a word YAML reads as a boolean or null.
bool plain_safe(const std::string& s) {
  static const std::regex kPlain("[A-Za-z0-9_][A-Za-z0-9_.:/ -]*");
  static const std::regex kSpecial("(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|"
                                   "null|Null|NULL|~|[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+)");
  return !s.empty() && s.size() < 200 && std::regex_match(s, kPlain) && !std::regex_match(s, kSpecial) &&
         s.back() != ' ' && s.find(": ") == std::string::npos && s.find(" #") == std::string::npos;
}

}  // namespace

std::string yaml_value(const ordered_json& value, const std::string& path) {
  if (value.is_null()) throw BadRequest(fmt::format("set: {}: expected a value, got null", path));
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    return plain_safe(s) ? s : ordered_json(s).dump();
  }
  return value.dump();  // numbers, booleans, objects and arrays: JSON text is YAML flow text
}

std::vector<scenario::Override> overrides_from_json(const ordered_json& set, int max_entries) {
  if (set.is_null()) return {};
  if (!set.is_object()) throw BadRequest(fmt::format("set: expected an object of paths to values, got {}", set.type_name()));
  if (static_cast<int>(set.size()) > max_entries) {
    throw BadRequest(fmt::format("set: expected at most {} entries, got {}", max_entries, set.size()));
  }
  std::vector<scenario::Override> out;
  for (const auto& [path, value] : set.items()) {
    if (path.empty()) throw BadRequest("set: expected a path such as facilities[county].servers, got an empty key");
    if (path.size() > kMaxPathLength) {
      throw BadRequest(fmt::format("set: expected a path of at most {} characters, got {}", kMaxPathLength, path.size()));
    }
    const std::string head = path.substr(0, path.find_first_of(".["));
    if (head == "seed") {
      throw BadRequest("set: seed: expected a path other than seed (the variant runs on the base's seed: common random numbers)");
    }
    if (head == "replications") throw BadRequest("set: replications: expected the request's \"replications\" field instead");
    if (head == "extends" || head == "set") throw BadRequest(fmt::format("set: {}: expected a scenario value, got a file key", path));
    out.push_back({path, yaml_value(value, path)});
  }
  return out;
}

ordered_json overrides_json(const std::vector<scenario::Override>& overrides) {
  ordered_json out = ordered_json::object();
  for (const auto& o : overrides) {
    // The YAML texts made above are JSON texts too, except plain strings.
    ordered_json v = ordered_json::parse(o.yaml_value, nullptr, false);
    out[o.path] = v.is_discarded() ? ordered_json(o.yaml_value) : v;
  }
  return out;
}

std::string variant_yaml(const CatalogueEntry& base, const std::vector<scenario::Override>& overrides, int replications,
                         int run_id) {
  std::string extends;
  std::string where;
  if (base.file.empty()) {
    extends = "hengkou.yaml";
    where = "# The base is tiersim's embedded default, scenarios/hengkou.yaml in tiersim's repository:\n"
            "# save this file beside a copy of it.\n";
  } else {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(base.file, ec);
    extends = ec ? base.file : abs.lexically_normal().string();
  }
  std::string out = fmt::format("# A variant of {} made with tiersim serve (run {}).\n{}", base.scenario.name, run_id, where);
  out += fmt::format("# tiersim run FILE gives the numbers the page showed for it.\nextends: {}\n",
                     ordered_json(extends).dump());
  out += fmt::format("replications: {}\n", replications);
  if (overrides.empty()) {
    out += "# no change from the base\n";
    return out;
  }
  out += "set:\n";
  for (const auto& o : overrides) {
    // Paths as the docs write them stay plain; anything else is quoted.
    static const std::regex kPlainPath(R"([A-Za-z_][A-Za-z0-9_.\[\]-]*)");
    const std::string key = std::regex_match(o.path, kPlainPath) ? o.path : ordered_json(o.path).dump();
    out += fmt::format("  {}: {}\n", key, o.yaml_value);
  }
  return out;
}

}  // namespace tiersim::serve
