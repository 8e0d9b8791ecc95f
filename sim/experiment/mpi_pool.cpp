// The MPI side of the pool (Boost.MPI over Debian's Open MPI): MpiRanks, rank 0's manager
// (run_pool_mpi) and the other ranks' loop (serve_units). Rank 0 sends a unit to each free
// rank, stores each run as it comes back and sends that rank the next unit; the ranks stay
// free between two jobs (the evaluator runs one job per ensure()) until MpiRanks ends on rank 0.
#include <cstdio>
#include <deque>
#include <exception>
#include <set>

#include "experiment/run_pool.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/mpi.hpp"

#if TIERSIM_WITH_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

namespace tiersim::experiment {

#if TIERSIM_WITH_MPI

namespace {

enum Tag : int { kUnit = 3, kResult = 2, kStop = 4 };

/// A unit on the wire.
struct WireUnit {
  int point = 0;
  int replication = 0;
  std::vector<std::string> paths, values;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & point & replication & paths & values;
  }
};

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

}  // namespace

struct MpiRanks::Impl {
  boost::mpi::environment env{boost::mpi::threading::single, false};
  boost::mpi::communicator world;
  std::deque<int> free;  ///< rank 0: ranks waiting for a unit
  std::set<int> busy;    ///< rank 0: ranks simulating a unit

  Impl() {
    for (int r = 1; r < world.size(); ++r) free.push_back(r);
  }
};

MpiRanks::MpiRanks() : impl_(std::make_unique<Impl>()) {}

MpiRanks::~MpiRanks() {
  if (!is_root()) return;
  try {
    // A rank still simulating (rank 0 failed mid-job) sends its run first: take it, unstored,
    // so that no rank is left blocked in a send when MPI ends.
    for (int r : impl_->busy) {
      WireRecord w;
      impl_->world.recv(r, kResult, w);
    }
    for (int r = 1; r < size(); ++r) impl_->world.send(r, kStop);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tiersim: rank 0 could not end the MPI job: %s\n", e.what());
    impl_->env.abort(1);
  }
}

int MpiRanks::rank() const noexcept { return impl_->world.rank(); }
int MpiRanks::size() const noexcept { return impl_->world.size(); }

bool MpiRanks::agree(const std::function<void()>& step) {
  std::exception_ptr error;
  try {
    step();
  } catch (...) {
    error = std::current_exception();
  }
  const int ok = error ? 0 : 1;
  int all_ok = 0;
  boost::mpi::all_reduce(impl_->world, ok, all_ok, boost::mpi::minimum<int>());
  if (error) std::rethrow_exception(error);
  return all_ok != 0;
}

namespace detail {

bool run_pool_mpi(MpiRanks& ranks, const Job& job, const std::atomic<int>* stop) {
  MpiRanks::Impl& mpi = ranks.impl();
  std::exception_ptr error;
  bool stopping = false;
  bool store_failed = false;
  for (;;) {
    if (!stopping && stop != nullptr && stop->load() != 0) stopping = true;
    while (!stopping && !mpi.free.empty()) {
      std::optional<Unit> u = job.next();
      if (!u) break;
      WireUnit w{u->point, u->replication, {}, {}};
      for (const auto& o : u->overrides) {
        w.paths.push_back(o.path);
        w.values.push_back(o.yaml_value);
      }
      const int rank = mpi.free.front();
      mpi.free.pop_front();
      mpi.world.send(rank, kUnit, w);
      mpi.busy.insert(rank);
    }
    // Nothing running: the job is finished or stopped (a scheduler waiting for completions
    // always has some in flight).
    if (mpi.busy.empty()) break;
    WireRecord w;
    const boost::mpi::status st = mpi.world.recv(boost::mpi::any_source, kResult, w);
    mpi.busy.erase(st.source());
    mpi.free.push_back(st.source());
    RunRecord run = from_wire(std::move(w));
    if (store_failed) continue;
    try {
      job.store(run);
    } catch (...) {
      if (!error) error = std::current_exception();
      store_failed = true;
      stopping = true;
      continue;
    }
    job.complete(run);
    if (job.progress) job.progress();
  }
  if (error) std::rethrow_exception(error);
  return job.finished();
}

void serve_units(MpiRanks& ranks, const std::function<RunRecord(const Unit&)>& simulate) {
  MpiRanks::Impl& mpi = ranks.impl();
  for (;;) {
    const boost::mpi::status st = mpi.world.probe(0, boost::mpi::any_tag);
    if (st.tag() == kStop) {
      mpi.world.recv(0, kStop);
      return;
    }
    WireUnit w;
    mpi.world.recv(0, kUnit, w);
    Unit u{w.point, w.replication, {}};
    for (std::size_t i = 0; i < w.paths.size() && i < w.values.size(); ++i) u.overrides.push_back({w.paths[i], w.values[i]});
    RunRecord run;
    try {
      run = simulate(u);
    } catch (const std::exception& e) {  // a failed run, never a rank gone silent
      run.point = u.point;
      run.replication = u.replication;
      run.error = e.what();
    }
    mpi.world.send(0, kResult, to_wire(run));
  }
}

}  // namespace detail

#else

struct MpiRanks::Impl {};

MpiRanks::MpiRanks() {
  throw Error("tiersim: started under MPI, but this tiersim was built without MPI (-DTIERSIM_WITH_MPI=OFF)");
}
MpiRanks::~MpiRanks() = default;
int MpiRanks::rank() const noexcept { return 0; }
int MpiRanks::size() const noexcept { return 1; }
bool MpiRanks::agree(const std::function<void()>& step) {
  step();
  return true;
}

namespace detail {
bool run_pool_mpi(MpiRanks&, const Job& job, const std::atomic<int>* stop) { return run_pool(job, 1, stop); }
void serve_units(MpiRanks&, const std::function<RunRecord(const Unit&)>&) {}
}  // namespace detail

#endif

}  // namespace tiersim::experiment
