// `tiersim warmup [SCENARIO] [--out DIR] [--pilots N] [--seed S] [--threads N]`: pilot
// replications with no warm-up, MSER-5 on the daily patients-in-system series averaged over
// the pilots (include/tiersim/experiment/warmup.hpp); prints the suggested warm-up in days and,
// with --out, writes warmup.json and warmup.html (an inline SVG plot), renamed together.
#include <cstdio>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/warmup.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/report/atomic_file.hpp"
#include "tiersim/report/format.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

int cmd_warmup(const Args& args) {
  int pilots = 10;
  Command cmd("warmup", "[SCENARIO] [--out DIR] [--pilots N]",
              "Runs pilot replications of SCENARIO (default: the embedded one) with no warm-up over its warm-up +\n"
              "horizon, averages the daily patients-in-system series over the pilots and applies MSER-5 (batch\n"
              "means of 5; the truncation point minimising the MSER statistic over the first half of the run).\n"
              "Prints the suggested warm-up in days.");
  cmd.common(kOut, "also write warmup.json and warmup.html into DIR");
  cmd.option("pilots,p", &pilots, "N", "pilot replications", Range<int>{2, 1'000'000});
  cmd.common(kSeed | kThreads);
  cmd.positionals("SCENARIO", 0, 1, "", "one scenario at a time");
  if (!cmd.parse(args)) return 0;
  const CommonValues& c = cmd.values();

  scenario::Scenario s = c.positionals.empty() ? scenario::load_default_scenario()
                                               : scenario::load_scenario_file(c.positionals.front());
  if (c.seed) s.seed = *c.seed;
  const network::Network net = network::Network::build(s);
  std::optional<OutputFolder> folder;
  if (c.out) folder.emplace("warmup", *c.out);

  const experiment::WarmupAdvice advice = experiment::advise_warmup(s, net, pilots, c.threads);
  if (folder) {
    folder->create();
    report::AtomicFile json(folder->path() / "warmup.json");
    json.write(experiment::warmup_json(advice));
    report::AtomicFile html(folder->path() / "warmup.html");
    html.write(experiment::warmup_html(advice));
    json.finish();
    html.finish();
    json.publish();
    html.publish();
    folder->keep();
  }
  std::printf("suggested warm-up: %g days (MSER-5 over %d pilots of %s; the scenario has %s)\n",
              advice.suggested_minutes / 1440.0, pilots, report::duration_text(advice.run_minutes).c_str(),
              report::duration_text(advice.current_warmup).c_str());
  if (advice.mser.at_limit) {
    std::fprintf(stderr, "tiersim warmup: warning: the MSER minimum is at the end of its search range (half the run): "
                         "no steady state visible; lengthen the horizon or check stability (tiersim analyze)\n");
  }
  return 0;
}

}  // namespace tiersim::cli
