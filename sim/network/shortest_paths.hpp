// File: sim/network/shortest_paths.hpp
// Multi-source Dijkstra on the facility graph: one pass from every facility of a set (for
// example "every facility of a tier above township") finds, for every facility at once, the
// nearest member of the set by mean travel time and the path to it. This is what lets the
// network scale to a province (tens of thousands of facilities) without all-pairs paths.
//
// Ties between members at exactly the same mean travel time are broken by the member's lower
// tier, then its lower facility index, by carrying (minutes, tier, index) as a lexicographic
// distance label: the nearest member is then unique and does not depend on the order edges
// are stored in.
#pragma once

#include <cstdint>
#include <vector>

#include "network/graph.hpp"

namespace tiersim::network::detail {

/// One source of a pass: a facility and the tier used to break ties.
struct Source {
  std::uint32_t facility = 0;
  std::uint8_t tier = 0;
};

/// The result of one pass: for each facility, its nearest source and the first step of the
/// shortest path towards that source (a shortest-path forest rooted at the sources).
struct ShortestPathTree {
  std::vector<double> minutes;              ///< mean travel to the nearest source; +inf unreachable
  std::vector<std::uint32_t> nearest;       ///< the nearest source; kNoIndex unreachable
  std::vector<std::uint32_t> next_link;     ///< link of the first step towards it; kNoIndex at a source
  std::vector<std::uint32_t> next_vertex;   ///< facility reached by that step
};

/// Runs one multi-source Dijkstra pass. `sources` may be empty (every facility unreachable).
[[nodiscard]] ShortestPathTree multi_source_dijkstra(const Graph& g, const std::vector<Source>& sources);

}  // namespace tiersim::network::detail
