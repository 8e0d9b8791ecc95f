// `tiersim optimize FILE --out DIR [--threads N] [--store FILE] [--quiet]`: the best plan
// within a budget, with a probability of correct selection (sim/optimize/README.md). Writes
// optimization.json, optimization.html and best.yaml into DIR, atomically; with --store every
// run also goes into a SQLite store (the sweep schema), so a killed optimisation started again
// with the same command runs nothing twice. Progress on stderr when it is a terminal. Under
// mpirun or srun the runs are spread over the MPI ranks; rank 0 searches and writes.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/stop_signals.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/mpi.hpp"
#include "tiersim/experiment/sweep.hpp"
#include "tiersim/optimize/optimize.hpp"

namespace tiersim::cli {

namespace {

std::string plan_text(const optimize::Plan& p) {
  std::string s;
  for (const auto& o : p.overrides) s += (s.empty() ? "" : ", ") + o.path + "=" + o.yaml_value;
  return s;
}

}  // namespace

int cmd_optimize(const Args& args) {
  std::optional<std::string> store;
  Command cmd("optimize", "FILE --out DIR [--threads N] [--store FILE]",
              "Finds the best plan of an optimisation file (decisions with their values, costs, a budget, an\n"
              "objective metric and constraints; format in sim/optimize/README.md) on common random numbers,\n"
              "with Kim and Nelson's fully sequential selection and a feasibility check for the constraints;\n"
              "a space of more than 500 plans is searched with COMPASS first (search: in the file).\n"
              "Plans over the budget are never run. Writes optimization.json, optimization.html and best.yaml\n"
              "(extends the base scenario with the best plan's set:, for tiersim run).");
  cmd.common(kOut, "folder for optimization.json, optimization.html and best.yaml (required)");
  cmd.common(kThreads | kQuiet);
  cmd.option("store", &store, "FILE",
             "SQLite store of every run (the sweep schema); run the same command again after an interruption to resume");
  cmd.positionals("FILE", 1, 1, "name an optimisation file", "one optimisation file at a time");
  cmd.exit_status("exit status: 0 ok (also when no plan is feasible: the files say so), 1 runtime or file failure, 2 bad input");
  if (!cmd.parse(args)) return 0;
  const CommonValues& c = cmd.values();
  if (!c.out) throw cmd.usage_error("--out DIR is required (the folder for the results)");
  optimize::OptimizeOptions options;
  options.threads = c.threads;
  if (store) options.store = *store;
  Progress progress(c.progress());
  long long runs = 0;
  if (progress.enabled()) {
    options.on_progress = [&](int done, int total) {
      ++runs;
      progress.show(fmt::format("{} runs · this stage {}/{}", runs, done, total));
    };
  }
  const std::string out_name = c.out->string();
  // Under mpirun or srun (decided from the environment, so the plain binary never initialises
  // MPI) every rank loads the file; rank 0 runs the search, the others simulate its runs.
  std::optional<experiment::MpiRanks> mpi;
  if (experiment::launched_under_mpi()) mpi.emplace();
  OutputFolder folder("optimize", *c.out);
  const auto start = std::chrono::steady_clock::now();
  scenario::OptimizeFile file;
  const auto load = [&] { file = scenario::load_optimize_file(c.positionals.front()); };
  if (!mpi) {
    load();
  } else if (!mpi->agree(load)) {
    if (mpi->is_root()) throw Error("tiersim optimize: another MPI rank could not load the file (see its message)");
    return 0;
  }
  if (mpi && !mpi->is_root()) {
    experiment::serve_evaluations(file.base, file.seed, *mpi);
    return 0;
  }
  if (mpi) options.mpi = &*mpi;
  optimize::OptimizeResult result;
  {
    StopSignals signals;
    options.stop = StopSignals::flag();
    try {
      result = optimize::run_optimization(file, options);
    } catch (const experiment::Interrupted&) {
      std::fprintf(stderr, "tiersim optimize: stopped by %s; nothing was written to %s.\n%s",
                   StopSignals::name(), out_name.c_str(),
                   options.store.empty()
                       ? "Runs were not kept: use --store FILE to make an optimisation resumable.\n"
                       : fmt::format("Every finished run is in {}; run the same command again to resume.\n", options.store).c_str());
      return StopSignals::exit_status();
    }
  }
  folder.create();
  optimize::write_optimization(folder.path(), result);
  folder.keep();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& sel = result.selection;
  if (sel.best >= 0) {
    const auto& b = result.plans[static_cast<std::size_t>(sel.best)];
    std::printf("best plan: %s (cost %g)\n  %s = %.6g [%.6g, %.6g] over %d replications; %s\n", plan_text(b.plan).c_str(),
                b.plan.cost, file.objective.c_str(), b.objective.mean, b.objective.lo, b.objective.hi, b.objective.n,
                sel.capped ? "chosen at the replication cap: NO guarantee"
                : result.search.compass
                    ? fmt::format("probability of correct selection >= {} among the {} plans the clean-up compared, "
                                  "of the {} the search visited",
                                  file.pcs, result.search.cleaned_up, result.plans.size())
                          .c_str()
                    : fmt::format("probability of correct selection >= {}", file.pcs).c_str());
  } else {
    std::printf("no feasible plan: %s\n", sel.capped ? "none could be shown feasible before the replication cap"
                                                     : "every plan within the budget breaks a constraint (see optimization.html)");
  }
  if (result.search.compass) {
    std::printf("COMPASS search: %zu of %lld plans within the budget visited in %d iterations (stopped on: %s), %lld "
                "replications before the clean-up\n",
                result.plans.size(), static_cast<long long>(result.search.within_budget), result.search.iterations,
                optimize::stop_name(result.search.stopped), static_cast<long long>(result.search.replications));
  }
  std::printf("%zu plans evaluated (%lld over budget, never run), %lld replications (%lld simulated now, %lld from the "
              "store), %.1f s%s; results in %s\n",
              result.plans.size(), static_cast<long long>(result.over_budget), static_cast<long long>(result.replications_run),
              static_cast<long long>(result.simulated),
              static_cast<long long>(result.replications_run - result.simulated), secs,
              mpi && mpi->size() > 1 ? fmt::format(", {} MPI ranks", mpi->size()).c_str() : "", out_name.c_str());
  return 0;
}

}  // namespace tiersim::cli
