// summary.json: every documented key, the nesting of dotted names, NaN as null, and means and
// intervals that match an independent Student-t computation.
#include "tiersim/report/summary_json.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "report/run_fixture.hpp"
#include "tiersim/error.hpp"
#include "tiersim/report/format.hpp"

using json = nlohmann::ordered_json;
using tiersim::report::metric_path;
using tiersim::report::summary_json;
using tiersim::report::summary_json_text;

namespace {

const json* at_path(const json& metrics, const std::string& name) {
  const json* node = &metrics;
  for (const auto& key : metric_path(name)) {
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
  }
  return node;
}

}  // namespace

TEST(SummaryJson, HasEveryDocumentedTopLevelKey) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto j = json::parse(summary_json_text(tiersim::testing::fixture_run(s)));
  for (const auto& key : tiersim::testing::documented_summary_keys()) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j.size(), tiersim::testing::documented_summary_keys().size());
  EXPECT_EQ(j["scenario"], "fixture");
  EXPECT_EQ(j["source_file"], "tests/report/fixture.yaml");
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["replications"], 5);
  EXPECT_EQ(j["horizon_minutes"], 525600.0);
  EXPECT_EQ(j["horizon"], "365d");
  EXPECT_EQ(j["warmup"], "30d");
  EXPECT_EQ(j["threads"], 2);
  EXPECT_EQ(j["events"], 5 * 50000 + 10);
  EXPECT_DOUBLE_EQ(j["events_per_second"].get<double>(), (5 * 50000 + 10) / 1.5);
  ASSERT_EQ(j["runs"].size(), 5u);
  EXPECT_EQ(j["runs"][3]["seed"], 1003);
  EXPECT_EQ(j["runs"][3]["patients"]["in_system"], 9);
}

TEST(SummaryJson, HasEveryDocumentedMetricAsMeanCiN) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto j = summary_json(tiersim::testing::fixture_run(s));
  const auto names = tiersim::testing::documented_metric_names(s);
  ASSERT_GT(names.size(), 70u);
  for (const auto& name : names) {
    const json* leaf = at_path(j["metrics"], name);
    ASSERT_NE(leaf, nullptr) << name;
    EXPECT_TRUE(leaf->contains("mean")) << name;
    ASSERT_TRUE(leaf->contains("ci95")) << name;
    EXPECT_EQ((*leaf)["ci95"].size(), 2u) << name;
    EXPECT_TRUE((*leaf)["n"].is_number_integer()) << name;
  }
}

TEST(SummaryJson, NestsAsDocumented) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto j = summary_json(tiersim::testing::fixture_run(s));
  EXPECT_TRUE(j["metrics"]["wait_minutes"]["village"]["p90"].contains("mean"));
  EXPECT_TRUE(j["metrics"]["green_channel"]["stemi"]["within_target"].contains("ci95"));
  EXPECT_TRUE(j["metrics"]["utilisation"]["t2<b>&\"x,y"].contains("n"));
  EXPECT_TRUE(j["metrics"]["county_retention"].contains("mean"));
}

TEST(SummaryJson, DottedIdsAndConditionsStayWhole) {
  EXPECT_EQ(metric_path("utilisation.hosp.a.b"), (std::vector<std::string>{"utilisation", "hosp.a.b"}));
  EXPECT_EQ(metric_path("bed_occupancy.x"), (std::vector<std::string>{"bed_occupancy", "x"}));
  EXPECT_EQ(metric_path("green_channel.stroke.v2.within_target"),
            (std::vector<std::string>{"green_channel", "stroke.v2", "within_target"}));
  EXPECT_EQ(metric_path("patients.created"), (std::vector<std::string>{"patients", "created"}));
  EXPECT_EQ(metric_path("bypass"), (std::vector<std::string>{"bypass"}));
}

TEST(SummaryJson, NaNIsNullWithNZero) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto j = json::parse(summary_json_text(tiersim::testing::fixture_run(s)));
  const auto& leaf = j["metrics"]["green_channel"]["stemi"]["door_to_treatment_within_target"];
  EXPECT_TRUE(leaf["mean"].is_null());
  EXPECT_TRUE(leaf["ci95"][0].is_null());
  EXPECT_TRUE(leaf["ci95"][1].is_null());
  EXPECT_EQ(leaf["n"], 0);
}

// The interval, computed here from the replication values with t_{0.975,4} = 2.7764451.
TEST(SummaryJson, MeansAndIntervalsMatchStudentT) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto run = tiersim::testing::fixture_run(s);
  const auto j = summary_json(run);
  for (const std::string name : {"county_retention", "wait_minutes.township.p99", "utilisation.t1"}) {
    std::vector<double> v;
    for (const auto& r : run.reps) v.push_back(r.metric(name));
    double mean = 0;
    for (double x : v) mean += x / 5.0;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double half = 2.7764451051977987 * std::sqrt(ss / 4.0 / 5.0);
    const json* leaf = at_path(j["metrics"], name);
    ASSERT_NE(leaf, nullptr);
    EXPECT_NEAR((*leaf)["mean"].get<double>(), mean, 1e-12 * std::abs(mean));
    EXPECT_NEAR((*leaf)["ci95"][0].get<double>(), mean - half, 1e-9 * std::abs(mean));
    EXPECT_NEAR((*leaf)["ci95"][1].get<double>(), mean + half, 1e-9 * std::abs(mean));
    EXPECT_GT(half, 0);
    EXPECT_EQ((*leaf)["n"], 5);
  }
}

TEST(SummaryJson, CollidingNamesAreABug) {
  tiersim::stats::RunResult run;
  run.metrics.push_back({"a.b", 1, 1, 1, 1});
  run.metrics.push_back({"a.b.c", 1, 1, 1, 1});
  EXPECT_THROW((void)summary_json(run), tiersim::InternalError);
}

TEST(DurationText, AsAPlannerWritesIt) {
  using tiersim::report::duration_text;
  EXPECT_EQ(duration_text(525600), "365d");
  EXPECT_EQ(duration_text(1440 + 360), "1d 6h");
  EXPECT_EQ(duration_text(45), "45min");
  EXPECT_EQ(duration_text(0), "0min");
  EXPECT_EQ(duration_text(2.5), "2.5min");
  EXPECT_EQ(duration_text(61), "1h 1min");
}
