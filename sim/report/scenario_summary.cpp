// The planner's summary of a scenario, as `tiersim validate` prints it and `tiersim serve`
// shows it: facilities, servers, beds and population by tier, links, capability, expected
// arrivals per day, expert visits and who leaves the county.
#include "tiersim/report/scenario_summary.hpp"

#include <iterator>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <fmt/format.h>
#include "scenario/yaml/durations.hpp"
#include "tiersim/error.hpp"
#include "tiersim/network/leaving.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::report {

namespace {

using scenario::Scenario;
using scenario::Tier;
using scenario::yaml::format_duration;

std::string thousands(double x) {
  // 12345.6 -> "12,346": populations and counts read at a glance.
  // Built front to back (not by insert(), which g++ 12 at -O3 warns about wrongly).
  const auto digits = fmt::format("{:.0f}", x);
  const std::size_t sign = !digits.empty() && digits[0] == '-' ? 1 : 0;
  std::string out = digits.substr(0, sign);
  const std::size_t n = digits.size() - sign;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[sign + i];
  }
  return out;
}

std::string weekday_time(double minutes) {
  static const char* const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const auto day = static_cast<long long>(minutes / kDay);
  const double in_day = minutes - static_cast<double>(day) * kDay;
  const auto m = static_cast<int>(in_day + 0.5);
  if (day < 7) return fmt::format("{} {:02}:{:02}", kDays[day], m / 60, m % 60);
  return fmt::format("day {} ({}) {:02}:{:02}", day + 1, kDays[day % 7], m / 60, m % 60);
}

}  // namespace

