#include "serve/run_queue.hpp"

#include <fmt/format.h>

#include "serve/variant.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/compare.hpp"
#include "tiersim/experiment/evaluate.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/report/output_folder.hpp"
#include "tiersim/report/report_html.hpp"
#include "tiersim/report/summary_json.hpp"

namespace tiersim::serve {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

/// Bases kept; past this the oldest is dropped (each holds every replication's result).
constexpr std::size_t kMaxBases = 8;

struct RunQueue::Record {
  int id = 0;
  RunRequest request;
  RunStatus status = RunStatus::kQueued;
  double progress = 0;
  std::string error;
  std::atomic<int> stop{0};
  ordered_json summary;     ///< null until done
  ordered_json comparison;  ///< null until done
  std::string network;      ///< the variant's network section with its flows, once done
  fs::path folder;          ///< report files, once done
};

const char* status_name(RunStatus s) noexcept {
  switch (s) {
    case RunStatus::kQueued: return "queued";
    case RunStatus::kRunning: return "running";
    case RunStatus::kDone: return "done";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kCancelled: return "cancelled";
  }
  return "failed";
}

RunQueue::RunQueue(const std::vector<CatalogueEntry>& catalogue, int threads, int max_pending, int max_history,
                   fs::path folder)
    : catalogue_(catalogue),
      threads_(std::max(1, threads)),
      max_pending_(std::max(1, max_pending)),
      max_history_(std::max(1, max_history)),
      folder_(std::move(folder)) {
  worker_ = std::thread([this] { work(); });
}

RunQueue::~RunQueue() { stop(); }

void RunQueue::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (int id : queue_) runs_.at(id)->status = RunStatus::kCancelled;
    queue_.clear();
    for (auto& [id, r] : runs_) r->stop.store(1);
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

int RunQueue::submit(RunRequest request) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) throw QueueFull("the server is stopping");
  int pending = static_cast<int>(queue_.size());
  for (const auto& [id, r] : runs_) pending += r->status == RunStatus::kRunning ? 1 : 0;
  if (pending >= max_pending_) {
    throw QueueFull(fmt::format("{} runs are already queued or running (the limit); wait for one or cancel one", pending));
  }
  auto r = std::make_shared<Record>();
  r->id = next_id_++;
  r->request = std::move(request);
  runs_.emplace(r->id, r);
  queue_.push_back(r->id);
  forget_old(lock);
  lock.unlock();
  wake_.notify_all();
  return r->id;
}

RunQueue::Cancel RunQueue::cancel(int id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(id);
  if (it == runs_.end()) return Cancel::kUnknown;
  Record& r = *it->second;
  if (r.status == RunStatus::kQueued) {
    r.status = RunStatus::kCancelled;
    queue_.erase(std::remove(queue_.begin(), queue_.end(), id), queue_.end());
    return Cancel::kCancelled;
  }
  if (r.status == RunStatus::kRunning) {
    r.stop.store(1);  // the worker marks it cancelled when run_point returns
    return Cancel::kCancelled;
  }
  return r.status == RunStatus::kCancelled ? Cancel::kCancelled : Cancel::kFinished;
}

void RunQueue::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    const int id = queue_.front();
    queue_.pop_front();
    const std::shared_ptr<Record> r = runs_.at(id);  // kept alive even if forgotten meanwhile
    r->status = RunStatus::kRunning;
    execute(*r, lock);
    forget_old(lock);
  }
}

