// File: scenario/yaml/diag.hpp
// Collecting diagnostics while reading YAML, and knowing which file (or which override)
// each node came from. The one place where yaml-cpp's 0-based marks become the 1-based
// lines and columns of tiersim's messages is make_diagnostic() in mark.cpp.
#pragma once

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "tiersim/error.hpp"

namespace tiersim::scenario::yaml {

/// Where a subtree came from. Nodes of a file carry useful marks; the value of an override
/// was parsed from a short text of its own, so its messages use the override's position
/// (`line`, `column`, 1-based, 0 unknown) and name it (`label`). In a file's subtree
/// (`is_override` false) `line`/`column`, when set, stand in for nodes without a mark: the
/// key a `set:` entry put into the tree points at the entry.
struct Origin {
  std::string file;
  bool is_override = false;
  int line = 0;
  int column = 0;
  std::string label;  ///< e.g. `set: facilities[meiziwu].servers: six`
};

/// The roots of subtrees with a known origin: the document of each file, the top-level values
/// an `extends` file contributes, and each override's value. Lookup is by node identity.
class Origins {
 public:
  /// Registers `node` (shared with the tree it was put in) as coming from `origin`.
  const Origin* add(const YAML::Node& node, Origin origin);
  /// The origin of `node` when it is a registered root, else nullptr.
  [[nodiscard]] const Origin* find(const YAML::Node& node) const;
  /// Every registration, oldest first (to carry them over to a copy of the tree).
  [[nodiscard]] const std::deque<std::pair<YAML::Node, Origin>>& roots() const noexcept { return roots_; }

 private:
  std::deque<std::pair<YAML::Node, Origin>> roots_;  // deque: pointers to origins stay valid
};

/// The 1-based diagnostic for a node at `mark` (yaml-cpp's 0-based mark) of `origin`.
[[nodiscard]] Diagnostic make_diagnostic(const Origin& origin, const YAML::Mark& mark, std::string path,
                                         std::string message);

/// Every problem found so far, in the order found.
class Diagnostics {
 public:
  void add(Diagnostic d);
  void add(const Origin& origin, const YAML::Mark& mark, std::string path, std::string message) {
    add(make_diagnostic(origin, mark, std::move(path), std::move(message)));
  }
  [[nodiscard]] bool empty() const noexcept { return list_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return list_.size(); }
  [[nodiscard]] const std::vector<Diagnostic>& list() const noexcept { return list_; }
  /// Throws ScenarioError with everything collected, if anything was.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> list_;
};

/// The value of `key` in mapping `map`, or an undefined node (never yaml-cpp's invalid
/// "zombie" node, on which even IsScalar() throws).
[[nodiscard]] YAML::Node get(const YAML::Node& map, const std::string& key);

/// How a value is shown after "got": numbers and booleans as written, text in double quotes,
/// `nothing` for a null, `a mapping` / `a list` for collections.
[[nodiscard]] std::string show(const YAML::Node& node);

/// The closest of `candidates` to `word` by edit distance (transpositions count once), or ""
/// when none is close enough to be a plausible misspelling.
[[nodiscard]] std::string closest(const std::string& word, const std::vector<std::string>& candidates);

/// `" (did you mean 'x'?)"`, or `" (expected one of: a, b, c)"` when nothing is close.
[[nodiscard]] std::string hint(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace tiersim::scenario::yaml
