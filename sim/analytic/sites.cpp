// Per-facility inputs of the analytic model: expert-visit and outreach time shares, opening
// hours, capacity building. See sites.hpp and sim/analytic/README.md for the approximations.
#include "analytic/sites.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace tiersim::analytic::detail {

namespace {

using scenario::OpeningHours;

// Minutes of [lo, hi) (within one day) during which the facility is open.
double open_minutes(const OpeningHours& h, double lo, double hi) {
  auto overlap = [&](double a, double b) { return std::max(0.0, std::min(hi, b) - std::max(lo, a)); };
  if (h.open <= h.close) return overlap(h.open, h.close);
  return overlap(0, h.close) + overlap(h.open, kDay);  // open across midnight
}

// Visits can be frequent and horizons long; past this many visit ends the build times are
// long settled (every threshold `after` is reached within the first few dozen visits).
constexpr std::size_t kMaxVisitEnds = 1'000'000;

}  // namespace

Sites::Sites(const scenario::Scenario& s, const network::Network& net)
    : s_(s),
      specialties_(s.specialties.size()),
      window_begin_(s.warmup),
      window_end_(s.warmup + s.horizon) {
  const std::size_t n = s.facilities.size();
  servers_.resize(n);
  open_share_.resize(n);
  closed_arrivals_.resize(n);
  up_.resize(n);
  const double hourly_total = std::accumulate(s.arrivals.hourly.begin(), s.arrivals.hourly.end(), 0.0);
  for (std::size_t f = 0; f < n; ++f) {
    const auto& fac = s.facilities[f];
    servers_[f] = fac.servers;
    const auto& r = net.referral(static_cast<FacilityIndex>(f));
    up_[f] = r.exists() ? r.to : kNoIndex;
    if (fac.hours.always) {
      open_share_[f] = 1;
      closed_arrivals_[f] = 0;
      continue;
    }
    open_share_[f] = open_minutes(fac.hours, 0, kDay) / kDay;
    // The day of week scales every hour of a day alike, so only the hourly profile matters.
    double closed = 0;
    for (int h = 0; h < 24; ++h) {
      const double w = hourly_total > 0 ? s.arrivals.hourly[static_cast<std::size_t>(h)] / hourly_total : 1.0 / 24;
      closed += w * (1.0 - open_minutes(fac.hours, h * kHour, (h + 1) * kHour) / kHour);
    }
    closed_arrivals_[f] = std::clamp(closed, 0.0, 1.0);
  }

  // Expert visits: servers moved, levels offered, capacity built.
  struct VisitEnd {
    double time;
    std::size_t schedule;
  };
  std::unordered_map<std::size_t, std::vector<VisitEnd>> ends;
  for (std::size_t i = 0; i < s.policy.expert_visits.size(); ++i) {
    const auto& v = s.policy.expert_visits[i];
    if (!(v.every > 0)) continue;
    const double out = net.route(v.from, v.to).mean_minutes;
    const double back = net.route(v.to, v.from).mean_minutes;
    const double on_site = std::min(1.0, v.duration / v.every);
    servers_[v.to] += v.experts * v.duration / v.every;
    servers_[v.from] -= v.experts * std::min(1.0, (v.duration + out + back) / v.every);
    const std::size_t idx = v.to * specialties_ + v.specialty;
    const int home_level = v.specialty < s.facilities[v.from].capability.size()
                               ? s.facilities[v.from].capability[v.specialty]
                               : 0;
    hosts_[idx].visits.emplace_back(on_site, home_level);
    auto& e = ends[idx];
    for (std::size_t k = 0; e.size() < kMaxVisitEnds; ++k) {
      const double t = v.first + static_cast<double>(k) * v.every + out + v.duration;
      if (t > window_end_) break;
      e.push_back({t, i});
    }
  }
  // Outreach teams: as a visit, with each host taking one turn in `to.size()`; the team's
  // level is the entry's `level`. Their on-site time builds no capacity.
  for (const auto& o : s.policy.outreach) {
    if (!(o.every > 0) || o.to.empty()) continue;
    const double turns = static_cast<double>(o.to.size());
    double away = 0;
    for (const FacilityIndex host : o.to) {
      away += std::min(1.0, (o.duration + net.route(o.from, host).mean_minutes + net.route(host, o.from).mean_minutes) / o.every);
      servers_[host] += o.staff * o.duration / o.every / turns;
      hosts_[host * specialties_ + o.specialty].visits.emplace_back(std::min(1.0, o.duration / o.every) / turns, o.level);
    }
    servers_[o.from] -= o.staff * away / turns;
  }
  for (auto& x : servers_) x = std::max(0.0, x);
  for (auto& [idx, e] : ends) {
    std::sort(e.begin(), e.end(), [](const VisitEnd& a, const VisitEnd& b) { return std::tie(a.time, a.schedule) < std::tie(b.time, b.schedule); });
    const std::size_t host = idx / specialties_;
    const std::size_t sp = idx % specialties_;
    int level = sp < s.facilities[host].capability.size() ? s.facilities[host].capability[sp] : 0;
    double minutes = 0;
    auto& changes = hosts_[idx].own_changes;
    for (const auto& ve : e) {
      const auto& v = s.policy.expert_visits[ve.schedule];
      minutes += v.duration;
      if (v.capacity_building && minutes >= v.capacity_building->after && v.capacity_building->raise_to > level) {
        level = v.capacity_building->raise_to;
        changes.emplace_back(ve.time, level);
      }
    }
  }
}

double Sites::level_share(FacilityIndex f, SpecialtyIndex specialty, int required) const {
  const auto& cap = s_.facilities[f].capability;
  const int own = specialty < cap.size() ? cap[specialty] : 0;
  const auto it = hosts_.find(f * specialties_ + specialty);
  if (it == hosts_.end()) return own >= required ? 1.0 : 0.0;
  const HostSpecialty& h = it->second;

  // Share of the window with the own level (piecewise constant) at or above `required`.
  double own_ok = 0;
  if (window_end_ > window_begin_) {
    double t = window_begin_;
    int level = own;
    for (const auto& [when, to] : h.own_changes) {
      if (when > t) {
        const double until = std::min(when, window_end_);
        if (level >= required && until > t) own_ok += until - t;
        t = std::max(t, until);
      }
      level = to;
    }
    if (level >= required && window_end_ > t) own_ok += window_end_ - t;
    own_ok /= window_end_ - window_begin_;
  } else {
    int level = own;
    for (const auto& [when, to] : h.own_changes) {
      if (when <= window_begin_) level = to;
    }
    own_ok = level >= required ? 1.0 : 0.0;
  }
  double visiting = 0;
  for (const auto& [share, level] : h.visits) {
    if (level >= required) visiting += share;
  }
  return own_ok + (1.0 - own_ok) * std::min(1.0, visiting);
}

}  // namespace tiersim::analytic::detail
