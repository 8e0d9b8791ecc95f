#include "experiment/sweep_units.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "tiersim/flow/flow_model.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::experiment::detail {

PointModel build_point(const SweepPlan& plan, int point) {
  PointModel m;
  try {
    // From the base parsed when the sweep was loaded: a point costs a copy of its tree, not
    // a read and parse of the file.
    m.scenario = plan.sweep.load_point(plan.points.at(static_cast<std::size_t>(point)));
    m.scenario->replications = plan.sweep.replications;
    m.network = network::Network::build(*m.scenario);
  } catch (const std::exception& e) {
    m.error = e.what();
  }
  return m;
}

std::shared_ptr<const PointModel> PointModels::get(int point) {
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& s = slots_[point];
    if (!s) s = std::make_shared<Slot>();
    slot = s;
  }
  // Built once, outside the map lock, so other points' builds go on in parallel.
  std::call_once(slot->once, [&] { slot->model = std::make_shared<const PointModel>(build_point(plan_, point)); });
  return slot->model;
}

void PointModels::release(int point) {
  std::lock_guard<std::mutex> lock(mutex_);
  slots_.erase(point);
}

RunRecord run_unit(const PointModel& model, int point, int replication) {
  RunRecord r;
  r.point = point;
  r.replication = replication;
  r.started = utc_now_iso();
  const auto start = std::chrono::steady_clock::now();
  if (model.scenario) {
    r.seed = model.scenario->seed;
    r.stream_seed = random::StreamSet(model.scenario->seed, static_cast<std::uint64_t>(replication)).seed("replication");
  }
  if (!model.error.empty() || !model.scenario || !model.network) {
    r.error = model.error.empty() ? "point could not be built" : model.error;
  } else {
    try {
      stats::ReplicationResult res = flow::simulate_replication(*model.scenario, *model.network, replication);
      r.metrics = std::move(res.metrics);
      r.stream_seed = res.seed;
      r.ok = true;
    } catch (const std::exception& e) {
      r.error = e.what();
    } catch (...) {
      r.error = "unknown exception";
    }
  }
  r.finished = utc_now_iso();
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

Scheduler::Scheduler(const std::vector<int>& points, int initial, PrecisionRule rule,
                     const std::map<std::pair<int, int>, std::vector<double>>& done_ok)
    : rule_(std::move(rule)) {
  states_.reserve(points.size());
  for (int p : points) {
    index_[p] = states_.size();
    PointState s;
    s.point = p;
    s.target = std::max(1, initial);
    states_.push_back(std::move(s));
  }
  for (const auto& [key, values] : done_ok) {
    auto it = index_.find(key.first);
    if (it == index_.end()) continue;
    states_[it->second].done[key.second] = values;
  }
  for (auto& s : states_) advance(s);
  // Skipped: units already ok below the frontier reached without running anything.
  for (const auto& s : states_) {
    for (const auto& d : s.done) {
      if (d.first < s.target) ++skipped_;
    }
  }
}

void Scheduler::advance(PointState& p) {
  for (;;) {
    bool all_done = true;
    for (int r = 0; r < p.target; ++r) {
      if (p.done.count(r) == 0) {
        all_done = false;
        break;
      }
    }
    if (!all_done) {
      for (int r = 0; r < p.target; ++r) {
        if (p.done.count(r) == 0) ready_.push_back({p.point, r, {}});
      }
      return;
    }
    bool stop = !rule_.enabled() || p.target >= rule_.max_replications;
    if (!stop) {
      const auto& names = rule_.chosen();
      std::vector<std::vector<double>> values(names.size(), std::vector<double>(static_cast<std::size_t>(p.target)));
      for (int r = 0; r < p.target; ++r) {
        const auto& v = p.done.at(r);
        for (std::size_t m = 0; m < names.size(); ++m) values[m][static_cast<std::size_t>(r)] = v[m];
      }
      stop = precise_enough(rule_, values);
    }
    if (stop) {
      p.finished = true;
      ++points_done_;
      return;
    }
    p.target = next_replication_count(rule_, p.target);
  }
}

std::optional<Unit> Scheduler::next() {
  if (ready_.empty()) return std::nullopt;
  Unit u = ready_.front();
  ready_.pop_front();
  ++in_flight_;
  return u;
}

bool Scheduler::complete(const RunRecord& run) {
  --in_flight_;
  auto& p = states_.at(index_.at(run.point));
  const auto& names = rule_.chosen();
  std::vector<double> values(names.size(), std::numeric_limits<double>::quiet_NaN());
  if (run.ok && rule_.enabled()) {
    for (std::size_t m = 0; m < names.size(); ++m) {
      for (const auto& metric : run.metrics) {
        if (metric.name == names[m]) {
          values[m] = metric.value;
          break;
        }
      }
    }
  }
  p.done[run.replication] = std::move(values);
  // Only when the whole current batch is in may the point stop or grow.
  for (int r = 0; r < p.target; ++r) {
    if (p.done.count(r) == 0) return false;
  }
  if (p.finished) return false;
  // advance() would queue missing units, but none is missing: it either finishes the point or
  // raises the target and queues the next batch.
  advance(p);
  return p.finished;
}

std::vector<int> shard_points(int points, int task, int tasks) {
  std::vector<int> out;
  for (int p = task; p < points; p += tasks) out.push_back(p);
  return out;
}

std::string rule_text(const PrecisionRule& rule) {
  if (!rule.enabled()) return "off";
  std::string metrics;
  for (const auto& m : rule.chosen()) metrics += (metrics.empty() ? "" : ",") + m;
  return fmt::format("relative {} on {}; batch {}; max {}", rule.relative, metrics, rule.batch, rule.max_replications);
}

}  // namespace tiersim::experiment::detail
