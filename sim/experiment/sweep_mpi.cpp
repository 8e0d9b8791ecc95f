// The MPI engine of a sweep (Boost.MPI over Debian's Open MPI): a manager-worker scheme, the
// usual one for independent tasks of uneven length. Rank 0 opens the store, then answers each
// message of a worker rank (a finished run, or "ready" at the start) by storing the run and
// sending the next unit, or "stop" when nothing is left. Work goes where ranks are free, so
// slow points do not hold the others back; rank 0 only schedules and writes (the store has
// one writer). A run that fails is sent back as a failed record: nothing aborts the job.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "experiment/sweep_units.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"

#if TIERSIM_WITH_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

namespace tiersim::experiment {

bool mpi_available() noexcept {
#if TIERSIM_WITH_MPI
  return true;
#else
  return false;
#endif
}

#if TIERSIM_WITH_MPI

namespace {

enum Tag : int { kReady = 1, kResult = 2, kUnit = 3, kStop = 4 };

/// A RunRecord on the wire.
struct WireRecord {
  int point = 0;
  int replication = 0;
  bool ok = false;
  std::uint64_t seed = 0;
  std::uint64_t stream_seed = 0;
  std::string started, finished, error;
  double wall_seconds = 0;
  std::vector<std::string> names;
  std::vector<double> values;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & point & replication & ok & seed & stream_seed & started & finished & error & wall_seconds & names & values;
  }
};

WireRecord to_wire(const RunRecord& r) {
  WireRecord w{r.point, r.replication, r.ok, r.seed, r.stream_seed, r.started, r.finished, r.error, r.wall_seconds, {}, {}};
  w.names.reserve(r.metrics.size());
  w.values.reserve(r.metrics.size());
  for (const auto& m : r.metrics) {
    w.names.push_back(m.name);
    w.values.push_back(m.value);
  }
  return w;
}

RunRecord from_wire(WireRecord w) {
  RunRecord r;
  r.point = w.point;
  r.replication = w.replication;
  r.ok = w.ok;
  r.seed = w.seed;
  r.stream_seed = w.stream_seed;
  r.started = std::move(w.started);
  r.finished = std::move(w.finished);
  r.error = std::move(w.error);
  r.wall_seconds = w.wall_seconds;
  r.metrics.reserve(w.names.size());
  for (std::size_t i = 0; i < w.names.size() && i < w.values.size(); ++i) r.metrics.push_back({std::move(w.names[i]), w.values[i]});
  return r;
}

SweepOutcome manage(const boost::mpi::communicator& world, const SweepPlan& plan, SweepStore& store,
                    const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<int> points = detail::shard_points(static_cast<int>(plan.points.size()), options.task, options.tasks);
  detail::Scheduler scheduler(points, plan.sweep.replications, options.precision,
                              store.ok_values(options.precision.chosen()));
  SweepOutcome outcome;
  outcome.points = scheduler.points_total();
  outcome.runs_skipped = scheduler.skipped();
  outcome.ranks = world.size();

  std::vector<int> idle;  // workers waiting for a unit that a later batch may bring
  int active = world.size() - 1;
  auto dispatch = [&](int rank) {
    if (auto u = scheduler.next()) {
      const int unit[2] = {u->point, u->replication};
      world.send(rank, kUnit, unit, 2);
    } else if (scheduler.finished()) {
      world.send(rank, kStop);
      --active;
    } else {
      idle.push_back(rank);
    }
  };
  while (active > 0) {
    const boost::mpi::status st = world.probe(boost::mpi::any_source, boost::mpi::any_tag);
    if (st.tag() == kReady) {
      world.recv(st.source(), kReady);
      dispatch(st.source());
      continue;
    }
    WireRecord w;
    world.recv(st.source(), kResult, w);
    RunRecord r = from_wire(std::move(w));
    store.record(r);
    if (r.ok) {
      ++outcome.runs_ok;
    } else {
      ++outcome.runs_failed;
    }
    scheduler.complete(r);
    dispatch(st.source());
    // A completion may have queued a new batch, or finished everything.
    std::vector<int> waiting;
    waiting.swap(idle);
    for (int rank : waiting) dispatch(rank);
    if (options.on_progress) {
      SweepProgress p;
      p.points_done = scheduler.points_done();
      p.points_total = scheduler.points_total();
      p.runs_done = outcome.runs_ok + outcome.runs_failed;
      p.runs_failed = outcome.runs_failed;
      p.runs_left = scheduler.left();
      p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      options.on_progress(p);
    }
  }
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

SweepOutcome work(const boost::mpi::communicator& world, const SweepPlan& plan) {
  SweepOutcome outcome;
  outcome.ranks = world.size();
  std::optional<int> model_point;
  detail::PointModel model;
  world.send(0, kReady);
  for (;;) {
    const boost::mpi::status st = world.probe(0, boost::mpi::any_tag);
    if (st.tag() == kStop) {
      world.recv(0, kStop);
      return outcome;
    }
    int unit[2] = {0, 0};
    world.recv(0, kUnit, unit, 2);
    // One point model at a time: units arrive point by point, and a rank's memory stays small.
    if (model_point != unit[0]) {
      model = detail::build_point(plan, unit[0]);
      model_point = unit[0];
    }
    const RunRecord r = detail::run_unit(model, unit[0], unit[1]);
    if (r.ok) {
      ++outcome.runs_ok;
    } else {
      ++outcome.runs_failed;
    }
    world.send(0, kResult, to_wire(r));
  }
}

}  // namespace

SweepOutcome run_sweep_mpi(const std::string& sweep_file, const SweepOptions& options, bool& is_root) {
  boost::mpi::environment env(boost::mpi::threading::single, false);
  boost::mpi::communicator world;
  is_root = world.rank() == 0;
  // Every rank loads the sweep (the same file); rank 0 also opens the store. Only if all
  // succeeded does any run start, so a bad file or a refused store stops every rank cleanly.
  std::optional<SweepPlan> plan;
  std::unique_ptr<SweepStore> store;
  std::exception_ptr error;
  try {
    if (options.tasks < 1 || options.task < 0 || options.task >= options.tasks) {
      throw Error(fmt::format("--task must be in 0..{} (--tasks {}), got {}", options.tasks - 1, options.tasks,
                              options.task));
    }
    plan = plan_sweep(sweep_file);
    check_rule(options.precision, plan->sweep.replications);
    if (is_root && world.size() > 1) {
      store = std::make_unique<SweepStore>(options.store, plan->identity(options.task, options.tasks));
      const std::vector<int> points =
          detail::shard_points(static_cast<int>(plan->points.size()), options.task, options.tasks);
      std::vector<std::pair<int, std::string>> rows;
      for (int p : points) rows.emplace_back(p, plan->parameters[static_cast<std::size_t>(p)]);
      store->put_points(rows);
      store->set_meta("precision", detail::rule_text(options.precision));
    }
  } catch (...) {
    error = std::current_exception();
  }
  const int ok = error ? 0 : 1;
  int all_ok = 0;
  boost::mpi::all_reduce(world, ok, all_ok, boost::mpi::minimum<int>());
  if (!all_ok) {
    if (error && is_root) std::rethrow_exception(error);
    if (is_root) throw Error("tiersim sweep: another MPI rank could not load the sweep (see its message)");
    if (error) std::rethrow_exception(error);
    return {};
  }
  if (world.size() == 1) return run_sweep(*plan, options);  // nobody to hand work to
  if (is_root) {
    try {
      return manage(world, *plan, *store, options);
    } catch (const std::exception& e) {
      // The store failed (disk full): the workers wait on us, so end the whole job.
      std::fprintf(stderr, "tiersim sweep: rank 0: %s\n", e.what());
      env.abort(1);
      return {};
    }
  }
  return work(world, *plan);
}

#else

SweepOutcome run_sweep_mpi(const std::string&, const SweepOptions&, bool& is_root) {
  is_root = true;
  throw Error("tiersim sweep: started under MPI, but this tiersim was built without MPI (-DTIERSIM_WITH_MPI=OFF)");
}

#endif

}  // namespace tiersim::experiment
