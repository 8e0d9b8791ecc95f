// `tiersim validate SCENARIO... [--print-resolved] [--print-schema]`: loads and checks scenario
// and sweep files (every point of a sweep), builds each network (which checks that treatment
// is reachable), and prints a summary a planner can read. Runs nothing, writes no file.
// Exit 0 when every file is good; 2 with every message on stderr otherwise.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "scenario/yaml/durations.hpp"
#include "tiersim/error.hpp"
#include "tiersim/network/leaving.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

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

void print_summary(const Scenario& s, const network::Network& net, std::FILE* out) {
  fmt::print(out, "scenario {} ({})\n", s.name, s.source_file);
  if (!s.description.empty()) fmt::print(out, "  {}\n", s.description);
  fmt::print(out, "  horizon {} after a warm-up of {}; {} replications, seed {}\n\n", format_duration(s.horizon),
             format_duration(s.warmup), s.replications, s.seed);

  fmt::print(out, "facilities and population by tier\n");
  fmt::print(out, "  {:<10} {:>10} {:>8} {:>8} {:>14}\n", "tier", "facilities", "servers", "beds", "population");
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
    fmt::print(out, "  {:<10} {:>10} {:>8} {:>8} {:>14}\n", scenario::tier_name(static_cast<Tier>(t)), f, sv, b,
               thousands(p));
    nf += f, ns += sv, nb += b, pop += p;
  }
  fmt::print(out, "  {:<10} {:>10} {:>8} {:>8} {:>14}\n\n", "total", nf, ns, nb, thousands(pop));

  std::size_t generated = 0;
  double km = 0, lo = kNever, hi = 0;
  for (const auto& l : s.links) {
    if (!s.facilities[l.from].parent.empty() && s.facilities[l.from].parent == s.facilities[l.to].id) ++generated;
    km += l.km;
    lo = std::min(lo, l.travel.mean());
    hi = std::max(hi, l.travel.mean());
  }
  fmt::print(out, "links: {} ({} from villages: blocks), {} km in all", s.links.size(), generated, thousands(km));
  if (!s.links.empty()) {
    fmt::print(out, "; mean travel {} to {}", format_duration(std::round(lo)), format_duration(std::round(hi)));
  }
  fmt::print(out, "\n");
  for (const auto& l : s.links) {
    if (!s.facilities[l.from].parent.empty() && s.facilities[l.from].parent == s.facilities[l.to].id) continue;
    fmt::print(out, "  {} <-> {}: {} mean ({}), {} km\n", s.facilities[l.from].id, s.facilities[l.to].id,
               format_duration(std::round(l.travel.mean())), scenario::yaml::format_distribution(l.travel), l.km);
  }

  fmt::print(out, "\ncapability (0-3): tier defaults\n  {:<10}", "tier");
  for (const auto& sp : s.specialties) fmt::print(out, " {:>12}", sp);
  fmt::print(out, "\n");
  for (int t = 0; t < scenario::kTierCount; ++t) {
    fmt::print(out, "  {:<10}", scenario::tier_name(static_cast<Tier>(t)));
    for (int lvl : s.tier_defaults[static_cast<std::size_t>(t)]) fmt::print(out, " {:>12}", lvl);
    fmt::print(out, "\n");
  }
  bool any_override = false;
  for (const auto& f : s.facilities) {
    const auto& def = s.tier_defaults[static_cast<int>(f.tier)];
    for (std::size_t k = 0; k < f.capability.size(); ++k) {
      if (f.capability[k] == def[k]) continue;
      if (!any_override) fmt::print(out, "  facility overrides:\n");
      any_override = true;
      fmt::print(out, "    {} {}: {} (tier default {})\n", f.id, s.specialties[k], f.capability[k], def[k]);
    }
  }
  if (!any_override) fmt::print(out, "  no facility overrides\n");

  fmt::print(out, "\nexpected arrivals per day (population x incidence / 365)\n");
  fmt::print(out, "  {:<20} {:<9} {:>5} {:>12} {:>10}\n", "condition", "severity", "level", "per 1000/yr", "per day");
  double total = 0;
  for (const auto& c : s.conditions) {
    const double per_day = pop * c.per_1000_per_year / 1000.0 / 365.0;
    total += per_day;
    fmt::print(out, "  {:<20} {:<9} {:>5} {:>12} {:>10.2f}\n", c.name, scenario::severity_name(c.severity),
               c.required_level, c.per_1000_per_year, per_day);
  }
  fmt::print(out, "  {:<20} {:<9} {:>5} {:>12} {:>10.2f}\n", "total", "", "", "", total);
  if (const double m = s.arrivals.mean_multiplier(); std::abs(m - 1.0) > 1e-9) {
    fmt::print(out, "  (the arrival profile's weekly mean multiplier is {:.3f}: {:.2f} per day as simulated)\n", m,
               total * m);
  }

  fmt::print(out, "\nexpert visits\n");
  if (s.policy.expert_visits.empty()) fmt::print(out, "  none\n");
  for (const auto& v : s.policy.expert_visits) {
    fmt::print(out, "  {} -> {}: {} x{}, every {} for {}, first departure {}", s.facilities[v.from].id,
               s.facilities[v.to].id, s.specialties[v.specialty], v.experts, format_duration(v.every),
               format_duration(v.duration), weekday_time(v.first));
    if (v.capacity_building) {
      fmt::print(out, "; after {} of visits the host's level rises to {}", format_duration(v.capacity_building->after),
                 v.capacity_building->raise_to);
    }
    fmt::print(out, "\n");
  }
  fmt::print(out, "\nleaving the county (县域内就诊率)\n");
  for (const auto& note : network::leaving_county(s, net).notes) fmt::print(out, "  {}\n", note);
  fmt::print(out, "\nnetwork: every populated catchment reaches treatment for every condition\n");
}

