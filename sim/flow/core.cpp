// The shared state's set-up: facilities' servers, beds, hours at t = 0, levels, and the
// referral hops flattened for the hot path.
#include "flow/core.hpp"

namespace tiersim::flow {

Core::Core(const scenario::Scenario& scenario, const network::Network& network, int replication_index,
           const ReplicationOptions& opts)
    : s(scenario),
      net(network),
      replication(replication_index),
      options(opts),
      streams(scenario.seed, static_cast<std::uint64_t>(replication_index)),
      specialties(std::max<std::size_t>(1, scenario.specialties.size())),
      warmup_end(scenario.warmup),
      end(scenario.warmup + scenario.horizon) {
  const std::size_t n = s.facilities.size();
  facilities.resize(n);
  levels.assign(n * specialties, Level{});
  stats.green.resize(s.conditions.size());
  tier.reserve(n);
  for (std::size_t f = 0; f < n; ++f) {
    const auto& fac = s.facilities[f];
    auto& fs = facilities[f];
    tier.push_back(fac.tier);
    fs.base_capacity = fac.servers;
    fs.beds = fac.beds;
    fs.open = fac.hours.is_open(0);
    for (std::size_t sp = 0; sp < fac.capability.size() && sp < specialties; ++sp) {
      levels[f * specialties + sp].own = static_cast<std::int16_t>(fac.capability[sp]);
    }
  }
  // Each facility's referral route, flattened: the hot path of a referral then reads two
  // small arrays instead of following the network's route tables.
  up.resize(n);
  for (std::size_t f = 0; f < n; ++f) {
    const auto& r = net.referral(static_cast<FacilityIndex>(f));
    if (!r.exists()) continue;
    up[f] = Hop{r.to, static_cast<std::uint32_t>(hop_links.size()), static_cast<std::uint32_t>(r.links.size())};
    hop_links.insert(hop_links.end(), r.links.begin(), r.links.end());
  }
}

}  // namespace tiersim::flow
