// comparison.html's pieces, as exact strings: a shorter wait is coloured better (not "lower"),
// a share's difference is printed in percentage points, every metric row has its Chinese
// label, and "What differs" lists what the user wrote (one `set:` entry is one row, however
// many lines of the resolved scenario it changes), with the resolved lines behind a fold;
// scenarios from different files are compared line by line. comparison.json carries each
// metric's direction and the written changes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include <fmt/format.h>

#include "tiersim/experiment/compare.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::experiment {
namespace {

namespace fs = std::filesystem;

const std::string kBase = TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_base.yaml";
const std::string kMore = TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_more_servers.yaml";

std::vector<CompareArm> compare(const std::vector<std::string>& files, int reps = 6) {
  std::vector<std::pair<std::string, scenario::Scenario>> s;
  for (const auto& f : files) s.emplace_back(f, scenario::load_scenario_file(f));
  CompareOptions o;
  o.threads = 2;
  o.replications = reps;
  return run_comparison(std::move(s), o);
}

/// The `<tr data-metric="name">...</tr>` row of the metrics table.
std::string row_of(const std::string& html, const std::string& name) {
  const auto start = html.find("<tr data-metric=\"" + name + "\">");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</tr>", start) + 5 - start);
}

class CompareHtml : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { arms_ = new std::vector<CompareArm>(compare({kBase, kMore})); }
  static void TearDownTestSuite() { delete arms_; }
  static std::vector<CompareArm>* arms_;
};
std::vector<CompareArm>* CompareHtml::arms_ = nullptr;

TEST_F(CompareHtml, AShorterWaitIsColouredBetter) {
  const auto j = comparison_json(*arms_);
  const auto& d = j["metrics"]["wait_minutes.township.mean"]["difference"][0];
  ASSERT_LT(d["ci95"][1].get<double>(), 0.0) << "one more server shortens the township wait";
  EXPECT_EQ(j["metrics"]["wait_minutes.township.mean"]["better"], "lower");
  const std::string row = row_of(comparison_html(*arms_), "wait_minutes.township.mean");
  EXPECT_NE(row.find("<td class=\"better\">-"), std::string::npos) << row;
  EXPECT_EQ(row.find("worse"), std::string::npos) << row;
}

TEST_F(CompareHtml, AShareDifferenceIsInPercentagePoints) {
  const auto j = comparison_json(*arms_);
  const auto& d = j["metrics"]["utilisation.east"]["difference"][0];
  const double mean = d["mean"].get<double>(), lo = d["ci95"][0].get<double>(), hi = d["ci95"][1].get<double>();
  ASSERT_LT(hi, -0.01) << "two servers share East's work: its utilisation falls by more than 1 pp";
  EXPECT_EQ(j["metrics"]["utilisation.east"]["better"], "neither");
  const std::string row = row_of(comparison_html(*arms_), "utilisation.east");
  const std::string cell = fmt::format("<td class=\"changed\">{:.1f} pp<br><span class=\"ci\">[{:.1f}, {:.1f}] pp n=6</span></td>",
                                       100 * mean, 100 * lo, 100 * hi);
  EXPECT_NE(row.find(cell), std::string::npos) << row << "\nexpected " << cell;
  // The arms' own values are percentages.
  const auto& a = j["metrics"]["utilisation.east"]["arms"][0];
  EXPECT_NE(row.find(fmt::format("<td>{:.1f}%<br>", 100 * a["mean"].get<double>())), std::string::npos) << row;
}

TEST_F(CompareHtml, EveryMetricRowHasItsChineseLabel) {
  const std::string h = comparison_html(*arms_);
  const std::regex row("<tr data-metric=\"([^\"]+)\"><td class=\"name\">([^<]+)(<br><span class=\"zh\">([^<]+)</span>)?</td>");
  int rows = 0;
  for (auto it = std::sregex_iterator(h.begin(), h.end(), row); it != std::sregex_iterator(); ++it) {
    ++rows;
    EXPECT_EQ((*it)[1].str(), (*it)[2].str());
    EXPECT_TRUE((*it)[4].matched && (*it)[4].length() > 0) << (*it)[1].str() << " has no Chinese label";
  }
  EXPECT_EQ(static_cast<std::size_t>(rows), comparison_json(*arms_)["metrics"].size());
  EXPECT_NE(row_of(h, "county_retention").find("<span class=\"zh\">县域内就诊率</span>"), std::string::npos);
  EXPECT_NE(row_of(h, "wait_minutes.township.mean").find("<span class=\"zh\">乡镇卫生院候诊时间 均值</span>"), std::string::npos);
}

