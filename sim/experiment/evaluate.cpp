// The evaluation core: points (the base plus overrides) run on common random numbers,
// memoised per (point, replication) and, with a store, kept in SQLite as they finish.
#include "tiersim/experiment/evaluate.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::experiment {

namespace {

/// One replication of one point still to run.
struct Unit {
  std::size_t model = 0;  ///< index into the models built for this ensure() call
  int replication = 0;
};

struct Model {
  std::string key;
  int id = 0;
  scenario::Scenario scenario;
  network::Network network;
};

struct Finished {
  std::size_t unit = 0;
  RunRecord record;
};

}  // namespace

Evaluator::Evaluator(std::string base_file, EvaluatorOptions options)
    : base_file_(std::move(base_file)), options_(std::move(options)) {
  if (options_.threads < 1) throw Error("threads must be at least 1");
  base_ = scenario({});
  if (options_.store.empty()) return;
  store_ = std::make_unique<SweepStore>(options_.store, options_.identity);
  // What an earlier, interrupted session stored is taken as if run now: the numbers are the
  // same (same point, same seed, same replication), so resuming changes nothing but time.
  std::map<int, std::string> key_of;
  for (const auto& [id, params] : store_->points()) {
    key_of[id] = params;
    index_[params].id = id;
    next_id_ = std::max(next_id_, id + 1);
  }
  for (auto& [unit, metrics] : store_->ok_metrics()) {
    const auto it = key_of.find(unit.first);
    if (it == key_of.end()) continue;
    index_[it->second].reps[unit.second] = std::move(metrics);
  }
}

Evaluator::~Evaluator() = default;

std::string Evaluator::key(const Overrides& point) { return parameters_json(point); }

scenario::Scenario Evaluator::scenario(const Overrides& point) const {
  scenario::Scenario s = base_file_.empty() ? scenario::load_default_scenario(point)
                                            : scenario::load_scenario_file(base_file_, point);
  s.seed = options_.seed;
  return s;
}

const Evaluator::PointRuns* Evaluator::find(const Overrides& point) const {
  const auto it = index_.find(key(point));
  return it == index_.end() ? nullptr : &it->second;
}

Evaluator::PointRuns& Evaluator::slot(const Overrides& point) {
  const std::string k = key(point);
  auto it = index_.find(k);
  if (it != index_.end()) return it->second;
  PointRuns& runs = index_[k];
  runs.id = next_id_++;
  return runs;
}

