// `tiersim sweep SWEEP [--store FILE] [--threads N] [--task K --tasks N] [--precision X ...]`
// and `tiersim sweep collect SHARD... --store FILE`: runs every point of a sweep into a SQLite
// store (schema in include/tiersim/experiment/sweep_store.hpp), resumable; under mpirun/srun
// the units are spread over the MPI ranks. Prints a one-line account on stdout at the end and
// progress on stderr when it is a terminal. Exit status 1 when some runs failed (they are in
// the store's `runs` table with their error).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"

namespace tiersim::cli {

namespace {

namespace po = boost::program_options;

po::options_description visible_options() {
  po::options_description o("options");
  o.add_options()
      ("help,h", "print this help and exit")
      ("store", po::value<std::string>()->value_name("FILE"),
       "SQLite file to write (default: results.sqlite, or shard-K.sqlite with --tasks); an existing store of the same sweep is resumed")
      ("threads,j", po::value<int>()->value_name("N"), "simulating threads (default: the machine's cores; results do not depend on it)")
      ("task", po::value<int>()->value_name("K"), "run only the points with point % N == K (0-based; with --tasks)")
      ("tasks", po::value<int>()->value_name("N"), "number of shards (Slurm array size); merge them with tiersim sweep collect")
      ("precision", po::value<double>()->value_name("X"),
       "add replications per point (in batches) until the 95% CI half-widths are within X (e.g. 0.05) of the means")
      ("precision-metrics", po::value<std::string>()->value_name("M1,M2"),
       "metrics the precision rule watches (default: the three goal metrics)")
      ("max-replications", po::value<int>()->value_name("N"), "cap of the precision rule (default 200)")
      ("precision-batch", po::value<int>()->value_name("N"), "replications added per step of the precision rule (default 5)")
      ("quiet,q", "no progress line");
  return o;
}

void print_help(std::FILE* out) {
  std::ostringstream opts;
  opts << visible_options();
  std::fprintf(out,
               "usage: tiersim sweep SWEEP [--store FILE] [--threads N] [--task K --tasks N] [--precision X]\n"
               "       tiersim sweep collect SHARD... --store FILE\n\n"
               "Runs every point of SWEEP (base scenario + that point's values) for its replications and stores\n"
               "every run in a SQLite file (tables points, runs, results, meta; pandas.read_sql reads them).\n"
               "Run the same command again after an interruption (even kill -9): finished runs are kept, the\n"
               "rest are run. Under mpirun or srun the runs are spread over the MPI ranks and rank 0 writes.\n"
               "collect merges the shard stores of --task/--tasks runs into one store.\n\n%s\n"
               "exit status: 0 ok, 1 runtime or file failure or some runs failed, 2 bad input\n",
               opts.str().c_str());
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

/// `points 3/54 · 30 runs · 12.3 runs/s · 0:42 left`, rewritten in place on a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(const experiment::SweepProgress& p) {
    if (!enabled_) return;
    const double rate = p.seconds > 0 ? static_cast<double>(p.runs_done) / p.seconds : 0;
    std::string left = "?";
    if (rate > 0) {
      const auto secs = static_cast<long long>(static_cast<double>(p.runs_left) / rate + 0.5);
      left = fmt::format("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    }
    std::fprintf(stderr, "\r\033[Kpoints %d/%d · %lld runs%s · %.1f runs/s · %s left", p.points_done, p.points_total,
                 static_cast<long long>(p.runs_done),
                 p.runs_failed ? fmt::format(" ({} failed)", p.runs_failed).c_str() : "", rate, left.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  ~Progress() {
    if (shown_) std::fputc('\n', stderr);
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

/// The signal that asked the sweep to stop (0: none). Lock-free, so safe in a handler.
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_stop_signal(int sig) { g_stop_signal.store(sig); }

/// SIGINT/SIGTERM stop the sweep cleanly (runs in flight are finished and stored) while the
/// guard lives; a second signal acts as usual (SA_RESETHAND), which is still safe: every stored
/// run is complete.
class StopSignals {
 public:
  StopSignals() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

int collect(const Args& args) {
  po::options_description o("collect options");
  o.add_options()("help,h", "help")("store", po::value<std::string>()->value_name("FILE"), "merged store");
  po::options_description all = o;
  all.add_options()("shard", po::value<std::vector<std::string>>(), "shard stores");
  po::positional_options_description pos;
  pos.add("shard", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(fmt::format("tiersim sweep collect: {}\n(tiersim sweep --help for usage)", e.what()));
  }
  if (vm.count("help")) {
    print_help(stdout);
    return 0;
  }
  if (!vm.count("store")) throw Error("tiersim sweep collect: --store FILE is required (the merged store)");
  if (!vm.count("shard")) throw Error("tiersim sweep collect: name the shard stores to merge");
  std::printf("%s\n", experiment::collect_shards(vm["shard"].as<std::vector<std::string>>(), vm["store"].as<std::string>()).c_str());
  return 0;
}

}  // namespace

int cmd_sweep(const Args& args) {
  if (!args.empty() && args.front() == "collect") return collect(Args(args.begin() + 1, args.end()));

  po::options_description all = visible_options();
  all.add_options()("sweep", po::value<std::vector<std::string>>(), "sweep file");
  po::positional_options_description pos;
  pos.add("sweep", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(fmt::format("tiersim sweep: {}\n(tiersim sweep --help for usage)", e.what()));
  }
  if (vm.count("help")) {
    print_help(stdout);
    return 0;
  }
  if (!vm.count("sweep")) throw Error("tiersim sweep: name a sweep file (tiersim sweep --help for usage)");
  const auto& files = vm["sweep"].as<std::vector<std::string>>();
  if (files.size() > 1) throw Error("tiersim sweep: one sweep file at a time (use collect to merge stores)");
  const std::string file = files.front();

  experiment::SweepOptions options;
  options.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  if (vm.count("threads")) {
    options.threads = vm["threads"].as<int>();
    if (options.threads < 1) throw Error(fmt::format("tiersim sweep: --threads must be at least 1, got {}", options.threads));
  }
  if (vm.count("task") != vm.count("tasks")) throw Error("tiersim sweep: --task and --tasks go together");
  if (vm.count("tasks")) {
    options.task = vm["task"].as<int>();
    options.tasks = vm["tasks"].as<int>();
    if (options.tasks < 1 || options.task < 0 || options.task >= options.tasks) {
      throw Error(fmt::format("tiersim sweep: need 0 <= --task < --tasks, got --task {} --tasks {}", options.task, options.tasks));
    }
  }
  options.store = vm.count("store") ? vm["store"].as<std::string>()
                  : options.tasks > 1 ? fmt::format("shard-{}.sqlite", options.task)
                                      : std::string("results.sqlite");
  if (vm.count("precision")) {
    options.precision.relative = vm["precision"].as<double>();
    if (!(options.precision.relative > 0 && options.precision.relative < 1)) {
      throw Error(fmt::format("tiersim sweep: --precision must be in (0, 1), got {}", options.precision.relative));
    }
  }
  if (vm.count("precision-metrics")) options.precision.metrics = split_commas(vm["precision-metrics"].as<std::string>());
  if (vm.count("max-replications")) options.precision.max_replications = vm["max-replications"].as<int>();
  if (vm.count("precision-batch")) options.precision.batch = vm["precision-batch"].as<int>();

  const bool quiet = vm.count("quiet") > 0;
  experiment::SweepOutcome outcome;
  bool is_root = true;
  {
    // Decided from the environment before MPI is touched: the plain binary never initialises it.
    const bool mpi = experiment::launched_under_mpi();
    Progress progress(!quiet && ::isatty(STDERR_FILENO) == 1);
    options.on_progress = [&progress](const experiment::SweepProgress& p) { progress.update(p); };
    if (mpi) {
      outcome = experiment::run_sweep_mpi(file, options, is_root);
    } else {
      const experiment::SweepPlan plan = experiment::plan_sweep(file);
      StopSignals signals;
      options.stop = &g_stop_signal;
      outcome = experiment::run_sweep(plan, options);
    }
  }
  if (outcome.interrupted) {
    const int sig = g_stop_signal.load();
    std::fprintf(stderr,
                 "tiersim sweep: stopped by %s after storing %lld runs (%lld failed); every stored run is complete.\n"
                 "To resume, run the same command again: tiersim sweep %s --store %s%s\n",
                 sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal",
                 static_cast<long long>(outcome.runs_ok + outcome.runs_failed), static_cast<long long>(outcome.runs_failed),
                 file.c_str(), options.store.c_str(),
                 options.tasks > 1 ? fmt::format(" --task {} --tasks {}", options.task, options.tasks).c_str() : "");
    return 128 + (sig > 0 ? sig : SIGINT);
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
