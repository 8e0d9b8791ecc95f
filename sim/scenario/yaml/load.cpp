// The public loading functions of tiersim/scenario/load.hpp: files and text to a checked
// Scenario, following `extends:` and applying `set:` and overrides on the tree.
#include <atomic>
#include <filesystem>

#include <fmt/format.h>

#include "scenario/yaml/decode.hpp"
#include "scenario/yaml/keys.hpp"
#include "scenario/yaml/load_impl.hpp"
#include "scenario/yaml/overrides.hpp"
#include "scenario/yaml/tree.hpp"
#include "scenario/yaml/tree_copy.hpp"

namespace tiersim::scenario {

namespace yaml {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEmbeddedDir = "<embedded>";

std::atomic<std::uint64_t> g_documents_merged{0};

std::string identity_of(const std::string& name) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::path(name), ec);
  return ec ? fs::path(name).lexically_normal().string() : p.string();
}

// Why a parsed base file cannot be extended, or nullopt when it looks like a scenario.
std::optional<std::string> not_a_scenario(const YAML::Node& base) {
  if (base.IsNull() || !base.IsDefined()) return std::string("nothing (an empty document)");
  if (base.IsScalar()) return fmt::format("a single text value ({}), not a mapping of scenario keys", show(base));
  if (base.IsSequence()) return std::string("a list, not a mapping of scenario keys");
  if (base["sweep"].IsDefined() && !base["name"].IsDefined()) {
    return std::string("a sweep (a sweep's base is a scenario; a scenario cannot extend a sweep)");
  }
  for (const auto& key : keys::kTop) {
    if (base[key].IsDefined()) return std::nullopt;
  }
  return std::string("a mapping without any scenario key (format, name, facilities, conditions, ...)");
}

// A written value as text: a scalar as written, a mapping or list in flow style; at most 80
// characters (a replaced `facilities:` list would otherwise fill a page).
std::string written_text(const YAML::Node& node) {
  std::string out;
  if (node.IsScalar()) {
    out = node.Scalar();
  } else {
    YAML::Emitter e;
    e.SetMapFormat(YAML::Flow);
    e.SetSeqFormat(YAML::Flow);
    e << node;
    out = e.good() ? std::string(e.c_str()) : show(node);
  }
  constexpr std::size_t kMax = 80;
  if (out.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    out = out.substr(0, cut) + "...";
  }
  return out;
}

// What load_tree() records of how the scenario was written (Scenario::root_file, written).
struct Written {
  std::string root;
  std::vector<WrittenValue> values;
};

