// File: scenario/yaml/tree_copy.hpp
// Deep copies of yaml-cpp trees that keep every node's mark (so messages about a copied node
// still say file:line:col) and every sharing between nodes (so an override applied to a copy
// changes exactly what it would have changed in the original). yaml-cpp's own YAML::Clone
// drops marks, and copying a Node only shares it.
#pragma once

#include <memory>
#include <optional>

#include <yaml-cpp/yaml.h>

namespace tiersim::scenario::yaml {

/// Copies trees into one fresh yaml-cpp memory of its own. Within one copier a node is copied
/// once: a node reached twice (a YAML alias) has one copy reached twice, and two nodes that
/// share their data (a `set:` value and the place it was set to) have copies that share
/// theirs. The originals are only read, never changed (not even yaml-cpp's cached sizes), so
/// several copiers may copy one tree on several threads at once.
class TreeCopier {
 public:
  TreeCopier();
  ~TreeCopier();
  TreeCopier(const TreeCopier&) = delete;
  TreeCopier& operator=(const TreeCopier&) = delete;

  /// The copy of `node` and everything under it.
  [[nodiscard]] YAML::Node copy(const YAML::Node& node);

  /// The copy of `node` if copy() has already copied it, or a node sharing its data; else
  /// nullopt. For bookkeeping keyed by node identity (Origins): a node the copied tree does not
  /// hold needs no copy.
  [[nodiscard]] std::optional<YAML::Node> copied(const YAML::Node& node);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiersim::scenario::yaml
