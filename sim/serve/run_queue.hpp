// Internal to sim/serve: the runs of a server. One worker thread takes queued runs in order
// and runs each, with the server's threads, as two arms on common random numbers: the
// unchanged base (kept per scenario and replication count, so a second variant of the same
// base reruns nothing of it) and the variant, both through experiment::run_point, so the
// variant's numbers are those `tiersim run` gives for the variant file. A finished run keeps
// its summary.json, its comparison.json against the base, and its report.html in a folder of
// its own under the server's temporary folder.
//
// Thread-safe: every member may be called from the HTTP threads while the worker runs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tiersim/scenario/load.hpp"
#include "tiersim/serve/server.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::serve {

enum class RunStatus { kQueued, kRunning, kDone, kFailed, kCancelled };
[[nodiscard]] const char* status_name(RunStatus s) noexcept;  ///< "queued", ...

struct RunRequest {
  std::size_t scenario = 0;                 ///< index into the catalogue
  std::vector<scenario::Override> set;      ///< in the request's order
  int replications = 1;
  scenario::Scenario variant;               ///< the base with `set` applied, checked, replications set
};

/// Thrown by submit() when max_pending runs are already queued or running.
struct QueueFull : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RunQueue {
 public:
  /// `catalogue` must outlive the queue. `folder` exists and is the queue's to fill.
  RunQueue(const std::vector<CatalogueEntry>& catalogue, int threads, int max_pending, int max_history,
           std::filesystem::path folder);
  ~RunQueue();  ///< stop()
  RunQueue(const RunQueue&) = delete;
  RunQueue& operator=(const RunQueue&) = delete;

  /// Queues a run; returns its id (1, 2, ...). Throws QueueFull.
  int submit(RunRequest request);

  /// The run as the API shows it (see sim/serve/README.md), or nullopt for an unknown id.
  [[nodiscard]] std::optional<nlohmann::ordered_json> run_json(int id) const;
  /// Every run kept, oldest first, without summary and comparison.
  [[nodiscard]] nlohmann::ordered_json list_json() const;

  enum class Cancel { kUnknown, kCancelled, kFinished };
  /// A queued run is cancelled at once; a running one stops after the replications in flight.
  Cancel cancel(int id);

  /// report.html of a finished run, or nullopt.
  [[nodiscard]] std::optional<std::filesystem::path> report_file(int id) const;
  /// The run's variant as a scenario file (see variant_yaml), and a file name for it.
  [[nodiscard]] std::optional<std::pair<std::string, std::string>> variant_file(int id) const;

  /// Cancels every queued and running run and joins the worker. Idempotent.
  void stop();

 private:
  struct Record;
  void work();
  void execute(Record& r, std::unique_lock<std::mutex>& lock);
  void forget_old(std::unique_lock<std::mutex>& lock);
  [[nodiscard]] nlohmann::ordered_json brief(const Record& r) const;

  const std::vector<CatalogueEntry>& catalogue_;
  const int threads_;
  const int max_pending_;
  const int max_history_;
  const std::filesystem::path folder_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<int, std::shared_ptr<Record>> runs_;
  std::deque<int> queue_;
  int next_id_ = 1;
  bool stopping_ = false;
  /// The unchanged base's runs, by (scenario, replications).
  std::map<std::pair<std::size_t, int>, std::shared_ptr<const stats::RunResult>> bases_;
  std::thread worker_;
};

}  // namespace tiersim::serve
