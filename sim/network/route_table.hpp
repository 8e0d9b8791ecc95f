// File: sim/network/route_table.hpp
// The routes of one shortest-path pass, turned into Route values on first use. A pass keeps
// only a forest (a few numbers per facility); writing out every facility's path eagerly
// would cost the sum of all path lengths, which on a long chain is quadratic. A route is
// built once, under a mutex, and then read without locking through an atomic pointer, so
// the table is safe to share between replication threads and references stay valid for the
// table's lifetime.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "network/shortest_paths.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::network::detail {

/// What a route needs to know about each link: its mean travel and its distance.
struct LinkCost {
  double minutes = 0;
  double km = 0;
};

/// The route from `from` to its nearest source in `tree` (!exists() when unreachable).
[[nodiscard]] Route route_along(const ShortestPathTree& tree, const std::vector<LinkCost>& links, FacilityIndex from);

class RouteTable {
 public:
  RouteTable(ShortestPathTree tree, std::shared_ptr<const std::vector<LinkCost>> links);
  /// Copies the forest; the copy starts with an empty cache.
  RouteTable(const RouteTable& other);
  RouteTable& operator=(const RouteTable&) = delete;

  /// The route from `from` to its nearest source (!exists() when none is reachable).
  /// Thread-safe; the reference lives as long as the table.
  [[nodiscard]] const Route& get(FacilityIndex from) const;

  [[nodiscard]] const ShortestPathTree& tree() const noexcept { return tree_; }

 private:
  ShortestPathTree tree_;
  std::shared_ptr<const std::vector<LinkCost>> links_;  // shared by every table of a network
  mutable std::unique_ptr<std::atomic<const Route*>[]> slots_;
  mutable std::mutex mutex_;
  mutable std::deque<Route> store_;  // a deque: push_back never moves what is stored
};

}  // namespace tiersim::network::detail
