// File: tiersim/experiment/sweep_store.hpp
// The SQLite file a sweep writes (C API, WAL journal, one transaction per finished run), made
// to be read directly by pandas.read_sql or R's DBI. Schema (schema_version 1):
//
//   meta(key TEXT PRIMARY KEY, value TEXT)
//       sweep_file, sweep_hash, tiersim_version, schema_version, design, replications,
//       points (how many in the whole sweep), task, tasks (this file's shard; 0 and 1 for a
//       whole sweep), precision (the stopping rule used last, or "off").
//   points(point INTEGER PRIMARY KEY, parameters TEXT)
//       point: 0..N-1 in Sweep::points() order; parameters: a JSON object {path: value}, the
//       sweep's axes in file order, numbers and booleans as JSON numbers and booleans.
//   runs(point, replication, status 'ok'|'failed', seed, stream_seed, started, finished,
//        wall_seconds, error)  PRIMARY KEY (point, replication)
//       seed: the point scenario's master seed (tiersim run --seed S, replication r
//       reproduces it); stream_seed: the replication's derived stream seed (hex); started and
//       finished: UTC ISO-8601; error: the message of a failed run, else NULL.
//   results(point, replication, metric, value)  PRIMARY KEY (point, replication, metric)
//       every metric of docs/CLI.md of every ok run; NaN (no data) is stored as NULL.
//
// A run's `runs` row and its `results` rows are written in one transaction, so after a kill
// at any moment every run in the file is complete or absent. One process writes a file.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tiersim/stats/results.hpp"

struct sqlite3;

namespace tiersim::experiment {

/// One finished (point, replication) unit, as stored.
struct RunRecord {
  int point = 0;
  int replication = 0;
  bool ok = false;
  std::uint64_t seed = 0;          ///< the point scenario's master seed
  std::uint64_t stream_seed = 0;   ///< the replication's derived seed
  std::string started;             ///< UTC ISO-8601
  std::string finished;
  double wall_seconds = 0;
  std::string error;               ///< empty when ok
  std::vector<stats::Metric> metrics;
};

/// What a store belongs to; a store of another sweep (hash) or another shard is refused.
struct StoreIdentity {
  std::string sweep_file;
  std::string sweep_hash;
  std::string design;              ///< "grid" | "random"
  int replications = 0;            ///< the sweep's initial replications
  int points = 0;                  ///< in the whole sweep
  int task = 0;
  int tasks = 1;
};

/// An open store. Not thread-safe: one writer thread.
class SweepStore {
 public:
  /// Opens or creates `path`, creating the schema; a store that already holds a `meta` must
  /// match `id` (hash and shard), else throws tiersim::Error saying what differs. IoError on
  /// file failures.
  SweepStore(const std::string& path, const StoreIdentity& id);
  ~SweepStore();
  SweepStore(const SweepStore&) = delete;
  SweepStore& operator=(const SweepStore&) = delete;

  /// Inserts the points not yet present (one transaction). `parameters` is JSON text.
  void put_points(const std::vector<std::pair<int, std::string>>& points);

  /// Records a finished run and its metrics in one transaction, replacing an earlier failed
  /// attempt of the same unit.
  void record(const RunRecord& run);

  /// The (point, replication) units already ok.
  [[nodiscard]] std::vector<std::pair<int, int>> ok_runs() const;

  /// For each ok unit, the values of `metrics` (in that order; NaN when absent).
  [[nodiscard]] std::map<std::pair<int, int>, std::vector<double>> ok_values(const std::vector<std::string>& metrics) const;

  void set_meta(const std::string& key, const std::string& value);

  /// Every point stored: (point, parameters JSON text), by point.
  [[nodiscard]] std::vector<std::pair<int, std::string>> points() const;

  /// Every metric of every ok unit, in the order each run recorded them.
  [[nodiscard]] std::map<std::pair<int, int>, std::vector<stats::Metric>> ok_metrics() const;

  /// Copies points, ok runs (and failed runs not ok here) and their results from another
  /// store file in one transaction.
  void merge_from(const std::string& shard_path);

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  void exec(const char* sql) const;
  std::string path_;
  sqlite3* db_ = nullptr;
};

/// The meta table of an existing store file (read-only). Throws Error if it is not a store.
[[nodiscard]] std::map<std::string, std::string> read_store_meta(const std::string& path);

/// Merges shard stores into `store` (created if missing): every shard must come from the same
/// sweep (hash). Returns a one-line account (shards, runs, missing runs) for the user.
std::string collect_shards(const std::vector<std::string>& shards, const std::string& store);

/// "2024-05-01T12:00:00.123Z" for now.
[[nodiscard]] std::string utc_now_iso();

}  // namespace tiersim::experiment