// Parses `text` of file `name`, follows its `extends:` chain and applies its `set:`; returns
// the merged tree, or nullopt (with diagnostics) when it cannot be built.
std::optional<YAML::Node> load_tree(std::string_view text, const std::string& name, Origins& origins,
                                    Diagnostics& diags, std::vector<std::string>& chain, Written& written) {
  const Origin file_origin{name, false, 0, 0, {}};
  g_documents_merged.fetch_add(1, std::memory_order_relaxed);
  auto parsed = parse_text(text, file_origin, diags);
  if (!parsed) return std::nullopt;
  YAML::Node doc = *parsed;
  const Origin* origin = origins.add(doc, file_origin);
  if (!doc.IsMap()) return doc;  // the decoder reports "expected a mapping"
  Reader r(diags, origins);
  const Cursor root{doc, "", origin, YAML::Node(YAML::NodeType::Undefined)};
  YAML::Node merged;
  merged.reset(doc);
  if (const Cursor ext = r.child(root, "extends"); ext.node.IsDefined()) {
    const auto rel = r.text(ext);
    if (!rel) return std::nullopt;
    const fs::path base_path = (fs::path(name).parent_path() / fs::path(*rel)).lexically_normal();
    const std::string base = base_path.string();
    const std::string id = identity_of(base);
    if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
      std::string cycle;
      for (auto it = std::find(chain.begin(), chain.end(), id); it != chain.end(); ++it) cycle += fs::path(*it).filename().string() + " -> ";
      r.error(ext, fmt::format("expected a chain of extends without a cycle, got {}{}", cycle, base_path.filename().string()));
      return std::nullopt;
    }
    if (base.rfind(kEmbeddedDir, 0) == 0) {
      r.error(ext, fmt::format("expected a file on disk, got {} (the embedded scenario extends nothing)", show(ext.node)));
      return std::nullopt;
    }
    Diagnostic where = make_diagnostic(*ext.origin, ext.node.Mark(), ext.path, "");
    const auto base_text = read_file_text(base, where, diags);
    if (!base_text) return std::nullopt;
    chain.push_back(id);
    auto base_tree = load_tree(*base_text, base, origins, diags, chain, written);
    chain.pop_back();
    if (!base_tree) return std::nullopt;
    // A file that reads as YAML but is not a scenario (`extends: /etc/passwd` reads as one long
    // text value) is refused at the `extends:` entry, saying what the file holds.
    if (const auto why = not_a_scenario(*base_tree)) {
      r.error(ext, fmt::format("expected a scenario file to extend, got \"{}\", which holds {}", base, *why));
      return std::nullopt;
    }
    // The extending file's own keys replace the base's whole; `set:` is for finer changes.
    for (const Cursor& e : r.entries(root)) {
      const std::string& key = e.key.Scalar();
      if (key == "extends" || key == "set") continue;
      written.values.push_back({key, written_text(e.node), fmt::format("{}:{}", name, e.key.Mark().line + 1)});
      (*base_tree)[key] = e.node;
      origins.add(e.node, file_origin);
    }
    merged.reset(*base_tree);
  } else {
    written.root = identity_of(name);
  }
  if (const Cursor set = r.child(root, "set"); set.node.IsDefined()) {
    if (!set.node.IsMap()) {
      r.error(set, fmt::format("expected a mapping of paths to values, got {}", show(set.node)));
      return std::nullopt;
    }
    bool ok = true;
    for (const Cursor& e : r.entries(set)) {
      const std::string& path = e.key.Scalar();
      const YAML::Mark m = e.key.Mark();
      const Origin entry{name, true, m.line + 1, m.column + 1, fmt::format("set: {}", path)};
      // The value keeps its own marks (it is in this file); the path's problems, and the key
      // the entry adds (which has no mark), point at the entry.
      Origin value_origin = file_origin;
      value_origin.label = entry.label;
      value_origin.line = entry.line;
      value_origin.column = entry.column;
      origins.add(e.node, value_origin);
      written.values.push_back({path, written_text(e.node), fmt::format("{}:{}", name, entry.line)});
      ok = apply_override(merged, path, e.node, entry, origins, diags) && ok;
    }
    if (!ok) return std::nullopt;
  }
  return merged;
}

}  // namespace

std::vector<PlacedOverride> place(const std::vector<Override>& overrides) {
  std::vector<PlacedOverride> out;
  for (const auto& o : overrides) {
    out.push_back({o.path, o.yaml_value, Origin{"<override>", true, 0, 0, fmt::format("override {}={}", o.path, o.yaml_value)}});
  }
  return out;
}

std::uint64_t documents_merged() noexcept { return g_documents_merged.load(std::memory_order_relaxed); }

std::optional<Merged> merge_text(std::string_view text, const std::string& display_name, Diagnostics& diags) {
  Merged m;
  m.name = display_name;
  std::vector<std::string> chain{identity_of(display_name)};
  Written written;
  auto tree = load_tree(text, display_name, m.origins, diags, chain, written);
  if (!tree) return std::nullopt;
  m.tree = *tree;
  m.root = std::move(written.root);
  m.written = std::move(written.values);
  return m;
}

Merged merge_or_throw(std::string_view text, const std::string& display_name, Diagnostics& diags) {
  auto merged = merge_text(text, display_name, diags);
  diags.throw_if_any();
  if (!merged) throw ScenarioError({Diagnostic{display_name, 0, 0, "", "could not be loaded"}});
  return std::move(*merged);
}

ScenarioBase make_base(Merged m) {
  auto shared = std::make_shared<ScenarioBase::Merged>();
  static_cast<Merged&>(*shared) = std::move(m);
  return ScenarioBase(std::move(shared));
}

Merged copy_of(const Merged& m) {
  Merged out;
  out.name = m.name;
  out.root = m.root;
  out.written = m.written;
  TreeCopier copier;
  out.tree = copier.copy(m.tree);
  // In the order registered, so that Origins::find (latest first) answers as it did. A node
  // the tree does not hold (the document of an extending file) is never looked up: dropped.
  for (const auto& [node, origin] : m.origins.roots()) {
    if (const auto c = copier.copied(node)) out.origins.add(*c, origin);
  }
  return out;
}

