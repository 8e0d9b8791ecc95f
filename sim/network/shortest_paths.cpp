#include "network/shortest_paths.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>
#include <limits>
#include <tuple>

#include "tiersim/fwd.hpp"

namespace tiersim::network::detail {
namespace {

// The lexicographic distance label: mean minutes, then the tier and index of the source the
// path comes from. Every label on a shortest path carries its source, so the predecessor
// chain of a facility always leads to the source its label names.
struct Label {
  double minutes = std::numeric_limits<double>::infinity();
  std::uint8_t tier = std::numeric_limits<std::uint8_t>::max();
  std::uint32_t source = kNoIndex;
};

struct LabelLess {
  bool operator()(const Label& a, const Label& b) const noexcept {
    return std::tie(a.minutes, a.tier, a.source) < std::tie(b.minutes, b.tier, b.source);
  }
};

struct LabelPlusWeight {
  Label operator()(const Label& a, double w) const noexcept { return Label{a.minutes + w, a.tier, a.source}; }
};

// Records the edge that last improved each vertex: with parallel links between a pair the
// vertex predecessor alone would not say which link the path uses.
class RecordEdges : public boost::default_dijkstra_visitor {
 public:
  explicit RecordEdges(ShortestPathTree* tree) : tree_(tree) {}
  void edge_relaxed(const Edge& e, const Graph& g) const {
    const auto v = boost::target(e, g);
    tree_->next_link[v] = g[e].link;
    tree_->next_vertex[v] = static_cast<std::uint32_t>(boost::source(e, g));
  }

 private:
  ShortestPathTree* tree_;
};

}  // namespace

ShortestPathTree multi_source_dijkstra(const Graph& g, const std::vector<Source>& sources) {
  const auto n = boost::num_vertices(g);
  ShortestPathTree tree;
  tree.minutes.assign(n, std::numeric_limits<double>::infinity());
  tree.nearest.assign(n, kNoIndex);
  tree.next_link.assign(n, kNoIndex);
  tree.next_vertex.assign(n, kNoIndex);
  if (sources.empty() || n == 0) return tree;

  std::vector<Label> labels(n);
  std::vector<Vertex> starts;
  starts.reserve(sources.size());
  for (const auto& s : sources) {
    labels[s.facility] = Label{0.0, s.tier, s.facility};
    starts.push_back(s.facility);
  }
  const auto index = boost::get(boost::vertex_index, g);
  auto dist = boost::make_iterator_property_map(labels.begin(), index);
  // The no_init variant keeps each source's own label (the initialising variant would give
  // every source the same zero label and lose the tie-break).
  boost::dijkstra_shortest_paths_no_init(g, starts.begin(), starts.end(), boost::dummy_property_map(), dist,
                                         boost::get(&EdgeData::minutes, g), index, LabelLess{}, LabelPlusWeight{},
                                         Label{0.0, 0, 0}, RecordEdges(&tree));
  for (std::size_t v = 0; v < n; ++v) {
    tree.minutes[v] = labels[v].minutes;
    tree.nearest[v] = labels[v].source;
  }
  return tree;
}

}  // namespace tiersim::network::detail
