// Sweeps into SQLite, end to end through the library: threads, resume from a store that
// already holds some runs, shards merged by collect, refusal of another sweep's store, failed
// runs, and the precision rule's determinism. Uses scenarios/tests/sweep_small.yaml (6 points
// x 3 replications of a 20-day scenario).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "experiment/store_dump.hpp"
#include "experiment/sweep_units.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"
#include "tiersim/experiment/sweep_store.hpp"

namespace tiersim::experiment {
namespace {

namespace fs = std::filesystem;

const std::string kSweep = TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_small.yaml";

class SweepStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tiersim_sweep_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string store(const std::string& name) const { return (dir_ / name).string(); }

  static const SweepPlan& plan() {
    static const SweepPlan p = plan_sweep(kSweep);
    return p;
  }
  static SweepOutcome run(const std::string& path, int threads, int task = 0, int tasks = 1, PrecisionRule rule = {}) {
    SweepOptions o;
    o.store = path;
    o.threads = threads;
    o.task = task;
    o.tasks = tasks;
    o.precision = std::move(rule);
    return run_sweep(plan(), o);
  }
  fs::path dir_;
};

TEST_F(SweepStoreTest, EveryUnitOnceWithTheDocumentedTables) {
  const auto out = run(store("a.sqlite"), 2);
  EXPECT_EQ(out.points, 6);
  EXPECT_EQ(out.runs_ok, 18);
  EXPECT_EQ(out.runs_failed, 0);
  EXPECT_EQ(out.runs_skipped, 0);
  EXPECT_EQ(test::count_rows(store("a.sqlite"), "SELECT count(*) FROM points"), 6);
  EXPECT_EQ(test::count_rows(store("a.sqlite"), "SELECT count(*) FROM runs WHERE status = 'ok'"), 18);
  EXPECT_GT(test::count_rows(store("a.sqlite"), "SELECT count(DISTINCT metric) FROM results"), 20);
  EXPECT_EQ(test::count_rows(store("a.sqlite"),
                             "SELECT count(*) FROM points WHERE point = 3 AND parameters = "
                             "'{\"facilities[east].servers\":2,\"policy.green_channel.enabled\":true}'"),
            1);
  // Seeds depend on (scenario seed, replication) only: the same for every point.
  EXPECT_EQ(test::count_rows(store("a.sqlite"), "SELECT count(DISTINCT stream_seed) FROM runs"), 3);
  const std::string meta = "SELECT count(*) FROM meta WHERE key = 'sweep_hash' AND value = '" + plan().hash + "'";
  EXPECT_EQ(test::count_rows(store("a.sqlite"), meta.c_str()), 1);
}

TEST_F(SweepStoreTest, ThreadCountDoesNotChangeARow) {
  run(store("one.sqlite"), 1);
  run(store("two.sqlite"), 2);
  run(store("three.sqlite"), 3);
  const std::string one = test::dump_store(store("one.sqlite"));
  EXPECT_EQ(one, test::dump_store(store("two.sqlite")));
  EXPECT_EQ(one, test::dump_store(store("three.sqlite")));
}

TEST_F(SweepStoreTest, ResumeRunsOnlyWhatIsMissing) {
  run(store("full.sqlite"), 2);
  // An interrupted store: 7 of the 18 runs already in, written as the engine writes them,
  // plus one earlier failed attempt that must be run again.
  {
    SweepStore partial(store("part.sqlite"), plan().identity(0, 1));
    std::vector<std::pair<int, std::string>> points;
    for (int p = 0; p < 6; ++p) points.emplace_back(p, plan().parameters[static_cast<std::size_t>(p)]);
    partial.put_points(points);
    int n = 0;
    for (int p : {0, 2, 5}) {
      const auto model = detail::build_point(plan(), p);
      for (int r = 0; r < 3 && n < 7; ++r, ++n) partial.record(detail::run_unit(model, p, r));
    }
    RunRecord failed;
    failed.point = 4;
    failed.replication = 1;
    failed.error = "simulated crash";
    partial.record(failed);
  }
  const auto out = run(store("part.sqlite"), 2);
  EXPECT_EQ(out.runs_skipped, 7);
  EXPECT_EQ(out.runs_ok, 11);
  EXPECT_EQ(test::dump_store(store("part.sqlite")), test::dump_store(store("full.sqlite")));
  // Run again: nothing left.
  const auto again = run(store("part.sqlite"), 2);
  EXPECT_EQ(again.runs_ok + again.runs_failed, 0);
  EXPECT_EQ(again.runs_skipped, 18);
}

TEST_F(SweepStoreTest, ShardsCollectedEqualOneProcess) {
  run(store("whole.sqlite"), 2);
  for (int k = 0; k < 4; ++k) {
    const auto out = run(store("shard-" + std::to_string(k) + ".sqlite"), 1, k, 4);
    EXPECT_EQ(out.points, k < 2 ? 2 : 1);  // points 0..5 by point % 4
  }
  const std::string account = collect_shards({store("shard-0.sqlite"), store("shard-1.sqlite"), store("shard-2.sqlite"),
                                              store("shard-3.sqlite")},
                                             store("merged.sqlite"));
  EXPECT_NE(account.find("18 ok runs"), std::string::npos) << account;
  EXPECT_EQ(test::dump_store(store("merged.sqlite")), test::dump_store(store("whole.sqlite")));
  // Collecting again changes nothing, and the merged store resumes as a finished sweep.
  (void)collect_shards({store("shard-2.sqlite"), store("shard-0.sqlite")}, store("merged.sqlite"));
  EXPECT_EQ(test::dump_store(store("merged.sqlite")), test::dump_store(store("whole.sqlite")));
  EXPECT_EQ(run(store("merged.sqlite"), 1).runs_skipped, 18);
  // A missing shard is reported.
  const std::string partial = collect_shards({store("shard-1.sqlite")}, store("partial.sqlite"));
  EXPECT_NE(partial.find("missing"), std::string::npos) << partial;
}

TEST_F(SweepStoreTest, StoreOfAnotherSweepOrShardIsRefused) {
  StoreIdentity other = plan().identity(0, 1);
  other.sweep_hash = "fnv1a64:0000000000000000";
  other.sweep_file = "elsewhere.yaml";
  { SweepStore s(store("other.sqlite"), other); }
  try {
    run(store("other.sqlite"), 1);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("was made by another sweep (file elsewhere.yaml"), std::string::npos) << e.what();
  }
  run(store("shard.sqlite"), 1, 1, 3);
  EXPECT_THROW(run(store("shard.sqlite"), 1), Error);
}

