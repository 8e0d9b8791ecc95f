#include "network/graph.hpp"

namespace tiersim::network::detail {

Graph build_graph(const scenario::Scenario& s) {
  Graph g(s.facilities.size());
  const auto n = s.facilities.size();
  for (std::size_t i = 0; i < s.links.size(); ++i) {
    const auto& l = s.links[i];
    if (l.from >= n || l.to >= n || l.from == l.to) continue;
    boost::add_edge(l.from, l.to, EdgeData{l.travel.mean(), static_cast<std::uint32_t>(i)}, g);
  }
  return g;
}

}  // namespace tiersim::network::detail