std::string scenario_summary_text(const Scenario& s, const network::Network& net) {
  std::string text;
  auto out = std::back_inserter(text);
  fmt::format_to(out, "scenario {} ({})\n", s.name, s.source_file);
  if (!s.description.empty()) fmt::format_to(out, "  {}\n", s.description);
  fmt::format_to(out, "  horizon {} after a warm-up of {}; {} replications, seed {}\n\n", format_duration(s.horizon),
             format_duration(s.warmup), s.replications, s.seed);

  fmt::format_to(out, "facilities and population by tier\n");
  fmt::format_to(out, "  {:<10} {:>10} {:>8} {:>8} {:>14}\n", "tier", "facilities", "servers", "beds", "population");
  double pop = 0;
  int nf = 0, ns = 0, nb = 0;
  for (int t = 0; t < scenario::kTierCount; ++t) {
    int f = 0, sv = 0, b = 0;
    double p = 0;
    for (const auto& fac : s.facilities) {
      if (static_cast<int>(fac.tier) != t) continue;
      ++f;
      sv += fac.servers;
      b += fac.beds;
      p += fac.population;
    }
    if (f == 0) continue;
    fmt::format_to(out, "  {:<10} {:>10} {:>8} {:>8} {:>14}\n", scenario::tier_name(static_cast<Tier>(t)), f, sv, b,
               thousands(p));
    nf += f, ns += sv, nb += b, pop += p;
  }
  fmt::format_to(out, "  {:<10} {:>10} {:>8} {:>8} {:>14}\n\n", "total", nf, ns, nb, thousands(pop));

  std::size_t generated = 0;
  double km = 0, lo = kNever, hi = 0;
  for (const auto& l : s.links) {
    if (!s.facilities[l.from].parent.empty() && s.facilities[l.from].parent == s.facilities[l.to].id) ++generated;
    km += l.km;
    lo = std::min(lo, l.travel.mean());
    hi = std::max(hi, l.travel.mean());
  }
  fmt::format_to(out, "links: {} ({} from villages: blocks), {} km in all", s.links.size(), generated, thousands(km));
  if (!s.links.empty()) {
    fmt::format_to(out, "; mean travel {} to {}", format_duration(std::round(lo)), format_duration(std::round(hi)));
  }
  fmt::format_to(out, "\n");
  for (const auto& l : s.links) {
    if (!s.facilities[l.from].parent.empty() && s.facilities[l.from].parent == s.facilities[l.to].id) continue;
    fmt::format_to(out, "  {} <-> {}: {} mean ({}), {} km\n", s.facilities[l.from].id, s.facilities[l.to].id,
               format_duration(std::round(l.travel.mean())), scenario::yaml::format_distribution(l.travel), l.km);
  }

  fmt::format_to(out, "\ncapability (0-3): tier defaults\n  {:<10}", "tier");
  for (const auto& sp : s.specialties) fmt::format_to(out, " {:>12}", sp);
  fmt::format_to(out, "\n");
  for (int t = 0; t < scenario::kTierCount; ++t) {
    fmt::format_to(out, "  {:<10}", scenario::tier_name(static_cast<Tier>(t)));
    for (int lvl : s.tier_defaults[static_cast<std::size_t>(t)]) fmt::format_to(out, " {:>12}", lvl);
    fmt::format_to(out, "\n");
  }
  bool any_override = false;
  for (const auto& f : s.facilities) {
    const auto& def = s.tier_defaults[static_cast<int>(f.tier)];
    for (std::size_t k = 0; k < f.capability.size(); ++k) {
      if (f.capability[k] == def[k]) continue;
      if (!any_override) fmt::format_to(out, "  facility overrides:\n");
      any_override = true;
      fmt::format_to(out, "    {} {}: {} (tier default {})\n", f.id, s.specialties[k], f.capability[k], def[k]);
    }
  }
  if (!any_override) fmt::format_to(out, "  no facility overrides\n");

  fmt::format_to(out, "\nexpected arrivals per day (population x incidence / 365)\n");
  fmt::format_to(out, "  {:<20} {:<9} {:>5} {:>12} {:>10}\n", "condition", "severity", "level", "per 1000/yr", "per day");
  double total = 0;
  for (const auto& c : s.conditions) {
    const double per_day = pop * c.per_1000_per_year / 1000.0 / 365.0;
    total += per_day;
    fmt::format_to(out, "  {:<20} {:<9} {:>5} {:>12} {:>10.2f}\n", c.name, scenario::severity_name(c.severity),
               c.required_level, c.per_1000_per_year, per_day);
  }
  fmt::format_to(out, "  {:<20} {:<9} {:>5} {:>12} {:>10.2f}\n", "total", "", "", "", total);
  if (const double m = s.arrivals.mean_multiplier(); std::abs(m - 1.0) > 1e-9) {
    fmt::format_to(out, "  (the arrival profile's weekly mean multiplier is {:.3f}: {:.2f} per day as simulated)\n", m,
               total * m);
  }

  fmt::format_to(out, "\nexpert visits\n");
  if (s.policy.expert_visits.empty()) fmt::format_to(out, "  none\n");
  for (const auto& v : s.policy.expert_visits) {
    fmt::format_to(out, "  {} -> {}: {} x{}, every {} for {}, first departure {}", s.facilities[v.from].id,
               s.facilities[v.to].id, s.specialties[v.specialty], v.experts, format_duration(v.every),
               format_duration(v.duration), weekday_time(v.first));
    if (v.capacity_building) {
      fmt::format_to(out, "; after {} of visits the host's level rises to {}", format_duration(v.capacity_building->after),
                 v.capacity_building->raise_to);
    }
    fmt::format_to(out, "\n");
  }
  if (const auto& rc = s.policy.remote_consult) {
    fmt::format_to(out, "\nremote consultation (远程会诊)\n  from");
    for (int t = 0; t < scenario::kTierCount; ++t) {
      if (rc->from[static_cast<std::size_t>(t)]) fmt::format_to(out, " {}", scenario::tier_name(static_cast<Tier>(t)));
    }
    fmt::format_to(out, " to the first {} facility on the referral route; specialties", scenario::tier_name(rc->to));
    const bool all = std::all_of(rc->specialties.begin(), rc->specialties.end(), [](bool b) { return b; });
    if (all) fmt::format_to(out, " all");
    for (std::size_t k = 0; k < rc->specialties.size() && !all; ++k) {
      if (rc->specialties[k]) fmt::format_to(out, " {}", s.specialties[k]);
    }
    fmt::format_to(out, "\n  helps cases up to the asking level + {}; {:.0f}% of those consulted are then treated locally\n",
                   rc->reach, 100 * rc->success);
    fmt::format_to(out, "  answer {} mean ({}), one server of the answering facility busy for it\n",
                   format_duration(std::round(rc->answer.mean())), scenario::yaml::format_distribution(rc->answer));
  }
  if (!s.policy.outreach.empty()) {
    fmt::format_to(out, "\noutreach events (free clinics, health-check vehicle)\n");
    for (const auto& o : s.policy.outreach) {
      std::string hosts;
      for (const FacilityIndex h : o.to) hosts += (hosts.empty() ? "" : ", ") + s.facilities[h].id;
      fmt::format_to(out, "  {} -> {} (in turn): {} level {}, {} staff, every {} for {}, first departure {}; {} people per event (",
                     s.facilities[o.from].id, hosts, s.specialties[o.specialty], o.level, o.staff,
                     format_duration(o.every), format_duration(o.duration), weekday_time(o.first), o.per_event);
      for (std::size_t i = 0; i < o.conditions.size(); ++i) {
        fmt::format_to(out, "{}{} {:.0f}%", i ? ", " : "", s.conditions[o.conditions[i].condition].name,
                       100 * o.conditions[i].share);
      }
      fmt::format_to(out, ")\n");
    }
  }
  fmt::format_to(out, "\nleaving the county (县域内就诊率)\n");
  for (const auto& note : network::leaving_county(s, net).notes) fmt::format_to(out, "  {}\n", note);
  fmt::format_to(out, "\nnetwork: every populated catchment reaches treatment for every condition\n");
  return text;
}

}  // namespace tiersim::report
