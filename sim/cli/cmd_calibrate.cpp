// `tiersim calibrate FILE --out DIR [--threads N] [--quiet]`: fits a scenario's free parameters
// to observed figures (include/tiersim/calibrate/calibrate.hpp, format and method in
// sim/calibrate/README.md) and writes calibration.json, calibrated.yaml and calibration.html,
// renamed together once all three are complete. Bad input (the file, its base, a bound, a
// metric, the budget) exits 2 before anything runs or is created. A parameter the targets do
// not pin down is warned about on stderr (and in the page). Under mpirun or srun the runs are
// spread over the MPI ranks; rank 0 searches and writes.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "tiersim/calibrate/calibrate.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/evaluate.hpp"
#include "tiersim/experiment/mpi.hpp"
#include "tiersim/experiment/sweep.hpp"
#include "tiersim/scenario/calibrate_file.hpp"

namespace tiersim::cli {

int cmd_calibrate(const Args& args) {
  Command cmd("calibrate", "FILE --out DIR [--threads N] [--quiet]",
              "Fits the free parameters of a calibration FILE (a base scenario, parameters with [low, high] bounds,\n"
              "observed targets {value, sd}) by minimising the sum of squared z-scores of the simulated means,\n"
              "every evaluation on the same replications (common random numbers): a Halton start, then BOBYQA\n"
              "(NLopt). Writes calibration.json, calibrated.yaml (extends the base; tiersim run accepts it) and\n"
              "calibration.html into DIR. Results do not depend on --threads.");
  cmd.common(kOut, "output folder (required)");
  cmd.common(kThreads | kQuiet);
  cmd.positionals("FILE", 1, 1, "a calibration file is required (tiersim calibrate --help)", "one calibration file at a time");
  if (!cmd.parse(args)) return 0;
  const CommonValues& c = cmd.values();
  if (!c.out) throw cmd.usage_error("--out DIR is required");
  const std::string file_name = c.positionals.front();
  // Under mpirun or srun every rank loads the file; rank 0 searches, the others simulate its runs.
  std::optional<experiment::MpiRanks> mpi;
  if (experiment::launched_under_mpi()) mpi.emplace();
  scenario::CalibrateFile file;
  const auto load = [&] {
    file = scenario::load_calibrate_file(file_name);
    calibrate::check(file);  // metric names and the budget: exit 2 before anything runs
  };
  if (!mpi) {
    load();
  } else if (!mpi->agree(load)) {
    if (mpi->is_root()) throw Error("tiersim calibrate: another MPI rank could not load the file (see its message)");
    return 0;
  }
  OutputFolder folder("calibrate", *c.out);
  if (mpi && !mpi->is_root()) {
    experiment::serve_evaluations(file.base, file.seed, *mpi);
    return 0;
  }

  calibrate::Options options;
  options.threads = c.threads;
  if (mpi) options.mpi = &*mpi;
  calibrate::Result result;
  {
    Progress progress(c.progress());
    options.on_progress = [&progress](const calibrate::Progress& p) {
      progress.show(fmt::format("{} · evaluations {}/{} · runs {}/{} · best loss {:.4g}", p.stage, p.evaluations, p.planned,
                                p.runs_done, p.runs_total, p.best_loss));
    };
    result = calibrate::calibrate(file, options);
  }
  for (const auto& w : result.warnings) std::fprintf(stderr, "tiersim calibrate: warning: %s\n", w.c_str());
  folder.create();
  calibrate::write_outputs(folder.path().string(), file, result);
  folder.keep();
  if (!c.quiet) {
    std::fprintf(stderr, "tiersim calibrate: loss %.4g after %d evaluations (%lld replications run) in %.1f s%s\n",
                 result.loss, result.evaluations, static_cast<long long>(result.replications_run), result.wall_seconds,
                 mpi && mpi->size() > 1 ? fmt::format(" on {} MPI ranks", mpi->size()).c_str() : "");
    for (std::size_t i = 0; i < result.parameters.size(); ++i) {
      const auto& p = result.parameters[i];
      const auto& fp = file.free[i];
      std::fprintf(stderr, "  %s = %s  [%s, %s]%s\n", p.path.c_str(), fp.yaml_value(p.value).c_str(),
                   fp.yaml_value(p.low).c_str(), fp.yaml_value(p.high).c_str(), p.identified ? "" : "  (not pinned down)");
    }
  }
  std::printf("%s\n", folder.path().string().c_str());
  return 0;
}

}  // namespace tiersim::cli