// Called and returning with `lock` held; runs the simulation with it released.
void RunQueue::execute(Record& r, std::unique_lock<std::mutex>& lock) {
  const CatalogueEntry& entry = catalogue_[r.request.scenario];
  const int n = r.request.replications;
  const auto key = std::make_pair(r.request.scenario, n);
  std::shared_ptr<const stats::RunResult> base;
  if (auto it = bases_.find(key); it != bases_.end()) base = it->second;
  const int total = (base ? 0 : n) + n;
  int finished = 0;  // replications of earlier arms
  auto progress = [&](int done, int /*of this arm*/) {
    std::lock_guard<std::mutex> g(mutex_);
    r.progress = static_cast<double>(finished + done) / static_cast<double>(total);
  };

  scenario::Scenario base_s = entry.scenario;
  base_s.replications = n;
  lock.unlock();
  try {
    if (!base) {
      base = std::make_shared<const stats::RunResult>(experiment::run_point(base_s, n, threads_, &r.stop, progress));
      finished = n;
      std::lock_guard<std::mutex> g(mutex_);
      if (bases_.size() >= kMaxBases) bases_.erase(bases_.begin());
      bases_[key] = base;
    }
    stats::RunResult run = experiment::run_point(r.request.variant, n, threads_, &r.stop, progress);

    // The comparison as `tiersim compare base variant` writes it.
    std::vector<experiment::CompareArm> arms(2);
    arms[0].name = entry.scenario.name;
    arms[0].file = entry.file.empty() ? entry.scenario.source_file : entry.file;
    arms[0].scenario = base_s;
    arms[0].resolved_yaml = scenario::resolved_yaml(base_s);
    arms[0].run = *base;
    arms[1].name = entry.scenario.name + " (variant)";
    arms[1].file = fmt::format("run {}", r.id);
    arms[1].scenario = r.request.variant;
    arms[1].resolved_yaml = scenario::resolved_yaml(r.request.variant);
    arms[1].run = run;
    ordered_json comparison = experiment::comparison_json(arms);
    ordered_json summary = report::summary_json(run);

    const network::Network net = network::Network::build(r.request.variant);
    const analytic::Analysis analysis = analytic::analyze(r.request.variant, net);
    const fs::path folder = folder_ / fmt::format("run-{}", r.id);
    fs::create_directories(folder);
    report::write_run_outputs(folder, run, r.request.variant, &analysis);
    std::string network = report::network_section_html(run, r.request.variant);

    lock.lock();
    r.summary = std::move(summary);
    r.comparison = std::move(comparison);
    r.folder = folder;
    r.network = std::move(network);
    r.progress = 1;
    r.status = RunStatus::kDone;
  } catch (const experiment::Interrupted&) {
    if (!lock.owns_lock()) lock.lock();
    r.status = RunStatus::kCancelled;
  } catch (const std::exception& e) {
    if (!lock.owns_lock()) lock.lock();
    r.status = RunStatus::kFailed;
    r.error = e.what();
  }
}

void RunQueue::forget_old(std::unique_lock<std::mutex>& /*held*/) {
  int finished = 0;
  for (const auto& [id, r] : runs_) finished += (r->status == RunStatus::kQueued || r->status == RunStatus::kRunning) ? 0 : 1;
  for (auto it = runs_.begin(); it != runs_.end() && finished > max_history_;) {
    const RunStatus s = it->second->status;
    if (s == RunStatus::kQueued || s == RunStatus::kRunning) {
      ++it;
      continue;
    }
    if (!it->second->folder.empty()) {
      std::error_code ec;
      fs::remove_all(it->second->folder, ec);
    }
    it = runs_.erase(it);
    --finished;
  }
}

ordered_json RunQueue::brief(const Record& r) const {
  const CatalogueEntry& entry = catalogue_[r.request.scenario];
  ordered_json j;
  j["id"] = r.id;
  j["scenario"] = entry.id;
  j["set"] = overrides_json(r.request.set);
  j["replications"] = r.request.replications;
  j["status"] = status_name(r.status);
  j["progress"] = r.progress;
  ordered_json position = nullptr;
  if (r.status == RunStatus::kQueued) {
    const auto it = std::find(queue_.begin(), queue_.end(), r.id);
    if (it != queue_.end()) position = static_cast<int>(it - queue_.begin()) + 1;
  }
  j["queue_position"] = position;
  j["error"] = r.error.empty() ? ordered_json(nullptr) : ordered_json(r.error);
  const bool done = r.status == RunStatus::kDone;
  j["report"] = done ? ordered_json(fmt::format("/api/runs/{}/report.html", r.id)) : ordered_json(nullptr);
  j["scenario_file"] = fmt::format("/api/runs/{}/scenario.yaml", r.id);
  return j;
}

std::optional<ordered_json> RunQueue::run_json(int id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(id);
  if (it == runs_.end()) return std::nullopt;
  ordered_json j = brief(*it->second);
  j["summary"] = it->second->summary;
  j["comparison"] = it->second->comparison;
  j["network_html"] = it->second->network.empty() ? ordered_json(nullptr) : ordered_json(it->second->network);
  return j;
}

ordered_json RunQueue::list_json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  ordered_json out = ordered_json::array();
  for (const auto& [id, r] : runs_) out.push_back(brief(*r));
  return out;
}

std::optional<fs::path> RunQueue::report_file(int id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(id);
  if (it == runs_.end() || it->second->status != RunStatus::kDone) return std::nullopt;
  return it->second->folder / report::kReportHtml;
}

std::optional<std::pair<std::string, std::string>> RunQueue::variant_file(int id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(id);
  if (it == runs_.end()) return std::nullopt;
  const Record& r = *it->second;
  const CatalogueEntry& entry = catalogue_[r.request.scenario];
  return std::make_pair(fmt::format("{}-variant-{}.yaml", entry.id, r.id),
                        variant_yaml(entry, r.request.set, r.request.replications, r.id));
}

}  // namespace tiersim::serve