std::optional<Scenario> decode_merged(Merged m, const std::vector<PlacedOverride>& overrides, Diagnostics& diags) {
  const std::size_t before = diags.size();
  Origins& origins = m.origins;
  YAML::Node* tree = &m.tree;
  for (const auto& o : overrides) {
    auto value = parse_text(o.yaml_value, o.origin, diags, false);
    if (!value) continue;
    std::string where = o.origin.file == "<override>" ? std::string("override") : o.origin.file;
    if (o.origin.line > 0) where += fmt::format(":{}", o.origin.line);
    m.written.push_back({o.path, written_text(*value), std::move(where)});
    origins.add(*value, o.origin);
    apply_override(*tree, o.path, *value, o.origin, origins, diags);
  }
  if (diags.size() > before) return std::nullopt;
  Reader r(diags, origins);
  const Origin* root_origin = origins.find(*tree);
  static const Origin kUnknown{};
  const Cursor root{*tree, "", root_origin ? root_origin : &kUnknown, YAML::Node(YAML::NodeType::Undefined)};
  if (!tree->IsMap()) {
    r.error(root, fmt::format("expected a mapping of scenario keys, got {}", show(*tree)));
    return std::nullopt;
  }
  const YAML::Node& ctree = *tree;
  if (ctree["sweep"].IsDefined() && !ctree["name"].IsDefined()) {
    r.error(root, "expected a scenario, got a sweep file (use tiersim sweep, or tiersim validate to check it)");
    return std::nullopt;
  }
  Scenario s = decode_scenario(r, root);
  if (diags.size() > before) return std::nullopt;
  s.source_file = m.name;
  s.root_file = std::move(m.root);
  s.written = std::move(m.written);
  return s;
}

std::optional<Scenario> load_into(std::string_view text, const std::string& display_name,
                                  const std::vector<PlacedOverride>& overrides, Diagnostics& diags) {
  auto merged = merge_text(text, display_name, diags);
  if (!merged) return std::nullopt;
  return decode_merged(std::move(*merged), overrides, diags);
}

std::optional<Scenario> load_into(const Merged& base, const std::vector<PlacedOverride>& overrides,
                                  Diagnostics& diags) {
  return decode_merged(copy_of(base), overrides, diags);
}

}  // namespace yaml

Scenario load_scenario_text(std::string_view text, const std::string& display_name,
                            const std::vector<Override>& overrides) {
  yaml::Diagnostics diags;
  auto s = yaml::load_into(text, display_name, yaml::place(overrides), diags);
  diags.throw_if_any();
  if (!s) throw ScenarioError({Diagnostic{display_name, 0, 0, "", "could not be loaded"}});
  return std::move(*s);
}

Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  yaml::Diagnostics diags;
  const auto text = yaml::read_file_text(path, Diagnostic{path, 0, 0, "", ""}, diags);
  diags.throw_if_any();
  return load_scenario_text(*text, path, overrides);
}

Scenario load_default_scenario(const std::vector<Override>& overrides) {
  return load_scenario_text(embedded_default_text(), std::string("<embedded>/") + std::string(embedded_default_name()),
                            overrides);
}

ScenarioBase ScenarioBase::from_text(std::string_view text, const std::string& display_name) {
  yaml::Diagnostics diags;
  return yaml::make_base(yaml::merge_or_throw(text, display_name, diags));
}

ScenarioBase ScenarioBase::from_file(const std::string& path) {
  yaml::Diagnostics diags;
  const auto text = yaml::read_file_text(path, Diagnostic{path, 0, 0, "", ""}, diags);
  diags.throw_if_any();
  return from_text(*text, path);
}

ScenarioBase ScenarioBase::embedded_default() {
  return from_text(embedded_default_text(), std::string("<embedded>/") + std::string(embedded_default_name()));
}

const std::string& ScenarioBase::name() const { return merged_->name; }

Scenario load_scenario(const ScenarioBase& base, const std::vector<Override>& overrides) {
  yaml::Diagnostics diags;
  auto s = yaml::load_into(base.merged(), yaml::place(overrides), diags);
  diags.throw_if_any();
  if (!s) throw ScenarioError({Diagnostic{base.name(), 0, 0, "", "could not be loaded"}});
  return std::move(*s);
}

}  // namespace tiersim::scenario
