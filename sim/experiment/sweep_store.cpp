#include "tiersim/experiment/sweep_store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "tiersim/error.hpp"
#include "tiersim/version.hpp"

namespace tiersim::experiment {

namespace {

constexpr const char* kSchemaVersion = "1";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS points(point INTEGER PRIMARY KEY, parameters TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
  point INTEGER NOT NULL, replication INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  seed INTEGER NOT NULL, stream_seed TEXT NOT NULL,
  started TEXT, finished TEXT, wall_seconds REAL, error TEXT,
  PRIMARY KEY (point, replication));
CREATE TABLE IF NOT EXISTS results(
  point INTEGER NOT NULL, replication INTEGER NOT NULL, metric TEXT NOT NULL, value REAL,
  PRIMARY KEY (point, replication, metric));
)sql";

/// A prepared statement, finalised on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) {
      throw IoError(fmt::format("SQLite: {} (in: {})", sqlite3_errmsg(db), sql));
    }
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(s_, i, v)); }
  Stmt& bind(int i, double v) {
    // NaN is "no data": NULL, which pandas reads back as NaN.
    return check(std::isfinite(v) ? sqlite3_bind_double(s_, i, v) : sqlite3_bind_null(s_, i));
  }
  Stmt& bind(int i, const std::string& v) {
    return check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind_null(int i) { return check(sqlite3_bind_null(s_, i)); }
  /// Steps once; true when a row is available.
  bool step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw IoError(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
  }
  void run() {
    step();
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  [[nodiscard]] std::int64_t integer(int c) const { return sqlite3_column_int64(s_, c); }
  [[nodiscard]] double real(int c) const {
    return sqlite3_column_type(s_, c) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                     : sqlite3_column_double(s_, c);
  }
  [[nodiscard]] std::string text(int c) const {
    const auto* p = sqlite3_column_text(s_, c);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }

 private:
  Stmt& check(int rc) {
    if (rc != SQLITE_OK) throw IoError(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

sqlite3* open_db(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw IoError(fmt::format("cannot open store {}: {}", path, why));
  }
  sqlite3_busy_timeout(db, 10000);
  return db;
}

void exec_on(sqlite3* db, const char* sql, const std::string& path) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string why = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    throw IoError(fmt::format("store {}: {}", path, why));
  }
}

std::map<std::string, std::string> meta_of(sqlite3* db) {
  std::map<std::string, std::string> m;
  Stmt has(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'");
  has.step();
  if (has.integer(0) == 0) return m;
  Stmt q(db, "SELECT key, value FROM meta");
  while (q.step()) m[q.text(0)] = q.text(1);
  return m;
}

/// Rolls back an open transaction unless committed (an exception on the way out).
class Transaction {
 public:
  Transaction(sqlite3* db, const std::string& path) : db_(db), path_(path) { exec_on(db, "BEGIN IMMEDIATE", path); }
  void commit() {
    exec_on(db_, "COMMIT", path_);
    done_ = true;
  }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  sqlite3* db_;
  const std::string& path_;
  bool done_ = false;
};

}  // namespace

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

SweepStore::SweepStore(const std::string& path, const StoreIdentity& id) : path_(path) {
  db_ = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  try {
    // WAL: readers (a notebook watching progress) never block the writer. synchronous=NORMAL
    // loses nothing when the process is killed (committed pages are in the OS already); only
    // a power cut may lose the last runs, which a rerun simply redoes.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec(kSchema);
    const auto meta = meta_of(db_);
    if (meta.empty()) {
      Transaction t(db_, path_);
      set_meta("sweep_file", id.sweep_file);
      set_meta("sweep_hash", id.sweep_hash);
      set_meta("tiersim_version", kVersion);
      set_meta("schema_version", kSchemaVersion);
      set_meta("design", id.design);
      set_meta("replications", std::to_string(id.replications));
      set_meta("points", std::to_string(id.points));
      set_meta("task", std::to_string(id.task));
      set_meta("tasks", std::to_string(id.tasks));
      t.commit();
      return;
    }
    auto get = [&](const char* k) {
      auto it = meta.find(k);
      return it == meta.end() ? std::string() : it->second;
    };
    if (get("sweep_hash") != id.sweep_hash) {
      throw Error(fmt::format(
          "store {} was made by another sweep (file {}, hash {}), not by {} (hash {}): the sweep file or its base "
          "scenario changed; use a new --store, or remove the old one to start again",
          path, get("sweep_file"), get("sweep_hash"), id.sweep_file, id.sweep_hash));
    }
    const std::string task = std::to_string(id.task);
    const std::string tasks = std::to_string(id.tasks);
    if (get("task") != task || get("tasks") != tasks) {
      throw Error(fmt::format("store {} holds shard --task {} --tasks {}, not --task {} --tasks {}", path, get("task"),
                              get("tasks"), task, tasks));
    }
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

SweepStore::~SweepStore() { sqlite3_close(db_); }

void SweepStore::exec(const char* sql) const { exec_on(db_, sql, path_); }

void SweepStore::set_meta(const std::string& key, const std::string& value) {
  Stmt s(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
  s.bind(1, key).bind(2, value).run();
}

void SweepStore::put_points(const std::vector<std::pair<int, std::string>>& points) {
  Transaction t(db_, path_);
  Stmt s(db_, "INSERT OR IGNORE INTO points(point, parameters) VALUES (?, ?)");
  for (const auto& [p, params] : points) s.bind(1, std::int64_t{p}).bind(2, params).run();
  t.commit();
}

void SweepStore::record(const RunRecord& run) {
  Transaction t(db_, path_);
  {
    // A failed earlier attempt of this unit is replaced; it never has results, but clear
    // them anyway so that the unit's rows are exactly this run's.
    Stmt del(db_, "DELETE FROM results WHERE point = ? AND replication = ?");
    del.bind(1, std::int64_t{run.point}).bind(2, std::int64_t{run.replication}).run();
    Stmt r(db_,
           "INSERT OR REPLACE INTO runs(point, replication, status, seed, stream_seed, started, finished, "
           "wall_seconds, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    r.bind(1, std::int64_t{run.point})
        .bind(2, std::int64_t{run.replication})
        .bind(3, std::string(run.ok ? "ok" : "failed"))
        .bind(4, static_cast<std::int64_t>(run.seed))
        .bind(5, fmt::format("{:016x}", run.stream_seed))
        .bind(6, run.started)
        .bind(7, run.finished)
        .bind(8, run.wall_seconds);
    if (run.ok) {
      r.bind_null(9);
    } else {
      r.bind(9, run.error);
    }
    r.run();
    if (run.ok) {
      Stmt m(db_, "INSERT INTO results(point, replication, metric, value) VALUES (?, ?, ?, ?)");
      for (const auto& metric : run.metrics) {
        m.bind(1, std::int64_t{run.point}).bind(2, std::int64_t{run.replication}).bind(3, metric.name);
        m.bind(4, metric.value).run();
      }
    }
  }
  t.commit();
}

std::vector<std::pair<int, int>> SweepStore::ok_runs() const {
  std::vector<std::pair<int, int>> out;
  Stmt q(db_, "SELECT point, replication FROM runs WHERE status = 'ok' ORDER BY point, replication");
  while (q.step()) out.emplace_back(static_cast<int>(q.integer(0)), static_cast<int>(q.integer(1)));
  return out;
}

std::map<std::pair<int, int>, std::vector<double>> SweepStore::ok_values(const std::vector<std::string>& metrics) const {
  std::map<std::pair<int, int>, std::vector<double>> out;
  for (const auto& key : ok_runs()) {
    out.emplace(key, std::vector<double>(metrics.size(), std::numeric_limits<double>::quiet_NaN()));
  }
  Stmt q(db_,
         "SELECT r.point, r.replication, r.value FROM results r JOIN runs u USING (point, replication) "
         "WHERE u.status = 'ok' AND r.metric = ?");
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    q.bind(1, metrics[m]);
    while (q.step()) {
      auto it = out.find({static_cast<int>(q.integer(0)), static_cast<int>(q.integer(1))});
      if (it != out.end()) it->second[m] = q.real(2);
    }
    q.run();  // reset
  }
  return out;
}

std::vector<std::pair<int, std::string>> SweepStore::points() const {
  std::vector<std::pair<int, std::string>> out;
  Stmt q(db_, "SELECT point, parameters FROM points ORDER BY point");
  while (q.step()) out.emplace_back(static_cast<int>(q.integer(0)), q.text(1));
  return out;
}

std::map<std::pair<int, int>, std::vector<stats::Metric>> SweepStore::ok_metrics() const {
  std::map<std::pair<int, int>, std::vector<stats::Metric>> out;
  for (const auto& key : ok_runs()) out.emplace(key, std::vector<stats::Metric>{});
  // rowid order is insertion order: each run's metrics come back in the order it wrote them.
  Stmt q(db_, "SELECT r.point, r.replication, r.metric, r.value FROM results r JOIN runs u USING (point, replication) "
              "WHERE u.status = 'ok' ORDER BY r.rowid");
  while (q.step()) {
    auto it = out.find({static_cast<int>(q.integer(0)), static_cast<int>(q.integer(1))});
    if (it != out.end()) it->second.push_back(stats::Metric{q.text(2), q.real(3)});
  }
  return out;
}

void SweepStore::merge_from(const std::string& shard_path) {
  Stmt attach(db_, "ATTACH DATABASE ? AS shard");
  attach.bind(1, shard_path).run();
  try {
    Transaction t(db_, path_);
    exec("INSERT OR IGNORE INTO points(point, parameters) SELECT point, parameters FROM shard.points");
    // A shard's ok run wins over anything here; its failed run only fills a gap or replaces
    // another failure, never an ok run.
    exec(
        "DELETE FROM results WHERE (point, replication) IN ("
        " SELECT point, replication FROM shard.runs WHERE status = 'ok')");
    exec(
        "INSERT OR REPLACE INTO runs(point, replication, status, seed, stream_seed, started, finished, "
        "wall_seconds, error) SELECT s.point, s.replication, s.status, s.seed, s.stream_seed, s.started, s.finished, "
        "s.wall_seconds, s.error FROM shard.runs s WHERE s.status = 'ok' OR NOT EXISTS ("
        " SELECT 1 FROM main.runs m WHERE m.point = s.point AND m.replication = s.replication AND m.status = 'ok')");
    exec(
        "INSERT INTO results(point, replication, metric, value) SELECT r.point, r.replication, r.metric, r.value "
        "FROM shard.results r JOIN shard.runs s USING (point, replication) WHERE s.status = 'ok'");
    t.commit();
  } catch (...) {
    sqlite3_exec(db_, "DETACH DATABASE shard", nullptr, nullptr, nullptr);
    throw;
  }
  exec("DETACH DATABASE shard");
}

std::map<std::string, std::string> read_store_meta(const std::string& path) {
  sqlite3* db = open_db(path, SQLITE_OPEN_READONLY);
  std::map<std::string, std::string> m;
  try {
    m = meta_of(db);
  } catch (const std::exception& e) {
    sqlite3_close(db);
    throw Error(fmt::format("{} is not a tiersim sweep store: {}", path, e.what()));
  }
  sqlite3_close(db);
  if (m.count("sweep_hash") == 0) throw Error(fmt::format("{} is not a tiersim sweep store (no meta)", path));
  return m;
}

std::string collect_shards(const std::vector<std::string>& shards, const std::string& store) {
  if (shards.empty()) throw Error("tiersim sweep collect: name the shard stores to merge");
  std::vector<std::map<std::string, std::string>> metas;
  for (const auto& s : shards) metas.push_back(read_store_meta(s));
  const auto& first = metas.front();
  std::set<int> tasks_seen;
  int tasks = 0;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    if (metas[i].at("sweep_hash") != first.at("sweep_hash")) {
      throw Error(fmt::format("tiersim sweep collect: {} comes from another sweep (hash {}) than {} (hash {})",
                              shards[i], metas[i].at("sweep_hash"), shards.front(), first.at("sweep_hash")));
    }
    const int t = std::stoi(metas[i].count("task") ? metas[i].at("task") : "0");
    tasks = std::stoi(metas[i].count("tasks") ? metas[i].at("tasks") : "1");
    tasks_seen.insert(t);
  }
  auto get = [&](const char* k) { return first.count(k) ? first.at(k) : std::string(); };
  StoreIdentity id;
  id.sweep_file = get("sweep_file");
  id.sweep_hash = get("sweep_hash");
  id.design = get("design");
  id.replications = std::stoi(get("replications").empty() ? "0" : get("replications"));
  id.points = std::stoi(get("points").empty() ? "0" : get("points"));
  id.task = 0;
  id.tasks = 1;
  SweepStore out(store, id);
  for (const auto& s : shards) {
    std::error_code ec;
    if (std::filesystem::equivalent(s, store, ec)) continue;  // the target named among its shards
    out.merge_from(s);
  }
  const auto ok = out.ok_runs().size();
  std::string missing_tasks;
  for (int t = 0; t < tasks; ++t) {
    if (tasks_seen.count(t) == 0) missing_tasks += (missing_tasks.empty() ? "" : ", ") + std::to_string(t);
  }
  std::string account = fmt::format("{} shard(s) merged into {}: {} ok runs", shards.size(), store, ok);
  const std::size_t expected = static_cast<std::size_t>(id.points) * static_cast<std::size_t>(id.replications);
  if (ok < expected) account += fmt::format(", {} of the sweep's {} initial runs missing", expected - ok, expected);
  if (!missing_tasks.empty()) account += fmt::format(" (no shard for --task {} of {})", missing_tasks, tasks);
  return account;
}

}  // namespace tiersim::experiment
