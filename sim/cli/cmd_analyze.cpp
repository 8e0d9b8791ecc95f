// `tiersim analyze [SCENARIO] [--json]`: the analytic estimate of a scenario (traffic
// equations, Erlang-C or Allen-Cunneen waits, Erlang-B bed blocking) in milliseconds,
// before any simulation. A table a planner reads by default, or JSON. Unstable facilities
// are warnings, not errors: exit 0; bad input exits 2.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/error.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

namespace {

// JSON has no infinity: an unbounded value is null.
nlohmann::ordered_json number(double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr); }

nlohmann::ordered_json to_json(const scenario::Scenario& s, const analytic::Analysis& a) {
  nlohmann::ordered_json facilities = nlohmann::ordered_json::array();
  for (const auto& e : a.facilities) {
    facilities.push_back({{"id", e.id},
                          {"tier", e.tier},
                          {"servers", e.servers},
                          {"effective_servers", number(e.effective_servers)},
                          {"open_share", number(e.open_share)},
                          {"arrival_rate_per_min", number(e.arrival_rate_per_min)},
                          {"mean_service_minutes", number(e.mean_service_minutes)},
                          {"service_scv", number(e.service_scv)},
                          {"offered_load", number(e.offered_load)},
                          {"utilisation", number(e.utilisation)},
                          {"expected_wait_minutes", number(e.expected_wait_minutes)},
                          {"beds", e.beds},
                          {"admissions_per_min", number(e.admissions_per_min)},
                          {"bed_offered_load", number(e.bed_offered_load)},
                          {"bed_blocking_probability", number(e.bed_blocking_probability)},
                          {"method", e.method}});
  }
  return {{"scenario", s.name},
          {"source", s.source_file},
          {"solver", a.solver},
          {"facilities", std::move(facilities)},
          {"warnings", a.warnings}};
}

std::string servers_cell(const analytic::FacilityEstimate& e) {
  if (std::abs(e.effective_servers - e.servers) < 1e-9) return fmt::format("{}", e.servers);
  return fmt::format("{:.2f}", e.effective_servers);  // expert visits move doctors
}

void print_table(const scenario::Scenario& s, const analytic::Analysis& a) {
  fmt::print("analytic estimate of {} ({}): {} facilities, traffic equations by {}\n", s.name, s.source_file,
             a.facilities.size(), a.solver);
  fmt::print("utilisation is per open hour; waits are in the queue while open, without reneging\n");
  if (s.policy.remote_consult) fmt::print("arrivals include the remote consults a facility answers (each holds a server)\n");
  fmt::print("\n");
  fmt::print("{:<16} {:<9} {:>8} {:>13} {:>11} {:>10} {:>12} {}\n", "facility", "tier", "servers", "arrivals/day",
             "utilisation", "wait (min)", "bed blocking", "method");
  for (const auto& e : a.facilities) {
    const std::string wait = std::isfinite(e.expected_wait_minutes) ? fmt::format("{:.1f}", e.expected_wait_minutes) : "unbounded";
    const std::string util = std::isfinite(e.utilisation) ? fmt::format("{:.1f}%", 100 * e.utilisation) : "-";
    const std::string beds = e.beds > 0 ? fmt::format("{:.2f}%", 100 * e.bed_blocking_probability)
                             : e.bed_offered_load > 0 ? "no beds"
                                                      : "-";
    fmt::print("{:<16} {:<9} {:>8} {:>13.1f} {:>11} {:>10} {:>12} {}\n", e.id, e.tier, servers_cell(e),
               e.arrival_rate_per_min * kDay, util, wait, beds, e.method);
  }
  if (a.warnings.empty()) {
    fmt::print("\nno warnings: every facility is stable\n");
  } else {
    fmt::print("\nwarnings:\n");
    for (const auto& w : a.warnings) fmt::print("  {}\n", w);
  }
}

}  // namespace

int cmd_analyze(const Args& args) {
  Command cmd("analyze", "[SCENARIO] [--json]",
              "The analytic estimate of a scenario (the embedded default when none is given): visit rates\n"
              "per facility from the traffic equations, utilisation, the expected wait in the queue\n"
              "(Erlang-C where every service is exponential with one mean, else Allen-Cunneen) and bed\n"
              "blocking (Erlang-B). Facilities with utilisation of 1 or more are warned about. Reneging,\n"
              "bed-blocking feedback and step-down are left out. Rates per minute, waits in minutes.");
  cmd.common(kJson, "write JSON instead of the table");
  cmd.positionals("SCENARIO", 0, 1);
  cmd.exit_status("exit status: 0 ok (also with warnings), 1 runtime failure, 2 bad input");
  if (!cmd.parse(args)) return 0;
  const CommonValues& c = cmd.values();
  const scenario::Scenario s = c.positionals.empty() ? scenario::load_default_scenario()
                                                     : scenario::load_scenario_file(c.positionals.front());
  const network::Network net = network::Network::build(s);
  const analytic::Analysis a = analytic::analyze(s, net);
  if (c.json) {
    std::cout << to_json(s, a).dump(2) << "\n";
  } else {
    print_table(s, a);
  }
  std::cout.flush();
  return 0;
}

}  // namespace tiersim::cli
