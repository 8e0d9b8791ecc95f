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
#include "tiersim/report/scenario_summary.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

namespace {

using scenario::Scenario;

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
          fmt::print(mem, "{}", report::scenario_summary_text(s, network::Network::build(s)));
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
