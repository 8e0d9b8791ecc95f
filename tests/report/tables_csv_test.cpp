// replications.csv and facilities.csv: they parse strictly, have the documented columns, and
// agree with summary.json (the mean of a metric's column is the JSON mean).
#include "tiersim/report/tables_csv.hpp"

#include <cmath>
#include <map>

#include <gtest/gtest.h>

#include "report/csv_reader.hpp"
#include "report/run_fixture.hpp"
#include "tiersim/report/format.hpp"
#include "tiersim/report/summary_json.hpp"

using tiersim::testing::parse_csv;

TEST(ReplicationsCsv, TidyLongFormatAgreeingWithSummary) {
  const auto s = tiersim::testing::fixture_scenario(4, "fixture, \"quoted\"");
  const auto run = tiersim::testing::fixture_run(s);
  const auto rows = parse_csv(tiersim::report::replications_csv(run));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"scenario", "replication", "metric", "value"}));
  const auto names = tiersim::testing::documented_metric_names(s);
  ASSERT_EQ(rows.size(), 1 + names.size() * 5);
  std::map<std::string, std::vector<double>> by_metric;
  std::map<std::string, int> empty;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 4u) << i;
    EXPECT_EQ(rows[i][0], "fixture, \"quoted\"");
    const int rep = std::stoi(rows[i][1]);
    EXPECT_GE(rep, 0);
    EXPECT_LT(rep, 5);
    if (rows[i][3].empty()) {
      ++empty[rows[i][2]];
    } else {
      by_metric[rows[i][2]].push_back(std::stod(rows[i][3]));
    }
  }
  EXPECT_EQ(empty["green_channel.stemi.door_to_treatment_within_target"], 5);  // NaN as an empty field
  const auto j = tiersim::report::summary_json(run);
  for (const auto& name : names) {
    const auto& v = by_metric[name];
    if (name == "green_channel.stemi.door_to_treatment_within_target") continue;
    ASSERT_EQ(v.size(), 5u) << name;
    double mean = 0;
    for (double x : v) mean += x / 5.0;
    const nlohmann::ordered_json* leaf = &j["metrics"];
    for (const auto& k : tiersim::report::metric_path(name)) leaf = &(*leaf)[k];
    EXPECT_NEAR(mean, (*leaf)["mean"].get<double>(), 1e-12 * std::max(1.0, std::abs(mean))) << name;
  }
}

TEST(ReplicationsCsv, NumbersRoundTrip) {
  EXPECT_EQ(tiersim::report::csv_number(0.1), "0.1");
  EXPECT_EQ(std::stod(tiersim::report::csv_number(1.0 / 3.0)), 1.0 / 3.0);
  EXPECT_EQ(tiersim::report::csv_number(NAN), "");
  EXPECT_EQ(tiersim::report::csv_number(INFINITY), "");
  EXPECT_EQ(tiersim::report::csv_number(1e6), "1000000");
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  using tiersim::report::csv_field;
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("梅子铺"), "梅子铺");
}

TEST(FacilitiesCsv, OneRowPerFacilityAndReplication) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto run = tiersim::testing::fixture_run(s);
  const auto rows = parse_csv(tiersim::report::facilities_csv(run));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"scenario", "replication", "facility", "tier", "visits", "resolved",
                                                "referred_up", "referred_down", "left_unseen", "blocked_admissions",
                                                "mean_wait", "utilisation", "bed_occupancy", "expert_patients"}));
  ASSERT_EQ(rows.size(), 1 + s.facilities.size() * 5);
  double util_t1 = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 14u);
    if (rows[i][2] == "t1") {
      util_t1 += std::stod(rows[i][11]) / 5.0;
    }
    if (rows[i][2] == "v0") {
      EXPECT_EQ(rows[i][12], "");  // no beds: missing, not 0
    }
  }
  EXPECT_EQ(rows[1 + 2][2], "t2<b>&\"x,y");  // quoted id read back whole
  // Agrees with the summary of utilisation.t1.
  for (const auto& m : run.metrics) {
    if (m.name == "utilisation.t1") {
      EXPECT_NEAR(util_t1, m.mean, 1e-12);
    }
  }
}

TEST(FacilitiesCsv, OutreachColumnsOnlyWhenTheRunHasThem) {
  const auto s = tiersim::testing::fixture_scenario();
  auto run = tiersim::testing::fixture_run(s);
  for (auto& rep : run.reps) {
    for (auto& f : rep.facilities) f.outreach = tiersim::stats::FacilityOutreach{2, 150, 7, 33.5};
  }
  const auto rows = parse_csv(tiersim::report::facilities_csv(run));
  ASSERT_EQ(rows[0].size(), 18u);
  EXPECT_EQ(std::vector<std::string>(rows[0].begin() + 14, rows[0].end()),
            (std::vector<std::string>{"outreach_events", "outreach_served", "outreach_referred", "outreach_home_hours_lost"}));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 18u);
    EXPECT_EQ(std::vector<std::string>(rows[i].begin() + 14, rows[i].end()),
              (std::vector<std::string>{"2", "150", "7", "33.5"}));
  }
}
