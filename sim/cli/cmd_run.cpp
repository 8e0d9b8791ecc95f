// `tiersim run [SCENARIO] [--out DIR] [--replications N] [--seed S] [--threads N] [--trace]
// [--quiet]`: loads a scenario (the embedded default when none is named), checks it with the
// analytic model (unstable facilities are warned about on stderr), runs the replications and
// writes summary.json, replications.csv, facilities.csv and report.html (and events.csv with
// --trace) into an output folder. Then prints on stdout the planner's summary
// (terminal_summary.hpp), or with --quiet only the folder's name, or with --json summary.json.
//
// Output hygiene: bad input exits 2 before anything is created; the folder is created only
// once the run has succeeded (with --trace, just before the run, and removed again if the run
// fails); the four files are written to temporary names and renamed together, so a folder
// never holds files of two runs. The default folder is new for every run.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/terminal_summary.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/runner.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/report/events_csv.hpp"
#include "tiersim/report/output_folder.hpp"
#include "tiersim/report/summary_json.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

int cmd_run(const Args& args) {
  bool trace_wanted = false;
  Command cmd("run", "[SCENARIO] [--out DIR] [--replications N] [--seed S] [--threads N] [--trace] [--quiet]",
              fmt::format("Runs SCENARIO (a YAML file; without it, the embedded default {}) and writes summary.json,\n"
                          "replications.csv, facilities.csv and report.html (and events.csv with --trace) into the output\n"
                          "folder. Prints a planner's summary at the end: the goals and national targets with 95% CIs and\n"
                          "whether each is met, waits by tier, the busiest facilities, the analytic warnings, and where\n"
                          "the report is.",
                          scenario::embedded_default_name()));
  cmd.common(kOut,
             "output folder (default: a new folder <scenario name>-output[-N] here); files of an earlier run there are "
             "replaced; a non-empty folder that is not tiersim's is refused");
  cmd.common(kReplications | kSeed);
  cmd.common(kThreads, "threads running replications (default: the machine's cores; results do not depend on it)");
  cmd.flag("trace", &trace_wanted, "also write events.csv: every patient event (large; runs on one thread)");
  cmd.common(kQuiet, "no progress line and no summary: print only the output folder's name");
  cmd.common(kJson, "print summary.json on stdout instead of the summary (the folder's name goes to stderr)");
  cmd.positionals("SCENARIO", 0, 1, "", "one scenario at a time (use tiersim compare to run several)");
  if (!cmd.parse(args)) return 0;
  const CommonValues& a = cmd.values();

  // Input: any problem here exits 2 with nothing created.
  scenario::Scenario s = a.positionals.empty() ? scenario::load_default_scenario()
                                               : scenario::load_scenario_file(a.positionals.front());
  if (a.seed) s.seed = *a.seed;
  if (a.replications) s.replications = *a.replications;
  const network::Network net = network::Network::build(s);

  const analytic::Analysis analysis = analytic::analyze(s, net);
  // At most 10 lines: a warning repeated for every village would bury the rest; all of them
  // are listed in report.html.
  constexpr std::size_t kMaxWarnings = 10;
  for (std::size_t i = 0; i < analysis.warnings.size() && i < kMaxWarnings; ++i) {
    std::fprintf(stderr, "tiersim run: warning: %s\n", analysis.warnings[i].c_str());
  }
  if (analysis.warnings.size() > kMaxWarnings) {
    std::fprintf(stderr, "tiersim run: warning: ... and %zu more (all listed in report.html)\n",
                 analysis.warnings.size() - kMaxWarnings);
  }

  OutputFolder folder("run", a.out ? *a.out : report::default_output_folder(s.name, std::filesystem::path()));

  std::unique_ptr<report::EventsCsvWriter> trace;
  if (trace_wanted) {
    folder.create();  // the trace streams into the folder during the run
    trace = std::make_unique<report::EventsCsvWriter>(folder.path() / report::kEventsCsv, s);
  }

  experiment::RunOptions options;
  options.replications = s.replications;
  options.seed = s.seed;
  options.threads = a.threads;
  options.trace = trace.get();
  stats::RunResult run;
  {
    Progress progress(a.progress());
    options.on_progress = [&progress](int done, int total, std::uint64_t events) {
      progress.replications(done, total, events);
    };
    run = experiment::run_scenario(s, net, options);
  }

  folder.create();
  report::write_run_outputs(folder.path(), run, s, &analysis, trace ? &trace->file() : nullptr);
  folder.keep();
  if (a.json) {
    std::fputs(report::summary_json_text(run).c_str(), stdout);
    if (!a.quiet) std::fprintf(stderr, "tiersim run: files in %s\n", folder.path().string().c_str());
  } else if (a.quiet) {
    std::printf("%s\n", folder.path().string().c_str());
  } else {
    std::fputs(run_summary_text(run, s, &analysis, folder.path()).c_str(), stdout);
  }
  return 0;
}

}  // namespace tiersim::cli
