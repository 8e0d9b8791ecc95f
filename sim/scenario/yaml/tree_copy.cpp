// Deep copies of yaml-cpp trees. See tree_copy.hpp.
//
// yaml-cpp 0.7 sets a node's mark only in its parser: YAML::Node has no setter, and the
// detail::node underneath (which has set_mark) is private to Node. Node declares every
// specialisation of YAML::as_if a friend, so the one specialisation below, keyed to a type
// of this file, is the single place that reaches under a Node. Nothing else here depends on
// yaml-cpp internals beyond detail/node.h, an installed header.
#include "scenario/yaml/tree_copy.hpp"

#include <unordered_map>

namespace tiersim::scenario::yaml {
struct NodeAccessKey;
}  // namespace tiersim::scenario::yaml

namespace YAML {

template <>
struct as_if<tiersim::scenario::yaml::NodeAccessKey, void> {
  /// The detail::node of `n`, or nullptr for a node that has none (a default-built null).
  static const detail::node* node_of(const Node& n) { return n.m_isValid ? n.m_pNode : nullptr; }
  static Node wrap(detail::node& n, const detail::shared_memory_holder& memory) { return Node(n, memory); }
};

}  // namespace YAML

namespace tiersim::scenario::yaml {

namespace {

using Access = YAML::as_if<NodeAccessKey, void>;
using DetailNode = YAML::detail::node;

}  // namespace

struct TreeCopier::Impl {
  YAML::detail::shared_memory_holder memory = std::make_shared<YAML::detail::memory_holder>();
  std::unordered_map<const DetailNode*, DetailNode*> by_node;             // original -> copy
  std::unordered_map<const YAML::detail::node_ref*, DetailNode*> by_ref;  // shared data -> first copy

  DetailNode& copy(const DetailNode& n) {
    if (const auto it = by_node.find(&n); it != by_node.end()) return *it->second;
    DetailNode& c = memory->create_node();
    by_node.emplace(&n, &c);
    // Another node with the same data was copied: share the copy's data, as the originals do.
    if (const auto it = by_ref.find(n.ref()); it != by_ref.end()) {
      c.set_ref(*it->second);
      return c;
    }
    by_ref.emplace(n.ref(), &c);
    // Read only through const iterators: size() would update yaml-cpp's cached counts, a write
    // to a tree other threads may be copying too.
    switch (n.type()) {
      case YAML::NodeType::Undefined:
        break;
      case YAML::NodeType::Null:
        c.set_null();
        break;
      case YAML::NodeType::Scalar:
        c.set_scalar(n.scalar());
        break;
      case YAML::NodeType::Sequence:
        c.set_type(YAML::NodeType::Sequence);
        for (auto it = n.begin(); it != n.end(); ++it) c.push_back(copy(*it->pNode), memory);
        break;
      case YAML::NodeType::Map:
        c.set_type(YAML::NodeType::Map);
        for (auto it = n.begin(); it != n.end(); ++it) c.insert(copy(*it->first), copy(*it->second), memory);
        break;
    }
    if (n.is_defined()) {
      c.set_tag(n.tag());
      c.set_style(n.style());
    }
    c.set_mark(n.mark());
    return c;
  }
};

TreeCopier::TreeCopier() : impl_(std::make_unique<Impl>()) {}
TreeCopier::~TreeCopier() = default;

YAML::Node TreeCopier::copy(const YAML::Node& node) {
  const DetailNode* n = Access::node_of(node);
  if (n == nullptr) return YAML::Node();  // a null with no node under it: nothing to share
  return Access::wrap(impl_->copy(*n), impl_->memory);
}

std::optional<YAML::Node> TreeCopier::copied(const YAML::Node& node) {
  const DetailNode* n = Access::node_of(node);
  if (n == nullptr) return std::nullopt;
  if (impl_->by_node.count(n) == 0 && impl_->by_ref.count(n->ref()) == 0) return std::nullopt;
  return Access::wrap(impl_->copy(*n), impl_->memory);
}

}  // namespace tiersim::scenario::yaml