// Loads and checks one file; returns the scenarios to summarise (the base of a sweep).
std::vector<Scenario> check_file(const std::string& path, std::string& sweep_note) {
  if (!scenario::is_sweep_file(path)) {
    Scenario s = scenario::load_scenario_file(path);
    (void)network::Network::build(s);
    return {std::move(s)};
  }
  const scenario::Sweep sweep = scenario::load_sweep_file(path);
  std::vector<Diagnostic> problems;
  const auto points = sweep.points();
  for (const auto& point : points) {
    try {
      (void)network::Network::build(scenario::load_scenario_file(sweep.base, point));
    } catch (const ScenarioError& e) {
      for (const auto& d : e.diagnostics()) {
        const bool seen = std::any_of(problems.begin(), problems.end(), [&](const Diagnostic& x) { return x.format() == d.format(); });
        if (!seen) problems.push_back(d);
      }
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  sweep_note = fmt::format("sweep {}: {} design, {} points, {} replications each; every point loads and builds\n",
                           path, sweep.design == scenario::SweepDesign::kGrid ? "grid" : "random", points.size(),
                           sweep.replications);
  Scenario base = scenario::load_scenario_file(sweep.base);
  return {std::move(base)};
}

}  // namespace

int cmd_validate(const Args& args) {
  bool print_resolved = false;
  bool print_schema = false;
  Command cmd("validate", "SCENARIO... [options]",
              "Loads and checks scenario and sweep files, builds each facility network, and prints\n"
              "a summary. Runs nothing and writes no file.");
  cmd.flag("print-resolved", &print_resolved, "print each scenario as YAML with every default filled in, instead of the summary");
  cmd.flag("print-schema", &print_schema, "print the JSON Schema of the scenario format (for editors' YAML language servers)");
  cmd.positionals("SCENARIO files", 0, 1'000'000);
  cmd.exit_status("exit status: 0 all good, 2 problems (on stderr)");
  if (!cmd.parse(args)) return 0;
  const auto& files = cmd.values().positionals;
  if (print_schema) {
    std::fputs(scenario::json_schema().c_str(), stdout);
    if (files.empty()) return 0;
  }
  if (files.empty()) throw cmd.usage_error("expected at least one SCENARIO file");

  std::vector<std::string> errors;
  std::string output;
  for (const auto& path : files) {
    try {
      std::string note;
      const auto scenarios = check_file(path, note);
      char* buf = nullptr;
      std::size_t len = 0;
      std::FILE* mem = open_memstream(&buf, &len);
      if (!note.empty()) fmt::print(mem, "{}", note);
      for (const auto& s : scenarios) {
        if (print_resolved) {
          fmt::print(mem, "{}", scenario::resolved_yaml(s));
        } else {
          print_summary(s, network::Network::build(s), mem);
        }
      }
      std::fclose(mem);
      if (!output.empty()) output += print_resolved ? "---\n" : "\n";
      output.append(buf, len);
      std::free(buf);
    } catch (const ScenarioError& e) {
      errors.emplace_back(e.what());
    }
  }
  if (!errors.empty()) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
  }
  std::fputs(output.c_str(), stdout);
  return 0;
}

}  // namespace tiersim::cli
