// File: sim/network/network_data.hpp
// Everything Network holds, as a plain struct the facade (network.cpp) and the checks
// (checks.cpp) share: the graph, one route table per multi-source pass, the explicit
// `refer_to` routes and the single-pair route cache.
//
// Passes (each one multi-source Dijkstra over the whole graph):
//   referral[t]  sources: every facility of a tier above t      -> referral of tier-t facilities
//   of_tier[t]   sources: every facility of tier t              -> nearest_of_tier(., t)
//   able[k]      sources: every facility with own level >= L for specialty S, for the k-th
//                distinct (S, L) among the conditions           -> nearest_able(., c)
// That is at most 3 + 4 + (distinct specialty/level pairs) passes, each O(E log V).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "network/graph.hpp"
#include "network/route_table.hpp"
#include "tiersim/error.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::network::detail {

struct NetworkData {
  std::vector<scenario::Tier> tier;                      ///< per facility
  std::vector<int> beds;                                 ///< per facility
  std::shared_ptr<const std::vector<LinkCost>> links;    ///< per link
  Graph graph;
  std::array<std::unique_ptr<RouteTable>, scenario::kTierCount> referral;  ///< null: no higher tier
  std::unordered_map<FacilityIndex, Route> referral_override;  ///< valid `refer_to:` routes
  std::array<std::unique_ptr<RouteTable>, scenario::kTierCount> of_tier;
  std::vector<std::pair<SpecialtyIndex, int>> able_key;  ///< (specialty, required level) per able pass
  std::vector<std::unique_ptr<RouteTable>> able;         ///< per able pass
  std::vector<std::uint32_t> able_of_condition;          ///< condition -> able pass

  mutable std::mutex route_mutex;
  mutable std::unordered_map<std::uint64_t, Route> route_cache;

  NetworkData() = default;
  NetworkData(const NetworkData& other);  ///< deep copy; the route cache starts empty

  /// Builds the graph and every pass; `diagnostics` receives problems with links and
  /// `refer_to` found on the way (bad links are left out of the graph).
  static std::unique_ptr<NetworkData> build(const scenario::Scenario& s, std::vector<Diagnostic>& diagnostics);

  [[nodiscard]] const Route& referral_of(FacilityIndex from) const;
  /// referral_of(from).to, without writing out the route.
  [[nodiscard]] FacilityIndex referral_target(FacilityIndex from) const;
  /// Shortest path between two facilities (single-source Dijkstra, not cached).
  [[nodiscard]] Route shortest_route(FacilityIndex from, FacilityIndex to) const;
};

/// A `file:line:col` diagnostic at `pos`.
[[nodiscard]] Diagnostic diagnostic_at(const scenario::SourcePos& pos, std::string path, std::string message);

/// Every problem the graph reveals (unreachable treatment, referral loops); empty when none.
[[nodiscard]] std::vector<Diagnostic> check_network(const scenario::Scenario& s, const NetworkData& d);

}  // namespace tiersim::network::detail
