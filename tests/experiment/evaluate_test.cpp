// The evaluation core (experiment/evaluate.hpp): a point's values are exactly those of
// `tiersim run` of the base with that `set:`; the thread count changes nothing; a store
// resumes with nothing run twice; a stop keeps every finished run. Uses
// scenarios/tests/sweep_base.yaml (a 20-day scenario).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <string>

#include "tiersim/error.hpp"
#include "tiersim/experiment/evaluate.hpp"
#include "tiersim/experiment/paired.hpp"
#include "tiersim/experiment/runner.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::experiment {
namespace {

namespace fs = std::filesystem;

const std::string kBase = TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_base.yaml";

const Overrides kMoreServers = {{"facilities[east].servers", "3"}};
const Overrides kNoBypass = {{"policy.bypass.minor", "0"}, {"facilities[west].servers", "1"}};

EvaluatorOptions options(int threads, std::string store = {}) {
  EvaluatorOptions o;
  o.seed = 11;
  o.threads = threads;
  o.store = std::move(store);
  o.identity.sweep_file = "evaluate_test";
  o.identity.sweep_hash = "test:1";
  o.identity.design = "evaluate";
  o.identity.replications = 3;
  return o;
}

fs::path temp_store(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("tiersim_evaluate_" + name + "_" + std::to_string(::getpid()) + ".sqlite");
  fs::remove(p);
  fs::remove(p.string() + "-wal");
  fs::remove(p.string() + "-shm");
  return p;
}

TEST(Evaluator, PointValuesAreThoseOfARunWithTheSameSet) {
  Evaluator ev(kBase, options(2));
  ev.ensure({kMoreServers}, 3);
  scenario::Scenario s = scenario::load_scenario_file(kBase, kMoreServers);
  s.seed = 11;
  RunOptions ro;
  ro.replications = 3;
  const stats::RunResult run = run_scenario(s, network::Network::build(s), ro);
  for (const std::string metric : {"minor_stays_in_village", "wait_minutes.township.mean", "patients.created"}) {
    const auto expected = metric_values(run.reps, metric);
    const auto got = ev.values(kMoreServers, metric);
    ASSERT_EQ(got.size(), expected.size()) << metric;
    for (std::size_t r = 0; r < got.size(); ++r) EXPECT_EQ(got[r], expected[r]) << metric << " r=" << r;
  }
  EXPECT_EQ(ev.runs_simulated(), 3);
  EXPECT_EQ(ev.replications(kMoreServers), 3);
  EXPECT_FALSE(ev.metric_names(kMoreServers).empty());
}

TEST(Evaluator, ThreadCountChangesNothingAndRunsAreMemoised) {
  Evaluator one(kBase, options(1));
  Evaluator two(kBase, options(2));
  one.ensure({{}, kMoreServers, kNoBypass}, 2);
  two.ensure({kNoBypass, {}, kMoreServers, {}}, 2);
  EXPECT_EQ(two.runs_simulated(), 6);  // the repeated base point runs once
  for (const auto& point : {Overrides{}, kMoreServers, kNoBypass}) {
    const auto a = one.values(point, "wait_minutes.village.mean");
    const auto b = two.values(point, "wait_minutes.village.mean");
    ASSERT_EQ(a.size(), 2U);
    for (std::size_t r = 0; r < a.size(); ++r) EXPECT_EQ(a[r], b[r]);
  }
  // Asking for more replications runs only the new ones.
  one.ensure({kMoreServers}, 4);
  EXPECT_EQ(one.runs_simulated(), 8);
  EXPECT_EQ(one.values(kMoreServers, "patients.created").size(), 4U);
  EXPECT_EQ(one.replications({}), 2);
}

TEST(Evaluator, CommonRandomNumbersAcrossPoints) {
  // Servers do not change who falls ill: every point creates the same patients.
  Evaluator ev(kBase, options(2));
  ev.ensure({{}, kMoreServers}, 3);
  EXPECT_EQ(ev.values({}, "patients.created"), ev.values(kMoreServers, "patients.created"));
}

TEST(Evaluator, StoreResumesWithNothingRunTwice) {
  const fs::path store = temp_store("resume");
  std::vector<double> first;
  {
    Evaluator ev(kBase, options(2, store.string()));
    ev.ensure({kMoreServers, {}}, 3);
    first = ev.values(kMoreServers, "wait_minutes.county.p90");
    EXPECT_EQ(ev.runs_simulated(), 6);
  }
  Evaluator again(kBase, options(1, store.string()));
  again.ensure({{}, kMoreServers}, 3);
  EXPECT_EQ(again.runs_simulated(), 0);
  const auto second = again.values(kMoreServers, "wait_minutes.county.p90");
  ASSERT_EQ(second.size(), first.size());
  for (std::size_t r = 0; r < first.size(); ++r) {
    EXPECT_TRUE(first[r] == second[r] || (std::isnan(first[r]) && std::isnan(second[r])));
  }
  again.ensure({kNoBypass}, 2);
  EXPECT_EQ(again.runs_simulated(), 2);
  fs::remove(store);
}

TEST(Evaluator, StoreOfAnotherFileIsRefused) {
  const fs::path store = temp_store("refused");
  { Evaluator ev(kBase, options(1, store.string())); }
  auto other = options(1, store.string());
  other.identity.sweep_hash = "test:2";
  EXPECT_THROW(Evaluator(kBase, other), Error);
  fs::remove(store);
}

TEST(Evaluator, StopKeepsFinishedRuns) {
  const fs::path store = temp_store("stop");
  std::atomic<int> stop{0};
  auto o = options(1, store.string());
  o.stop = &stop;
  o.on_progress = [&](int done, int) {
    if (done == 2) stop.store(1);
  };
  std::int64_t kept = 0;
  {
    Evaluator ev(kBase, o);
    EXPECT_THROW(ev.ensure({kMoreServers}, 5), Interrupted);
    // The run in flight when the stop came finishes and is kept; a worker is never more
    // than one unit ahead of the writer, so at most one more than asked.
    kept = ev.runs_simulated();
    EXPECT_GE(kept, 2);
    EXPECT_LE(kept, 3);
  }
  Evaluator again(kBase, options(1, store.string()));
  again.ensure({kMoreServers}, 5);
  EXPECT_EQ(again.runs_simulated(), 5 - kept);
  fs::remove(store);
}

TEST(Evaluator, BadOverrideIsAScenarioError) {
  Evaluator ev(kBase, options(1));
  EXPECT_THROW(ev.ensure({{{"facilities[nowhere].servers", "3"}}}, 1), ScenarioError);
  EXPECT_THROW(ev.ensure({kMoreServers}, 0), Error);
}

TEST(RunPoint, SameNumbersAsRunScenario) {
  scenario::Scenario s = scenario::load_scenario_file(kBase, kMoreServers);
  const stats::RunResult a = run_point(s, 2, 2);
  RunOptions ro;
  ro.replications = 2;
  const stats::RunResult b = run_scenario(s, network::Network::build(s), ro);
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    EXPECT_EQ(a.metrics[i].name, b.metrics[i].name);
    EXPECT_TRUE(a.metrics[i].mean == b.metrics[i].mean || (std::isnan(a.metrics[i].mean) && std::isnan(b.metrics[i].mean)));
  }
  std::atomic<int> stop{1};
  EXPECT_THROW((void)run_point(s, 2, 1, &stop), Interrupted);
}

}  // namespace
}  // namespace tiersim::experiment
