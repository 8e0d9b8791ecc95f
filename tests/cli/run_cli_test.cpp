// `tiersim run` end to end: the binary on a small scenario writes the four files with every
// documented metric, in a fresh folder per run; bad input exits 2 and creates nothing; a
// re-run into an explicit --out replaces files (a stale events.csv included); results do not
// depend on the thread count.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_binary.hpp"
#include "report/csv_reader.hpp"
#include "report/documented_metrics.hpp"
#include "tiersim/report/summary_json.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/stats/metric_range.hpp"

namespace fs = std::filesystem;

namespace {

using tiersim::test::entries;
using tiersim::test::slurp;

fs::path fresh_dir() {
  std::string tmpl = (fs::temp_directory_path() / "tiersim-run-XXXXXX").string();
  return ::mkdtemp(tmpl.data());
}

/// Runs `tiersim run <args>` in folder `cwd` (stdin, stdout, stderr not a terminal).
tiersim::test::Outcome run_in(const fs::path& cwd, const std::string& args) {
  return tiersim::test::run_cli("run " + args, cwd);
}

const std::string kTutorial = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tutorial.yaml";

/// Every documented metric of `s` is in summary.json, and replications.csv agrees with it.
void check_outputs(const fs::path& folder, const tiersim::scenario::Scenario& s, int replications) {
  const auto j = nlohmann::json::parse(slurp(folder / "summary.json"));
  for (const auto& key : tiersim::testing::documented_summary_keys()) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["replications"], replications);
  std::map<std::string, double> json_mean;
  for (const auto& name : tiersim::testing::documented_metric_names(s)) {
    const nlohmann::json* node = &j["metrics"];
    for (const auto& k : tiersim::report::metric_path(name)) {
      ASSERT_TRUE(node->contains(k)) << name;
      node = &(*node)[k];
    }
    ASSERT_TRUE(node->contains("ci95")) << name;
    if (!(*node)["mean"].is_null()) json_mean[name] = (*node)["mean"].get<double>();
    // Intervals within the range the metric can take (stats/metric_range.hpp).
    if (!(*node)["ci95"][0].is_null()) {
      const auto range = tiersim::stats::value_range(tiersim::stats::metric_kind(name));
      EXPECT_GE((*node)["ci95"][0].get<double>(), range.lo) << name;
      EXPECT_LE((*node)["ci95"][1].get<double>(), range.hi) << name;
      EXPECT_LE((*node)["ci95"][0].get<double>(), (*node)["mean"].get<double>()) << name;
      EXPECT_GE((*node)["ci95"][1].get<double>(), (*node)["mean"].get<double>()) << name;
    }
  }
  const auto rows = tiersim::testing::parse_csv(slurp(folder / "replications.csv"));
  std::map<std::string, std::pair<double, int>> sums;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][3].empty()) continue;
    auto& [sum, n] = sums[rows[i][2]];
    sum += std::stod(rows[i][3]);
    ++n;
  }
  for (const auto& [name, mean] : json_mean) {
    const auto& [sum, n] = sums[name];
    ASSERT_GT(n, 0) << name;
    EXPECT_NEAR(sum / n, mean, 1e-9 * std::max(1.0, std::abs(mean))) << name;
  }
  const auto fac = tiersim::testing::parse_csv(slurp(folder / "facilities.csv"));
  EXPECT_EQ(fac.size(), 1 + s.facilities.size() * static_cast<std::size_t>(replications));
  const auto html = slurp(folder / "report.html");
  EXPECT_NE(html.find("id=\"network-svg\""), std::string::npos);
  EXPECT_NE(html.find("Analytic estimate"), std::string::npos);
}

}  // namespace

TEST(RunCli, Help) {
  const auto d = fresh_dir();
  const auto r = run_in(d, "--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--replications"), std::string::npos);
  EXPECT_NE(r.out.find("--trace"), std::string::npos);
  EXPECT_TRUE(entries(d).empty());
  fs::remove_all(d);
}

TEST(RunCli, BadInputExits2AndCreatesNothing) {
  const auto d = fresh_dir();
  const std::vector<std::string> bad = {"missing.yaml", "--replications 0 '" + kTutorial + "'", "--threads 0",
                                       "--seed minus-one", "--bogus", "a.yaml b.yaml"};
  for (const auto& args : bad) {
    const auto r = run_in(d, args + " --out out");
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
    EXPECT_TRUE(entries(d).empty()) << args;
  }
  // A bad scenario file: every problem reported, still nothing created.
  std::ofstream(d / "bad.yaml") << "format: 1\nname: bad\nfacilities: []\n";
  const auto r = run_in(d, "bad.yaml");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(entries(d), std::vector<std::string>{"bad.yaml"});
  fs::remove_all(d);
}

