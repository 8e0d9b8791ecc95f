// `tiersim compare A B [...] [--out DIR] [--replications N] [--seed S] [--threads N]
// [--precision X ...]`: runs the scenarios on common random numbers (one master seed, the first
// arm's unless --seed) and writes comparison.json and comparison.html (layout in
// include/tiersim/experiment/compare.hpp). Bad input exits 2 before anything is created; the
// folder is created only after the runs succeeded. Prints the significant paired differences
// (terminal_summary.hpp), or with --quiet only the folder's name, or with --json comparison.json.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/terminal_summary.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/compare.hpp"
#include "tiersim/report/output_folder.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

int cmd_compare(const Args& args) {
  Command cmd("compare", "A.yaml B.yaml [...] [--out DIR] [--replications N] [--seed S] [--threads N]",
              "Runs every scenario with the same seed and replications (common random numbers) and writes\n"
              "comparison.json and comparison.html: each arm's means with 95% CIs, the paired differences\n"
              "from the first arm with 95% CIs, and the lines in which the resolved scenarios differ. Prints the\n"
              "differences whose 95% CI excludes 0, in words, and where the report is.");
  cmd.common(kOut, "output folder (default: a new folder comparison-output[-N] here)");
  cmd.common(kReplications, "replications of every arm (default: the first scenario's)");
  cmd.common(kSeed, "master seed of every arm, 0 to 2^64-1 (default: the first scenario's)");
  cmd.common(kThreads);
  cmd.common(kPrecision, "add replications (in batches) until every arm's 95% CI half-widths are within X (e.g. 0.05) of the means");
  cmd.common(kQuiet, "no progress line and no summary: print only the output folder's name");
  cmd.common(kJson, "print comparison.json on stdout instead of the summary (the folder's name goes to stderr)");
  cmd.positionals("scenario files", 2, 1'000'000, "name at least two scenario files");
  if (!cmd.parse(args)) return 0;
  const CommonValues& c = cmd.values();

  experiment::CompareOptions options;
  options.replications = c.replications;
  options.seed = c.seed;
  options.threads = c.threads;
  options.precision = c.precision;

  // Input: every file loads before anything runs or is created.
  std::vector<std::pair<std::string, scenario::Scenario>> scenarios;
  for (const auto& f : c.positionals) scenarios.emplace_back(f, scenario::load_scenario_file(f));

  OutputFolder folder("compare", c.out ? *c.out : report::default_output_folder("comparison"));

  std::vector<experiment::CompareArm> arms;
  {
    Progress progress(c.progress());
    if (progress.enabled()) {
      options.on_progress = [&progress](int done, int total) {
        progress.show(fmt::format("replications {}/{} (all arms)", done, total));
      };
    }
    arms = experiment::run_comparison(std::move(scenarios), options);
  }

  folder.create();
  experiment::write_comparison(folder.path(), arms, options.precision);
  folder.keep();
  if (c.json) {
    std::fputs((experiment::comparison_json(arms, options.precision).dump(2) + "\n").c_str(), stdout);
    if (!c.quiet) std::fprintf(stderr, "tiersim compare: files in %s\n", folder.path().string().c_str());
  } else if (c.quiet) {
    std::printf("%s\n", folder.path().string().c_str());
  } else {
    std::fputs(comparison_summary_text(arms, folder.path()).c_str(), stdout);
  }
  return 0;
}

}  // namespace tiersim::cli
