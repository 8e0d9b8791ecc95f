// A sweep over MPI ranks (mpi.hpp): every rank loads the sweep; rank 0 runs it as on threads
// (sweep_threads.cpp), its units simulated by the other ranks through the shared pool, and
// alone writes the store; the other ranks build each point they are sent and simulate it. A
// run that fails comes back as a failed record: nothing aborts the job.
#include <optional>

#include <fmt/format.h>

#include "experiment/run_pool.hpp"
#include "experiment/sweep_units.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/mpi.hpp"
#include "tiersim/experiment/sweep.hpp"

namespace tiersim::experiment {

bool mpi_available() noexcept {
#if TIERSIM_WITH_MPI
  return true;
#else
  return false;
#endif
}

SweepOutcome run_sweep_mpi(const std::string& sweep_file, const SweepOptions& options, bool& is_root) {
  is_root = true;
  MpiRanks ranks;
  is_root = ranks.is_root();
  // Every rank loads the sweep (the same file). Only if all succeeded does any run start, so a
  // bad file stops every rank cleanly; a store rank 0 refuses ends the job the same way (its
  // MpiRanks tells the others).
  std::optional<SweepPlan> plan;
  const bool all_ok = ranks.agree([&] {
    if (options.tasks < 1 || options.task < 0 || options.task >= options.tasks) {
      throw Error(fmt::format("--task must be in 0..{} (--tasks {}), got {}", options.tasks - 1, options.tasks,
                              options.task));
    }
    plan = plan_sweep(sweep_file);
    check_rule(options.precision, plan->sweep.replications);
  });
  if (!all_ok) {
    if (is_root) throw Error("tiersim sweep: another MPI rank could not load the sweep (see its message)");
    return {};
  }
  if (ranks.size() == 1) return run_sweep(*plan, options);  // nobody to hand work to
  if (is_root) return run_sweep(*plan, options, &ranks);
  SweepOutcome outcome;
  outcome.ranks = ranks.size();
  // One point model at a time: units arrive point by point, and a rank's memory stays small.
  std::optional<int> model_point;
  detail::PointModel model;
  detail::serve_units(ranks, [&](const detail::Unit& unit) {
    if (model_point != unit.point) {
      model = detail::build_point(*plan, unit.point);
      model_point = unit.point;
    }
    RunRecord r = detail::run_unit(model, unit.point, unit.replication);
    ++(r.ok ? outcome.runs_ok : outcome.runs_failed);
    return r;
  });
  return outcome;
}

}  // namespace tiersim::experiment
