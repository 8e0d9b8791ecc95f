// File: sim/network/graph.hpp
// The Boost.Graph representation of a scenario's facility network: the only place the
// adjacency_list type is spelled out. Vertices are facilities (vertex i is
// Scenario::facilities[i]); each link is one undirected edge weighted by the mean of its
// travel distribution, carrying the link's index so that routes can list the links a patient
// travels (and the flow model can draw each link's own travel time).
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>

#include "tiersim/scenario/scenario.hpp"

namespace tiersim::network::detail {

/// What an edge carries: its weight (mean travel, minutes, >= 0) and the index of its link.
struct EdgeData {
  double minutes = 0;
  std::uint32_t link = 0;
};

/// vecS vertices keep vertex descriptors equal to facility indices; vecS out-edges keep
/// parallel links (two roads between the same pair) as distinct edges.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property, EdgeData>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

/// Builds the graph of `s`. Links whose ends are out of range or equal are skipped (build()
/// reports them as errors before this is used for routing).
[[nodiscard]] Graph build_graph(const scenario::Scenario& s);

}  // namespace tiersim::network::detail