void Evaluator::ensure(const std::vector<Overrides>& points, int replications) {
  if (replications < 1) throw Error("replications must be at least 1");
  // Which runs are missing, point by point in the order asked (a point asked twice once).
  std::vector<Model> models;
  std::vector<Unit> units;
  std::vector<std::pair<int, std::string>> new_points;
  for (const auto& point : points) {
    PointRuns& runs = slot(point);
    bool missing = false;
    for (int r = 0; r < replications && !missing; ++r) missing = runs.reps.count(r) == 0;
    if (!missing) {
      runs.ensured = std::max(runs.ensured, replications);
      continue;
    }
    const std::string k = key(point);
    bool seen = false;
    for (const auto& m : models) seen = seen || m.key == k;
    if (seen) continue;
    scenario::Scenario s = scenario(point);
    network::Network net = network::Network::build(s);
    models.push_back(Model{k, runs.id, std::move(s), std::move(net)});
    new_points.emplace_back(runs.id, k);
    for (int r = 0; r < replications; ++r) {
      if (runs.reps.count(r) == 0) units.push_back(Unit{models.size() - 1, r});
    }
  }
  if (store_ && !new_points.empty()) store_->put_points(new_points);

  // Workers simulate; this thread stores each run as it finishes (one writer for SQLite) and
  // keeps it in memory. Results land by (point, replication), so the order runs finish in
  // never shows in what is returned.
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Finished> finished;
  std::exception_ptr error;
  std::size_t next = 0;
  bool stopping = false;
  const int total = static_cast<int>(units.size());
  const int threads = std::max(1, std::min(options_.threads, total));
  int active = total > 0 ? threads : 0;
  auto worker = [&] {
    for (;;) {
      std::size_t u = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        // Back-pressure: a worker runs at most one unit ahead of the writer, so a stop takes
        // effect within a unit per thread and finished runs never pile up in memory.
        ready.wait(lock, [&] { return finished.size() < static_cast<std::size_t>(threads) || stopping || error; });
        if (options_.stop && options_.stop->load() != 0) stopping = true;
        if (stopping || error || next >= units.size()) {
          --active;
          ready.notify_all();
          return;
        }
        u = next++;
      }
      Finished f;
      f.unit = u;
      try {
        const Model& m = models[units[u].model];
        RunRecord& rec = f.record;
        rec.point = m.id;
        rec.replication = units[u].replication;
        rec.seed = m.scenario.seed;
        rec.started = utc_now_iso();
        stats::ReplicationResult rep = flow::simulate_replication(m.scenario, m.network, rec.replication);
        rec.finished = utc_now_iso();
        rec.ok = true;
        rec.stream_seed = rep.seed;
        rec.wall_seconds = rep.wall_seconds;
        rec.metrics = std::move(rep.metrics);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
        --active;
        ready.notify_all();
        return;
      }
      std::lock_guard<std::mutex> lock(mutex);
      finished.push_back(std::move(f));
      ready.notify_all();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(active));
  // Not `t < active`: workers decrement `active` as they finish, so a fast first worker would
  // cut the loop short and the count would never reach 0 (a hang).
  const int starting = active;
  for (int t = 0; t < starting; ++t) pool.emplace_back(worker);
  int done = 0;
  std::exception_ptr store_error;
  // Every run that finishes is stored, even while stopping: nothing simulated is lost.
  for (;;) {
    std::unique_lock<std::mutex> lock(mutex);
    ready.wait(lock, [&] { return !finished.empty() || active == 0; });
    if (finished.empty()) break;
    Finished f = std::move(finished.front());
    finished.pop_front();
    lock.unlock();
    ready.notify_all();
    if (store_error) continue;
    try {
      const Unit& unit = units[f.unit];
      PointRuns& runs = index_[models[unit.model].key];
      if (store_) store_->record(f.record);
      runs.reps[unit.replication] = std::move(f.record.metrics);
      ++simulated_;
      ++done;
      if (options_.on_progress) options_.on_progress(done, total);
    } catch (...) {
      store_error = std::current_exception();
      std::lock_guard<std::mutex> relock(mutex);
      stopping = true;
      ready.notify_all();
    }
  }
  for (auto& t : pool) t.join();
  if (store_error) std::rethrow_exception(store_error);
  if (error) std::rethrow_exception(error);
  if (done < total) throw Interrupted();
  for (const auto& point : points) {
    PointRuns& runs = slot(point);
    runs.ensured = std::max(runs.ensured, replications);
  }
}

std::vector<double> Evaluator::values(const Overrides& point, const std::string& metric) const {
  const PointRuns* runs = find(point);
  if (!runs) return {};
  std::vector<double> out(static_cast<std::size_t>(runs->ensured), std::numeric_limits<double>::quiet_NaN());
  for (int r = 0; r < runs->ensured; ++r) {
    const auto it = runs->reps.find(r);
    if (it == runs->reps.end()) continue;
    for (const auto& m : it->second) {
      if (m.name == metric) {
        out[static_cast<std::size_t>(r)] = m.value;
        break;
      }
    }
  }
  return out;
}

stats::MetricSummary Evaluator::summary(const Overrides& point, const std::string& metric) const {
  return stats::summarise(metric, values(point, metric));
}

int Evaluator::replications(const Overrides& point) const {
  const PointRuns* runs = find(point);
  return runs ? runs->ensured : 0;
}

std::vector<std::string> Evaluator::metric_names(const Overrides& point) const {
  std::vector<std::string> names;
  const PointRuns* runs = find(point);
  if (!runs || runs->reps.empty()) return names;
  for (const auto& m : runs->reps.begin()->second) names.push_back(m.name);
  return names;
}

stats::RunResult run_point(const scenario::Scenario& s, int replications, int threads, const std::atomic<int>* stop,
                           const std::function<void(int done, int total)>& on_progress) {
  const network::Network net = network::Network::build(s);
  RunOptions options;
  options.replications = replications;
  options.seed = s.seed;
  options.threads = threads;
  options.stop = stop;
  if (on_progress) options.on_progress = [&](int done, int total, std::uint64_t) { on_progress(done, total); };
  return run_scenario(s, net, options);
}

}  // namespace tiersim::experiment
