// `tiersim optimize --store` killed with SIGKILL in the middle of a COMPASS search, then run
// again with the same command: the files it writes are those of an uninterrupted run byte for
// byte, and the store holds every replication the result counts, once (a replication lost
// would be missing from it; one stored twice would break its primary key or the count). As
// tests/cli/fault_sweep_test.cpp does for sweeps, the kill comes once some runs are stored,
// not after a share of a measured time, so the machine's load cannot make it miss.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <string>

#include "cli/run_binary.hpp"

namespace tiersim::test {
namespace {

// The five-township problem of scenarios/tests/optimize_stations5_opt.yaml with a smaller
// search budget, so the suite stays quick.
void write_problem(const fs::path& dir) {
  std::string decide, cost;
  const std::array<int, 5> fewest{5, 3, 4, 2, 4};  // the fewest doctors that keep each queue stable
  for (std::size_t i = 0; i < fewest.size(); ++i) {
    const std::string t(1, static_cast<char>('a' + i));
    decide += "    facilities[" + t + "].servers: [";
    for (int v = fewest[i]; v < fewest[i] + 12; ++v) decide += (v == fewest[i] ? "" : ", ") + std::to_string(v);
    decide += "]\n";
    cost += "    facilities[" + t + "].servers: 1\n";
  }
  write_file(dir / "opt.yaml", "optimize:\n  base: " TIERSIM_SOURCE_DIR "/scenarios/tests/optimize_stations5.yaml\n"
                               "  replications: 10\n  seed: 21\n  decide:\n" + decide + "  cost:\n" + cost +
                               "  budget: 30\n  objective: {minimize: wait_minutes.township.mean}\n"
                               "  constraints:\n"
                               "    - utilisation.a >= 0.65 +- 0.02\n    - utilisation.b >= 0.65 +- 0.02\n"
                               "    - utilisation.c >= 0.65 +- 0.02\n    - utilisation.d >= 0.65 +- 0.02\n"
                               "    - utilisation.e >= 0.65 +- 0.02\n"
                               "  select: {pcs: 0.9, indifference: 1, max_replications: 200}\n"
                               "  compass: {samples: 4, replications: 800, stall: 6}\n");
}

std::vector<std::string> args(const fs::path& dir, const std::string& run) {
  return {"optimize", (dir / "opt.yaml").string(), "--out", (dir / run).string(), "--store",
          (dir / (run + ".sqlite")).string(), "--threads", "2"};
}

long long count(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  long long n = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return n;
}

std::string integrity(const fs::path& db) {
  sqlite3* h = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out;
}

// "N replications (S simulated now, T from the store)" of the account on stdout.
std::array<long long, 3> account(const std::string& out) {
  std::array<long long, 3> v{-1, -1, -1};
  const auto at = out.find(" replications (");
  if (at == std::string::npos) return v;
  const auto start = out.rfind(", ", at);
  if (start == std::string::npos) return v;
  std::sscanf(out.c_str() + start + 2, "%lld replications (%lld simulated now, %lld from the store)", &v[0], &v[1], &v[2]);
  return v;
}

TEST(OptimizeKill, KillNineThenRerunGivesTheUninterruptedFilesAndLosesNoReplication) {
  ScratchDir dir("optimize_kill");
  write_problem(dir.path());

  const Outcome ref = run_tiersim(args(dir.path(), "ref"), dir.path(), 600);
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  ASSERT_NE(ref.out.find("COMPASS search"), std::string::npos) << ref.out;
  const auto ref_account = account(ref.out);
  ASSERT_GT(ref_account[0], 100) << ref.out;
  const fs::path ref_db = dir / "ref.sqlite";
  EXPECT_EQ(count(ref_db, "SELECT count(*) FROM runs WHERE status = 'ok'"), ref_account[0]);

  Child c(args(dir.path(), "killed"), dir.path());
  const fs::path db = dir / "killed.sqlite";
  // Killed once a third of the reference's runs are stored: in the middle of the search.
  wait_until([&] { return !c.running() || (fs::exists(db) && count(db, "SELECT count(*) FROM runs") >= ref_account[0] / 3); },
             600);
  ASSERT_TRUE(c.running()) << "the optimisation ended before it could be killed";
  c.signal(SIGKILL);
  (void)c.wait(60);
  EXPECT_FALSE(fs::exists(dir / "killed" / "optimization.json"));
  EXPECT_EQ(integrity(db), "ok");
  const long long stored = count(db, "SELECT count(*) FROM runs WHERE status = 'ok'");
  EXPECT_GT(stored, 0);
  EXPECT_LT(stored, ref_account[0]);

  const Outcome again = run_tiersim(args(dir.path(), "killed"), dir.path(), 600);
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  for (const char* f : {"optimization.json", "optimization.html", "best.yaml"}) {
    EXPECT_EQ(slurp(dir / "killed" / f), slurp(dir / "ref" / f)) << f;
  }
  // Every replication the result counts came from the store or was simulated now, never both:
  // the store ends with exactly the reference's runs, and the rerun simulated only the rest.
  const auto acc = account(again.out);
  EXPECT_EQ(acc[0], ref_account[0]) << again.out;
  EXPECT_EQ(acc[2], stored) << again.out;
  EXPECT_EQ(acc[1] + acc[2], acc[0]) << again.out;
  EXPECT_EQ(count(db, "SELECT count(*) FROM runs WHERE status = 'ok'"), ref_account[0]);
  EXPECT_EQ(count(db, "SELECT count(*) FROM results"), count(ref_db, "SELECT count(*) FROM results"));
  EXPECT_EQ(count(db, "SELECT count(*) FROM points"), count(ref_db, "SELECT count(*) FROM points"));
}

}  // namespace
}  // namespace tiersim::test
