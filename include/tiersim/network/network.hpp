// File: tiersim/network/network.hpp
// The facility graph of a scenario and the routes the flow model needs, computed once per
// scenario (shared read-only by every replication and thread).
//
// Facilities are vertices and links are undirected edges weighted by mean travel time; the
// Boost.Graph representation stays inside sim/network. Routes are shortest paths on mean
// travel time; a patient's travel along a route is the sum of one draw per link.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "tiersim/fwd.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::network {

/// A shortest path from one facility to another.
struct Route {
  FacilityIndex to = kNoIndex;        ///< kNoIndex: no such destination
  std::vector<std::uint32_t> links;   ///< indices into Scenario::links, in travel order
  double mean_minutes = 0;            ///< sum of the links' mean travel times
  double km = 0;
  [[nodiscard]] bool exists() const noexcept { return to != kNoIndex; }
};

/// Read-only after build(); safe to share between threads.
class Network {
 public:
  /// Builds the graph and every route; throws ScenarioError (with the facility's or link's
  /// position in the file) when a populated catchment cannot reach a facility able to treat
  /// one of the conditions, when a link joins a facility to itself, or when upward referral
  /// would loop.
  static Network build(const scenario::Scenario& s);

  Network();
  ~Network();
  Network(Network&&) noexcept;
  Network& operator=(Network&&) noexcept;
  Network(const Network&);
  Network& operator=(const Network&);

  [[nodiscard]] std::size_t facility_count() const noexcept;

  /// Where a facility refers a case it cannot treat: the nearest facility of a higher tier
  /// by travel time (ties: lower tier first, then lower index). !exists() at the top.
  [[nodiscard]] const Route& referral(FacilityIndex from) const;

  /// The nearest facility of exactly tier t (for bypass: county; out of county: regional).
  [[nodiscard]] const Route& nearest_of_tier(FacilityIndex from, scenario::Tier t) const;

  /// The nearest facility whose own level for condition c's specialty is at least its
  /// required level (visiting experts not counted): the green channel's destination.
  [[nodiscard]] const Route& nearest_able(FacilityIndex from, ConditionIndex c) const;

  /// The shortest path between two facilities (computed on demand and cached; thread-safe).
  [[nodiscard]] Route route(FacilityIndex from, FacilityIndex to) const;

  /// Where a patient who lives in `home`'s catchment recovers during step-down when treated
  /// at a facility of tier `treated_at`: the nearest facility of a lower tier than
  /// `treated_at` with beds, preferring `home` itself and its referral chain. kNoIndex: none.
  [[nodiscard]] FacilityIndex step_down_target(FacilityIndex home, scenario::Tier treated_at) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiersim::network
