// The public facade of the facility graph: build() runs every pass and every check, then
// the queries read the pass tables (see network_data.hpp for the passes and their cost).
#include "tiersim/network/network.hpp"

#include "network/network_data.hpp"

namespace tiersim::network {

struct Network::Impl {
  std::unique_ptr<detail::NetworkData> data;
};

Network Network::build(const scenario::Scenario& s) {
  std::vector<Diagnostic> diagnostics;
  auto data = detail::NetworkData::build(s, diagnostics);
  auto more = detail::check_network(s, *data);
  diagnostics.insert(diagnostics.end(), more.begin(), more.end());
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  Network net;
  net.impl_->data = std::move(data);
  return net;
}

Network::Network() : impl_(std::make_unique<Impl>()) { impl_->data = std::make_unique<detail::NetworkData>(); }
Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;
Network::Network(const Network& other)
    : impl_(std::make_unique<Impl>(Impl{std::make_unique<detail::NetworkData>(*other.impl_->data)})) {}
Network& Network::operator=(const Network& other) {
  if (this != &other) *this = Network(other);
  return *this;
}

std::size_t Network::facility_count() const noexcept { return impl_->data->tier.size(); }

const Route& Network::referral(FacilityIndex from) const { return impl_->data->referral_of(from); }

const Route& Network::nearest_of_tier(FacilityIndex from, scenario::Tier t) const {
  const auto& d = *impl_->data;
  TIERSIM_ASSERT(from < d.tier.size(), "facility index out of range");
  return d.of_tier[static_cast<int>(t)]->get(from);
}

const Route& Network::nearest_able(FacilityIndex from, ConditionIndex c) const {
  const auto& d = *impl_->data;
  TIERSIM_ASSERT(from < d.tier.size(), "facility index out of range");
  TIERSIM_ASSERT(c < d.able_of_condition.size(), "condition index out of range");
  return d.able[d.able_of_condition[c]]->get(from);
}

Route Network::route(FacilityIndex from, FacilityIndex to) const {
  const auto& d = *impl_->data;
  TIERSIM_ASSERT(from < d.tier.size() && to < d.tier.size(), "facility index out of range");
  if (from == to) return Route{to, {}, 0, 0};
  const auto key = (static_cast<std::uint64_t>(from) << 32) | to;
  {
    const std::lock_guard lock(d.route_mutex);
    if (auto it = d.route_cache.find(key); it != d.route_cache.end()) return it->second;
  }
  // Computed outside the lock so other threads are not held up by a Dijkstra pass; two
  // threads asking for the same new pair both compute the same route, and the first stored wins.
  auto r = d.shortest_route(from, to);
  const std::lock_guard lock(d.route_mutex);
  return d.route_cache.try_emplace(key, std::move(r)).first->second;
}

FacilityIndex Network::step_down_target(FacilityIndex home, scenario::Tier treated_at) const {
  const auto& d = *impl_->data;
  TIERSIM_ASSERT(home < d.tier.size(), "facility index out of range");
  // Home first (recovery nearest the family), then up home's referral chain while the tier
  // stays below the treating tier: the first of them with beds.
  for (auto f = home; f != kNoIndex && d.tier[f] < treated_at; f = d.referral_target(f)) {
    if (d.beds[f] > 0) return f;
  }
  return kNoIndex;
}

}  // namespace tiersim::network
