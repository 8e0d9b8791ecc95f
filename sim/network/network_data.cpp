#include "network/network_data.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <string_view>

namespace tiersim::network::detail {
namespace {

using scenario::Tier;

std::uint8_t tier_rank(Tier t) noexcept { return static_cast<std::uint8_t>(t); }

// Edit distance, for "did you mean" on an unknown `refer_to` id.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(const scenario::Scenario& s, std::string_view id) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, id.size() / 3) + 1;
  for (const auto& f : s.facilities) {
    const auto d = edit_distance(id, f.id);
    if (d < best_distance) {
      best_distance = d;
      best = f.id;
    }
  }
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

std::unique_ptr<RouteTable> pass(const Graph& g, const std::vector<Source>& sources,
                                 const std::shared_ptr<const std::vector<LinkCost>>& links) {
  return std::make_unique<RouteTable>(multi_source_dijkstra(g, sources), links);
}

std::unique_ptr<RouteTable> copy_table(const std::unique_ptr<RouteTable>& t) {
  return t ? std::make_unique<RouteTable>(*t) : nullptr;
}

}  // namespace

Diagnostic diagnostic_at(const scenario::SourcePos& pos, std::string path, std::string message) {
  return Diagnostic{pos.file, pos.line, pos.column, std::move(path), std::move(message)};
}

NetworkData::NetworkData(const NetworkData& other)
    : tier(other.tier),
      beds(other.beds),
      links(other.links),
      graph(other.graph),
      referral_override(other.referral_override),
      able_key(other.able_key),
      able_of_condition(other.able_of_condition) {
  for (int t = 0; t < scenario::kTierCount; ++t) {
    referral[t] = copy_table(other.referral[t]);
    of_tier[t] = copy_table(other.of_tier[t]);
  }
  for (const auto& a : other.able) able.push_back(copy_table(a));
}

std::unique_ptr<NetworkData> NetworkData::build(const scenario::Scenario& s, std::vector<Diagnostic>& diagnostics) {
  auto d = std::make_unique<NetworkData>();
  const auto n = s.facilities.size();
  for (const auto& f : s.facilities) {
    d->tier.push_back(f.tier);
    d->beds.push_back(f.beds);
  }

  auto links = std::make_shared<std::vector<LinkCost>>();
  for (std::size_t i = 0; i < s.links.size(); ++i) {
    const auto& l = s.links[i];
    links->push_back(LinkCost{l.travel.mean(), l.km});
    const auto path = fmt::format("links[{}]", i);
    if (l.from >= n || l.to >= n) {
      diagnostics.push_back(diagnostic_at(l.pos, path, "the link names a facility that does not exist"));
    } else if (l.from == l.to) {
      diagnostics.push_back(diagnostic_at(
          l.pos, path,
          fmt::format("the link joins facility '{}' to itself; a link must join two different facilities",
                      s.facilities[l.from].id)));
    }
  }
  d->links = links;
  d->graph = build_graph(s);

  // Referral passes: sources are every facility above tier t.
  for (int t = 0; t < scenario::kTierCount; ++t) {
    std::vector<Source> above, exactly;
    for (std::size_t i = 0; i < n; ++i) {
      const auto rank = tier_rank(s.facilities[i].tier);
      if (rank > t) above.push_back(Source{static_cast<std::uint32_t>(i), rank});
      if (rank == t) exactly.push_back(Source{static_cast<std::uint32_t>(i), rank});
    }
    if (!above.empty()) d->referral[t] = pass(d->graph, above, links);
    d->of_tier[t] = pass(d->graph, exactly, links);
  }

  // One able pass per distinct (specialty, required level) among the conditions.
  std::map<std::pair<SpecialtyIndex, int>, std::uint32_t> able_index;
  for (const auto& c : s.conditions) {
    const auto key = std::make_pair(c.specialty, c.required_level);
    auto [it, added] = able_index.try_emplace(key, static_cast<std::uint32_t>(d->able_key.size()));
    if (added) {
      d->able_key.push_back(key);
      std::vector<Source> sources;
      for (std::size_t i = 0; i < n; ++i) {
        const auto& cap = s.facilities[i].capability;
        const int level = c.specialty < cap.size() ? cap[c.specialty] : 0;
        if (level >= c.required_level) {
          sources.push_back(Source{static_cast<std::uint32_t>(i), tier_rank(s.facilities[i].tier)});
        }
      }
      d->able.push_back(pass(d->graph, sources, links));
    }
    d->able_of_condition.push_back(it->second);
  }

  // Explicit `refer_to:` overrides: must name a known facility of a higher tier, reachable.
  for (std::size_t i = 0; i < n; ++i) {
    const auto& f = s.facilities[i];
    if (f.refer_to.empty()) continue;
    const auto path = fmt::format("facilities[{}].refer_to", f.id);
    const auto target = s.find_facility(f.refer_to);
    if (!target) {
      diagnostics.push_back(diagnostic_at(
          f.pos, path, fmt::format("expected the id of a facility, got '{}'{}", f.refer_to, did_you_mean(s, f.refer_to))));
      continue;
    }
    const auto& to = s.facilities[*target];
    if (tier_rank(to.tier) <= tier_rank(f.tier)) {
      diagnostics.push_back(diagnostic_at(
          f.pos, path,
          fmt::format("referral cannot go up: '{}' is {} tier, not above this facility's {} tier; refer_to must "
                      "name a facility of a higher tier",
                      to.id, scenario::tier_name(to.tier), scenario::tier_name(f.tier))));
      continue;
    }
    auto route = d->shortest_route(static_cast<FacilityIndex>(i), *target);
    if (!route.exists()) {
      diagnostics.push_back(diagnostic_at(
          f.pos, path,
          fmt::format("no chain of links leads from '{}' to '{}'; add a link so referred patients can get there",
                      f.id, to.id)));
      continue;
    }
    d->referral_override.emplace(static_cast<FacilityIndex>(i), std::move(route));
  }
  return d;
}

const Route& NetworkData::referral_of(FacilityIndex from) const {
  static const Route kNone;
  TIERSIM_ASSERT(from < tier.size(), "facility index out of range");
  if (auto it = referral_override.find(from); it != referral_override.end()) return it->second;
  const auto& table = referral[tier_rank(tier[from])];
  return table ? table->get(from) : kNone;
}

FacilityIndex NetworkData::referral_target(FacilityIndex from) const {
  TIERSIM_ASSERT(from < tier.size(), "facility index out of range");
  if (auto it = referral_override.find(from); it != referral_override.end()) return it->second.to;
  const auto& table = referral[tier_rank(tier[from])];
  return table ? table->tree().nearest[from] : kNoIndex;
}

Route NetworkData::shortest_route(FacilityIndex from, FacilityIndex to) const {
  TIERSIM_ASSERT(from < tier.size() && to < tier.size(), "facility index out of range");
  // A pass with `to` as its only source: the forest then points every facility towards `to`.
  const auto tree = multi_source_dijkstra(graph, {Source{to, tier_rank(tier[to])}});
  return route_along(tree, *links, from);
}

}  // namespace tiersim::network::detail