TEST_F(SweepStoreTest, AFailedPointIsRecordedAndTheOthersRun) {
  detail::PointModel broken;
  broken.error = "network: facility east cannot reach treatment";
  const RunRecord r = detail::run_unit(broken, 4, 2);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, broken.error);
  SweepStore s(store("f.sqlite"), plan().identity(0, 1));
  s.record(r);
  EXPECT_EQ(test::count_rows(store("f.sqlite"), "SELECT count(*) FROM runs WHERE status = 'failed' AND error LIKE 'network:%'"), 1);
  EXPECT_TRUE(s.ok_runs().empty());
}

TEST_F(SweepStoreTest, PrecisionRuleStopsTheSameWayWhateverTheThreads) {
  PrecisionRule rule;
  rule.relative = 0.02;
  rule.metrics = {"utilisation.east", "minor_stays_in_village"};
  rule.batch = 2;
  rule.max_replications = 9;
  const auto a = run(store("p1.sqlite"), 1, 0, 1, rule);
  const auto b = run(store("p2.sqlite"), 3, 0, 1, rule);
  EXPECT_EQ(a.runs_ok, b.runs_ok);
  EXPECT_GT(a.runs_ok, 18);   // 3 replications were not enough for 2% somewhere
  EXPECT_LE(a.runs_ok, 54);   // cap 9 per point
  EXPECT_EQ(test::dump_store(store("p1.sqlite")), test::dump_store(store("p2.sqlite")));
  // Every point stops at 3, 5, 7 or 9 replications: batch boundaries only.
  EXPECT_EQ(test::count_rows(store("p1.sqlite"),
                             "SELECT count(*) FROM (SELECT point, count(*) AS n FROM runs GROUP BY point) "
                             "WHERE n NOT IN (3, 5, 7, 9)"),
            0);
}

}  // namespace
}  // namespace tiersim::experiment
