// `tiersim sweep SWEEP [--store FILE] [--threads N] [--task K --tasks N] [--precision X ...]`
// and `tiersim sweep collect SHARD... --store FILE`: runs every point of a sweep into a SQLite
// store (schema in include/tiersim/experiment/sweep_store.hpp), resumable; under mpirun/srun
// the units are spread over the MPI ranks. Prints a one-line account on stdout at the end and
// progress on stderr when it is a terminal. Exit status 1 when some runs failed (they are in
// the store's `runs` table with their error).
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/stop_signals.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"

namespace tiersim::cli {

namespace {

constexpr const char* kUsage = "SWEEP [--store FILE] [--threads N] [--task K --tasks N] [--precision X]\n"
                               "       tiersim sweep collect SHARD... --store FILE";
constexpr const char* kAbout =
    "Runs every point of SWEEP (base scenario + that point's values) for its replications and stores\n"
    "every run in a SQLite file (tables points, runs, results, meta; pandas.read_sql reads them).\n"
    "Run the same command again after an interruption (even kill -9): finished runs are kept, the\n"
    "rest are run. Under mpirun or srun the runs are spread over the MPI ranks and rank 0 writes.\n"
    "collect merges the shard stores of --task/--tasks runs into one store.";
constexpr const char* kExitStatus = "exit status: 0 ok, 1 runtime or file failure or some runs failed, 2 bad input";

/// `points 3/54 · 30 runs · 12.3 runs/s · 0:42 left`.
std::string progress_line(const experiment::SweepProgress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.runs_done) / p.seconds : 0;
  std::string left = "?";
  if (rate > 0) {
    const auto secs = static_cast<long long>(static_cast<double>(p.runs_left) / rate + 0.5);
    left = fmt::format("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
  }
  return fmt::format("points {}/{} · {} runs{} · {:.1f} runs/s · {} left", p.points_done, p.points_total,
                     static_cast<long long>(p.runs_done), p.runs_failed ? fmt::format(" ({} failed)", p.runs_failed) : "",
                     rate, left);
}

int collect(const Args& args) {
  std::optional<std::string> store;
  Command cmd("sweep collect", "SHARD... --store FILE", "Merges the shard stores of --task/--tasks runs into one store.");
  cmd.option("store", &store, "FILE", "merged store");
  cmd.positionals("shard stores", 1, 1'000'000, "name the shard stores to merge");
  cmd.exit_status(kExitStatus);
  if (!cmd.parse(args)) return 0;
  if (!store) throw Error("tiersim sweep collect: --store FILE is required (the merged store)");
  std::printf("%s\n", experiment::collect_shards(cmd.values().positionals, *store).c_str());
  return 0;
}

}  // namespace

int cmd_sweep(const Args& args) {
  if (!args.empty() && args.front() == "collect") return collect(Args(args.begin() + 1, args.end()));

  std::optional<std::string> store;
  std::optional<int> task, tasks;
  Command cmd("sweep", kUsage, kAbout);
  cmd.option("store", &store, "FILE",
             "SQLite file to write (default: results.sqlite, or shard-K.sqlite with --tasks); an existing store of the "
             "same sweep is resumed");
  cmd.common(kThreads, "simulating threads (default: the machine's cores; results do not depend on it)");
  cmd.option("task", &task, "K", "run only the points with point % N == K (0-based; with --tasks)", Range<int>{0, 1'000'000});
  cmd.option("tasks", &tasks, "N", "number of shards (Slurm array size); merge them with tiersim sweep collect",
             Range<int>{1, 1'000'000});
  cmd.common(kPrecision, "add replications per point (in batches) until the 95% CI half-widths are within X (e.g. 0.05) of the means");
  cmd.common(kQuiet);
  cmd.positionals("a sweep file", 1, 1, "name a sweep file", "one sweep file at a time (use collect to merge stores)");
  cmd.exit_status(kExitStatus);
  if (!cmd.parse(args)) return 0;
  const CommonValues& c = cmd.values();
  const std::string file = c.positionals.front();

  experiment::SweepOptions options;
  options.threads = c.threads;
  if (task.has_value() != tasks.has_value()) throw Error("tiersim sweep: --task and --tasks go together");
  if (tasks) {
    options.task = *task;
    options.tasks = *tasks;
    if (options.task >= options.tasks) {
      throw Error(fmt::format("tiersim sweep: need 0 <= --task < --tasks, got --task {} --tasks {}", options.task, options.tasks));
    }
  }
  options.store = store ? *store
                  : options.tasks > 1 ? fmt::format("shard-{}.sqlite", options.task)
                                      : std::string("results.sqlite");
  options.precision = c.precision;

  experiment::SweepOutcome outcome;
  bool is_root = true;
  {
    // Decided from the environment before MPI is touched: the plain binary never initialises it.
    const bool mpi = experiment::launched_under_mpi();
    Progress progress(c.progress());
    options.on_progress = [&progress](const experiment::SweepProgress& p) {
      if (progress.enabled()) progress.show(progress_line(p));
    };
    if (mpi) {
      outcome = experiment::run_sweep_mpi(file, options, is_root);
    } else {
      const experiment::SweepPlan plan = experiment::plan_sweep(file);
      StopSignals signals;
      options.stop = StopSignals::flag();
      outcome = experiment::run_sweep(plan, options);
    }
  }
  if (outcome.interrupted) {
    std::fprintf(stderr,
                 "tiersim sweep: stopped by %s after storing %lld runs (%lld failed); every stored run is complete.\n"
                 "To resume, run the same command again: tiersim sweep %s --store %s%s\n",
                 StopSignals::name(),
                 static_cast<long long>(outcome.runs_ok + outcome.runs_failed), static_cast<long long>(outcome.runs_failed),
                 file.c_str(), options.store.c_str(),
                 options.tasks > 1 ? fmt::format(" --task {} --tasks {}", options.task, options.tasks).c_str() : "");
    return StopSignals::exit_status();
  }
  if (!is_root) return 0;
  std::printf("%s: %d points, %lld runs done now (%lld failed), %lld already done, %.1f s%s\n", options.store.c_str(),
              outcome.points, static_cast<long long>(outcome.runs_ok + outcome.runs_failed),
              static_cast<long long>(outcome.runs_failed), static_cast<long long>(outcome.runs_skipped),
              outcome.wall_seconds, outcome.ranks > 1 ? fmt::format(", {} MPI ranks", outcome.ranks).c_str() : "");
  if (outcome.runs_failed > 0) {
    std::fprintf(stderr, "tiersim sweep: %lld runs failed; their errors are in the runs table (status 'failed')\n",
                 static_cast<long long>(outcome.runs_failed));
    return 1;
  }
  return 0;
}

}  // namespace tiersim::cli
