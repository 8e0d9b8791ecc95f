// File: scenario/yaml/reader.hpp
// Typed reading of YAML nodes with messages: every reader either returns a value or records
// one diagnostic (`path: expected ..., got ...`) and returns nullopt, so decoding goes on and
// every problem of a file is reported in one run.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/yaml/diag.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::scenario::yaml {

/// A node, its path for messages (`facilities[meiziwu].servers`) and its origin.
struct Cursor {
  YAML::Node node{YAML::NodeType::Undefined};
  std::string path;
  const Origin* origin = nullptr;
  YAML::Node key{YAML::NodeType::Undefined};  ///< the key naming this node in its mapping, when there is one

  [[nodiscard]] bool present() const { return node.IsDefined() && !node.IsNull(); }
};

using Keys = std::vector<std::string>;

class Reader {
 public:
  Reader(Diagnostics& diags, const Origins& origins) : diags_(diags), origins_(origins) {}

  /// Records `message` at `c`.
  void error(const Cursor& c, std::string message) const;
  /// Records `message` at the key of `c` (for unknown keys), or at `c` itself.
  void error_at_key(const Cursor& c, std::string message) const;

  /// The value of `key` in mapping `map` (not present(): absent).
  [[nodiscard]] Cursor child(const Cursor& map, const std::string& key) const;
  /// Element `i` of list `list`, its path `list.path + suffix` (e.g. "[meiziwu]").
  [[nodiscard]] Cursor element(const Cursor& list, std::size_t i, const std::string& suffix) const;
  /// Every (key, value) of mapping `map` in file order.
  [[nodiscard]] std::vector<Cursor> entries(const Cursor& map) const;

  /// Checks that `c` is a mapping whose keys are among `known` (else "did you mean") and that
  /// holds every key of `required`. False when `c` is not a mapping.
  bool mapping(const Cursor& c, const Keys& known, const Keys& required = {}) const;
  /// Checks that `c` is a list. An absent node is an empty list.
  bool list(const Cursor& c) const;

  [[nodiscard]] std::optional<std::string> text(const Cursor& c) const;
  [[nodiscard]] std::optional<bool> boolean(const Cursor& c) const;
  /// A finite number in [min, max]; `what` describes it ("a probability").
  [[nodiscard]] std::optional<double> number(const Cursor& c, double min, double max, const char* what) const;
  [[nodiscard]] std::optional<long long> whole(const Cursor& c, long long min, long long max) const;
  [[nodiscard]] std::optional<std::uint64_t> seed(const Cursor& c) const;
  [[nodiscard]] std::optional<double> probability(const Cursor& c) const { return number(c, 0, 1, "a probability 0-1"); }
  [[nodiscard]] std::optional<int> level(const Cursor& c) const;
  /// A duration with a unit, >= min minutes (and > min when `strict`).
  [[nodiscard]] std::optional<double> duration(const Cursor& c, double min = 0, bool strict = false) const;
  /// One of `names` (index), with "did you mean"; `what` names the kind ("tier").
  [[nodiscard]] std::optional<int> choice(const Cursor& c, const Keys& names, const char* what) const;
  [[nodiscard]] std::optional<Distribution> distribution(const Cursor& c) const;
  [[nodiscard]] std::optional<OpeningHours> hours(const Cursor& c) const;

  [[nodiscard]] Diagnostics& diagnostics() const { return diags_; }

 private:
  Diagnostics& diags_;
  const Origins& origins_;
};

/// The names of the tiers and severities, lowest first.
[[nodiscard]] const Keys& tier_names();
[[nodiscard]] const Keys& severity_names();

}  // namespace tiersim::scenario::yaml
