// The checks build() runs on the graph: treatment must be reachable from every populated
// catchment, and upward referral must go up. Problems are grouped so that one missing road
// produces one message, not one per village behind it.
#include <boost/graph/connected_components.hpp>
#include <fmt/format.h>
#include <map>

#include "network/network_data.hpp"

namespace tiersim::network::detail {
namespace {

int level_of(const scenario::Facility& f, SpecialtyIndex sp) {
  return sp < f.capability.size() ? f.capability[sp] : 0;
}

void check_treatment_reachable(const scenario::Scenario& s, const NetworkData& d, std::vector<Diagnostic>& out) {
  const auto n = s.facilities.size();
  std::vector<int> component(n, 0);
  if (n > 0) boost::connected_components(d.graph, component.data());

  for (std::size_t c = 0; c < s.conditions.size(); ++c) {
    const auto& cond = s.conditions[c];
    if (!(cond.per_1000_per_year > 0)) continue;
    const auto& tree = d.able[d.able_of_condition[c]]->tree();
    // Per connected component: the first stranded populated facility and how many more.
    std::map<int, std::pair<std::size_t, std::size_t>> stranded;
    for (std::size_t f = 0; f < n; ++f) {
      if (!(s.facilities[f].population > 0) || tree.nearest[f] != kNoIndex) continue;
      auto [it, added] = stranded.try_emplace(component[f], f, 0);
      if (!added) ++it->second.second;
    }
    const auto& specialty = cond.specialty < s.specialties.size() ? s.specialties[cond.specialty] : std::string("?");
    for (const auto& [comp, first_and_more] : stranded) {
      const auto [first, more] = first_and_more;
      // The best level for the specialty anywhere in this part of the network.
      int best = -1;
      std::size_t best_at = 0;
      for (std::size_t f = 0; f < n; ++f) {
        if (component[f] == comp && level_of(s.facilities[f], cond.specialty) > best) {
          best = level_of(s.facilities[f], cond.specialty);
          best_at = f;
        }
      }
      const auto best_text =
          best > 0 ? fmt::format("the best reachable is level {} at '{}'", best, s.facilities[best_at].id)
                   : fmt::format("no reachable facility has any {} capability (level 0)", specialty);
      const auto others =
          more == 0 ? std::string()
                    : fmt::format("; {} other populated facilit{} connected to it {} the same problem", more,
                                  more == 1 ? "y" : "ies", more == 1 ? "has" : "have");
      const auto& f = s.facilities[first];
      out.push_back(diagnostic_at(
          f.pos, fmt::format("facilities[{}]", f.id),
          fmt::format("condition '{}' ({}, required level {}, incidence {} per 1,000 a year) cannot be treated: no "
                      "facility reachable from '{}' has {} level >= {}; {}{}. Add a link to a facility that can "
                      "treat it, or raise a capability",
                      cond.name, specialty, cond.required_level, cond.per_1000_per_year, f.id, specialty,
                      cond.required_level, best_text, others)));
    }
  }
}

void check_referral_goes_up(const scenario::Scenario& s, const NetworkData& d, std::vector<Diagnostic>& out) {
  for (std::size_t i = 0; i < s.facilities.size(); ++i) {
    std::vector<FacilityIndex> chain{static_cast<FacilityIndex>(i)};
    // Every step must raise the tier, so a chain has at most kTierCount facilities; a longer
    // one can only be a loop.
    while (chain.size() <= static_cast<std::size_t>(scenario::kTierCount)) {
      const auto next = d.referral_target(chain.back());
      if (next == kNoIndex) break;
      const auto& from = s.facilities[chain.back()];
      const auto& to = s.facilities[next];
      if (static_cast<int>(to.tier) <= static_cast<int>(from.tier)) {
        std::string names;
        for (auto f : chain) names += s.facilities[f].id + " -> ";
        out.push_back(diagnostic_at(from.pos, fmt::format("facilities[{}]", from.id),
                                    fmt::format("upward referral does not go up: {}{} ({} tier to {} tier)", names,
                                                to.id, scenario::tier_name(from.tier),
                                                scenario::tier_name(to.tier))));
        break;
      }
      chain.push_back(next);
    }
  }
}

}  // namespace

std::vector<Diagnostic> check_network(const scenario::Scenario& s, const NetworkData& d) {
  std::vector<Diagnostic> out;
  check_treatment_reachable(s, d, out);
  check_referral_goes_up(s, d, out);
  return out;
}

}  // namespace tiersim::network::detail
