// The evaluation core: points (the base plus overrides) run on common random numbers,
// memoised per (point, replication) and, with a store, kept in SQLite as they finish.
#include "tiersim/experiment/evaluate.hpp"

#include <limits>

#include "experiment/run_pool.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::experiment {

namespace {

/// One replication of one point still to run.
struct Missing {
  std::size_t model = 0;  ///< index into the models built for this ensure() call
  int replication = 0;
};

/// A point with replications missing, ready to simulate.
struct Model {
  std::string key;
  int id = 0;
  Overrides overrides;
  scenario::Scenario scenario;
  network::Network network;
};

/// One replication of a point, as the store keeps it. Throws what the simulation throws.
RunRecord simulate(const scenario::Scenario& s, const network::Network& net, int id, int replication) {
  RunRecord rec;
  rec.point = id;
  rec.replication = replication;
  rec.seed = s.seed;
  rec.started = utc_now_iso();
  stats::ReplicationResult rep = flow::simulate_replication(s, net, replication);
  rec.finished = utc_now_iso();
  rec.ok = true;
  rec.stream_seed = rep.seed;
  rec.wall_seconds = rep.wall_seconds;
  rec.metrics = std::move(rep.metrics);
  return rec;
}

// Checked before the base is read, so a bad option is reported whatever the file holds.
EvaluatorOptions checked(EvaluatorOptions o) {
  if (o.threads < 1) throw Error("threads must be at least 1");
  return o;
}

}  // namespace

Evaluator::Evaluator(std::string base_file, EvaluatorOptions options)
    : base_file_(std::move(base_file)),
      options_(checked(std::move(options))),
      parsed_base_(base_file_.empty() ? scenario::ScenarioBase::embedded_default()
                                      : scenario::ScenarioBase::from_file(base_file_)) {
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
  scenario::Scenario s = scenario::load_scenario(parsed_base_, point);
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
  std::vector<Missing> units;
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
    models.push_back(Model{k, runs.id, point, std::move(s), std::move(net)});
    new_points.emplace_back(runs.id, k);
    for (int r = 0; r < replications; ++r) {
      if (runs.reps.count(r) == 0) units.push_back(Missing{models.size() - 1, r});
    }
  }
  if (store_ && !new_points.empty()) store_->put_points(new_points);

  // The shared pool: workers (or the other MPI ranks) simulate; this thread stores each run
  // as it finishes (one writer for SQLite) and keeps it in memory. Results land by (point,
  // replication), so the order runs finish in never shows in what is returned.
  std::map<int, std::size_t> model_of;  // store id -> models index
  for (std::size_t m = 0; m < models.size(); ++m) model_of[models[m].id] = m;
  std::size_t next = 0;
  int done = 0;
  const int total = static_cast<int>(units.size());
  detail::Job job;
  job.next = [&]() -> std::optional<detail::Unit> {
    if (next >= units.size()) return std::nullopt;
    const Missing& u = units[next++];
    const Model& m = models[u.model];
    return detail::Unit{m.id, u.replication, m.overrides};
  };
  job.finished = [&] { return next >= units.size(); };
  job.simulate = [&](const detail::Unit& u) {
    const Model& m = models[model_of.at(u.point)];
    return simulate(m.scenario, m.network, u.point, u.replication);
  };
  job.store = [&](const RunRecord& r) {
    if (!r.ok) throw Error(r.error);  // from another MPI rank: what the simulation threw there
    if (store_) store_->record(r);
  };
  job.complete = [&](RunRecord& r) {
    index_[models[model_of.at(r.point)].key].reps[r.replication] = std::move(r.metrics);
    ++simulated_;
    ++done;
  };
  if (options_.on_progress) job.progress = [&] { options_.on_progress(done, total); };
  if (total > 0) {
    if (options_.mpi != nullptr && options_.mpi->size() > 1) {
      (void)detail::run_pool_mpi(*options_.mpi, job, options_.stop);
    } else {
      (void)detail::run_pool(job, std::min(options_.threads, total), options_.stop);
    }
  }
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

void serve_evaluations(const std::string& base_file, std::uint64_t seed, MpiRanks& ranks) {
  EvaluatorOptions options;
  options.seed = seed;
  const Evaluator evaluator(base_file, options);
  // The point of the last unit, kept: a point's replications often come one after another.
  std::string key;
  std::optional<Model> model;
  detail::serve_units(ranks, [&](const detail::Unit& unit) {
    const std::string k = Evaluator::key(unit.overrides);
    if (!model || key != k) {
      model.reset();
      scenario::Scenario s = evaluator.scenario(unit.overrides);
      network::Network net = network::Network::build(s);
      model = Model{k, unit.point, unit.overrides, std::move(s), std::move(net)};
      key = k;
    }
    return simulate(model->scenario, model->network, unit.point, unit.replication);
  });
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