TEST_F(CompareHtml, WhatDiffersListsWhatWasWritten) {
  const std::string h = comparison_html(*arms_);
  EXPECT_NE(h.find("<tr><td class=\"name\">facilities[east].servers</td><td class=\"name minus\"><span class=\"note\">"
                   "(not written: as in the base)</span></td><td class=\"name plus\">2</td><td class=\"name where\">" +
                   kMore + ":6</td></tr>"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("<tr><td class=\"name\">name</td><td class=\"name minus\"><span class=\"note\">(not written: as in the "
                   "base)</span></td><td class=\"name plus\">sweep-more-servers</td>"),
            std::string::npos);
  EXPECT_NE(h.find("As written over their common base <code>sweep_base.yaml</code>: 2 setting(s)."), std::string::npos);
  EXPECT_NE(h.find("<details><summary>The 4 line(s) in which the resolved scenarios differ"), std::string::npos);
  const auto j = comparison_json(*arms_);
  ASSERT_EQ(j["changes"][0]["written"].size(), 2U) << j["changes"].dump();
  EXPECT_EQ(j["changes"][0]["written"][1]["path"], "facilities[east].servers");
  EXPECT_TRUE(j["changes"][0]["written"][1]["reference"].is_null());
  EXPECT_EQ(j["changes"][0]["written"][1]["arm"], "2");
}

TEST(CompareWritten, OneSetEntryChangingManyLinesIsOneRow) {
  // A tier default changes a line of every village in the resolved scenario, but it is one
  // setting as written.
  const fs::path dir = fs::temp_directory_path() / ("tiersim-compare-written-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "more-general.yaml";
  std::ofstream(file) << "extends: " << kBase << "\nname: more-general\nset:\n  policy.misjudge.village: 0.01\n"
                      << "  tiers.village.general: 2\n";
  const auto arms = compare({kBase, file.string()}, 2);
  fs::remove_all(dir);
  const auto written = written_changes(arms[0].scenario, arms[1].scenario);
  ASSERT_TRUE(written.has_value());
  ASSERT_EQ(written->size(), 3U);
  EXPECT_EQ((*written)[2].path, "tiers.village.general");
  EXPECT_EQ((*written)[2].arm, "2");
  EXPECT_EQ((*written)[2].where, file.string() + ":5");
  const auto lines = diff_lines(arms[0].resolved_yaml, arms[1].resolved_yaml);
  EXPECT_GT(lines.size(), written->size() * 2) << "the resolved scenario spells the change out at every village";
  const std::string h = comparison_html(arms);
  EXPECT_NE(h.find(": 3 setting(s)."), std::string::npos);
  EXPECT_NE(h.find(fmt::format("<details><summary>The {} line(s)", lines.size())), std::string::npos);
}

TEST(CompareWritten, ScenariosFromDifferentFilesAreComparedLineByLine) {
  auto a = scenario::load_scenario_file(kBase);
  auto b = scenario::load_scenario_file(TIERSIM_SOURCE_DIR "/scenarios/tutorial.yaml");
  EXPECT_FALSE(written_changes(a, b).has_value());
  std::vector<CompareArm> arms(2);
  arms[0].name = "a";
  arms[0].scenario = a;
  arms[0].resolved_yaml = scenario::resolved_yaml(a);
  arms[1].name = "b";
  arms[1].scenario = b;
  arms[1].resolved_yaml = scenario::resolved_yaml(b);
  const std::string h = comparison_html(arms);
  EXPECT_NE(h.find("do not start from the same file"), std::string::npos);
  EXPECT_EQ(h.find("<details>"), std::string::npos);
  EXPECT_NE(h.find("<table class=\"changes\">"), std::string::npos);
  EXPECT_TRUE(comparison_json(arms)["changes"][0]["written"].is_null());
}

TEST(CompareWritten, LastValueCountsAndReferenceOnlyPathsAreListed) {
  scenario::Scenario ref;
  scenario::Scenario arm;
  ref.root_file = arm.root_file = "/x/base.yaml";
  ref.written = {{"name", "a", "a.yaml:2"}, {"facilities[e].servers", "3", "a.yaml:4"}, {"policy.step_down", "true", "a.yaml:5"}};
  arm.written = {{"name", "b", "b.yaml:2"}, {"facilities[e].servers", "4", "b.yaml:4"},
                 {"facilities[e].servers", "3", "b.yaml:6"}};
  const auto w = written_changes(ref, arm);
  ASSERT_TRUE(w.has_value());
  ASSERT_EQ(w->size(), 2U);  // servers ends at 3 in both: not a difference
  EXPECT_EQ((*w)[0].path, "name");
  EXPECT_EQ((*w)[0].reference, "a");
  EXPECT_EQ((*w)[0].arm, "b");
  EXPECT_EQ((*w)[1].path, "policy.step_down");
  EXPECT_EQ((*w)[1].reference, "true");
  EXPECT_FALSE((*w)[1].arm.has_value());
  EXPECT_EQ((*w)[1].where, "a.yaml:5");
}

}  // namespace
}  // namespace tiersim::experiment