TEST(RunCli, WritesEveryDocumentedMetricInAFreshFolderPerRun) {
  const auto d = fresh_dir();
  const auto s = tiersim::scenario::load_scenario_file(kTutorial);
  const auto r1 = run_in(d, "'" + kTutorial + "' --replications 3 --seed 7 --threads 2");
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  // Without --quiet: the planner's summary (tests/cli/terminal_summary_cli_test.cpp), ending
  // with where the report is.
  EXPECT_NE(r1.out.find("\nreport 报告: tutorial-output/report.html\n"), std::string::npos) << r1.out;
  EXPECT_EQ(r1.err.find("replications 1/3"), std::string::npos);  // no progress: stderr is not a terminal
  EXPECT_EQ(entries(d / "tutorial-output"),
            (std::vector<std::string>{"facilities.csv", "replications.csv", "report.html", "summary.json"}));
  check_outputs(d / "tutorial-output", s, 3);
  const auto r2 = run_in(d, "'" + kTutorial + "' --replications 2 --quiet");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(r2.out, "tutorial-output-2\n");
  EXPECT_EQ(entries(d), (std::vector<std::string>{"tutorial-output", "tutorial-output-2"}));
  fs::remove_all(d);
}

TEST(RunCli, ExplicitOutReplacesAnEarlierRunIncludingItsTrace) {
  const auto d = fresh_dir();
  auto r = run_in(d, "'" + kTutorial + "' --replications 2 --out res --trace --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(entries(d / "res"), (std::vector<std::string>{"events.csv", "facilities.csv", "replications.csv",
                                                          "report.html", "summary.json"}));
  const auto events = tiersim::testing::parse_csv(slurp(d / "res" / "events.csv"));
  ASSERT_GT(events.size(), 100u);
  EXPECT_EQ(events[0], (std::vector<std::string>{"replication", "time_minutes", "patient", "facility", "event"}));
  const auto first_summary = slurp(d / "res" / "summary.json");
  r = run_in(d, "'" + kTutorial + "' --replications 2 --seed 99 --out res --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(entries(d / "res"),
            (std::vector<std::string>{"facilities.csv", "replications.csv", "report.html", "summary.json"}));
  EXPECT_NE(slurp(d / "res" / "summary.json"), first_summary);
  EXPECT_EQ(nlohmann::json::parse(slurp(d / "res" / "summary.json"))["seed"], 99);
  fs::remove_all(d);
}

TEST(RunCli, SameNumbersWhateverTheThreadCount) {
  const auto d = fresh_dir();
  ASSERT_EQ(run_in(d, "'" + kTutorial + "' --replications 3 --threads 1 --out a -q").exit_code, 0);
  ASSERT_EQ(run_in(d, "'" + kTutorial + "' --replications 3 --threads 3 --out b -q").exit_code, 0);
  EXPECT_EQ(slurp(d / "a" / "replications.csv"), slurp(d / "b" / "replications.csv"));
  EXPECT_EQ(slurp(d / "a" / "facilities.csv"), slurp(d / "b" / "facilities.csv"));
  fs::remove_all(d);
}

TEST(RunCli, UnwritableOutIsARuntimeErrorBeforeTheRun) {
  const auto d = fresh_dir();
  std::ofstream(d / "file") << "x";
  const auto r = run_in(d, "'" + kTutorial + "' --out file/sub -q");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("not a folder"), std::string::npos) << r.err;
  const auto r2 = run_in(d, "'" + kTutorial + "' --out file -q");
  EXPECT_EQ(r2.exit_code, 2) << r2.err;
  EXPECT_EQ(entries(d), std::vector<std::string>{"file"});
  fs::remove_all(d);
}

// The bar: the embedded default writes all four files with every documented metric.
TEST(RunCli, EmbeddedDefault) {
  const auto d = fresh_dir();
  const auto r = run_in(d, "--out out --replications 2 --threads 2 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  check_outputs(d / "out", tiersim::scenario::load_default_scenario(), 2);
  fs::remove_all(d);
}
