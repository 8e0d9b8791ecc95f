#include "network/route_table.hpp"

#include "tiersim/error.hpp"

namespace tiersim::network::detail {

RouteTable::RouteTable(ShortestPathTree tree, std::shared_ptr<const std::vector<LinkCost>> links)
    : tree_(std::move(tree)),
      links_(std::move(links)),
      slots_(std::make_unique<std::atomic<const Route*>[]>(tree_.nearest.size())) {}

RouteTable::RouteTable(const RouteTable& other) : RouteTable(other.tree_, other.links_) {}

const Route& RouteTable::get(FacilityIndex from) const {
  TIERSIM_ASSERT(from < tree_.nearest.size(), "facility index out of range");
  if (const Route* r = slots_[from].load(std::memory_order_acquire)) return *r;
  const std::lock_guard lock(mutex_);
  const Route* r = slots_[from].load(std::memory_order_relaxed);
  if (r == nullptr) {
    r = &store_.emplace_back(route_along(tree_, *links_, from));
    slots_[from].store(r, std::memory_order_release);
  }
  return *r;
}

Route route_along(const ShortestPathTree& tree, const std::vector<LinkCost>& links, FacilityIndex from) {
  Route route;
  if (tree.nearest[from] == kNoIndex) return route;
  route.to = tree.nearest[from];
  // Each facility's next step leads towards its nearest source, so walking the steps from
  // `from` lists the links in travel order.
  for (auto v = from; tree.next_link[v] != kNoIndex; v = tree.next_vertex[v]) {
    const auto l = tree.next_link[v];
    route.links.push_back(l);
    route.mean_minutes += links[l].minutes;
    route.km += links[l].km;
  }
  return route;
}

}  // namespace tiersim::network::detail
