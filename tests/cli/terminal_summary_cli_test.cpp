// The answers on the terminal (sim/cli/terminal_summary.hpp), through the built binary: `run`
// prints the goals and national targets with the very numbers of summary.json and the verdict
// of the report's rule, waits by tier, the busiest facilities, the analytic warnings and where
// the report is; --quiet prints only the folder; --json prints summary.json byte for byte.
// `compare` prints only the differences whose CI excludes 0, with comparison.json's numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/run_binary.hpp"

namespace tiersim::test {
namespace {

const std::string kTutorial = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tutorial.yaml";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// The line of `text` holding `needle` (empty when none).
std::string line_with(const std::string& text, const std::string& needle) {
  for (const auto& l : lines_of(text)) {
    if (l.find(needle) != std::string::npos) return l;
  }
  return "";
}

std::string pct(double share) { return fmt::format("{:.1f}", 100 * share); }

TEST(TerminalSummaryCli, RunPrintsTheGoalsWithSummaryJsonsNumbersAndVerdicts) {
  ScratchDir dir("summary_run");
  const Outcome o = run_cli("run '" + kTutorial + "' -r 4 --seed 7 -j 2", dir.path());
  ASSERT_EQ(o.exit_code, 0) << o.describe();
  const auto j = nlohmann::json::parse(slurp(dir / "tutorial-output" / "summary.json"));
  struct Goal {
    const char* zh;
    const char* metric;
    double target;  // 0: none
  };
  for (const Goal g : {Goal{"小病不出村", "minor_stays_in_village", 0}, Goal{"中病不出镇", "moderate_stays_in_township", 0},
                       Goal{"大病不出县", "severe_stays_in_county", 0.9}, Goal{"县域内就诊率", "county_retention", 0.9},
                       Goal{"基层就诊率", "primary_share", 0.65}}) {
    const std::string line = line_with(o.out, g.metric);
    ASSERT_FALSE(line.empty()) << g.metric << "\n" << o.out;
    EXPECT_EQ(line.rfind(std::string("  ") + g.zh, 0), 0U) << line;
    const auto& m = j["metrics"][g.metric];
    const std::string value = fmt::format("{}% [{}, {}]", pct(m["mean"].get<double>()),
                                          pct(m["ci95"][0].get<double>()), pct(m["ci95"][1].get<double>()));
    EXPECT_NE(line.find(value), std::string::npos) << line << "\nexpected " << value;
    if (g.target == 0) {
      EXPECT_NE(line.find("no national numeric target"), std::string::npos) << line;
    } else {
      const double lo = m["ci95"][0].get<double>(), hi = m["ci95"][1].get<double>();
      const char* verdict = lo >= g.target ? "met 达标" : hi < g.target ? "below target 未达标" : "CI includes target 不确定";
      EXPECT_NE(line.find(fmt::format("target {:.0f}%: {}", 100 * g.target, verdict)), std::string::npos) << line;
    }
  }
  // Waits by tier with their units; the busiest facility first; no warnings; the report last.
  const std::string township = line_with(o.out, "township 乡镇卫生院");
  EXPECT_NE(township.find(" min ["), std::string::npos) << o.out;
  EXPECT_NE(township.find("p90 "), std::string::npos) << township;
  const auto lines = lines_of(o.out);
  std::size_t busiest = 0;
  while (busiest < lines.size() && lines[busiest].rfind("Busiest facilities 最繁忙的机构", 0) != 0) ++busiest;
  ASSERT_LT(busiest + 2, lines.size()) << o.out;
  // The first listed facility has the highest utilisation in summary.json.
  std::string top;
  double top_mean = -1;
  for (const auto& [id, m] : j["metrics"]["utilisation"].items()) {
    if (!m["mean"].is_null() && m["mean"].get<double>() > top_mean) top_mean = m["mean"].get<double>(), top = id;
  }
  EXPECT_NE(lines[busiest + 1].find(" " + top + " "), std::string::npos) << lines[busiest + 1] << " vs " << top;
  EXPECT_NE(lines[busiest + 1].find(pct(top_mean) + "% ["), std::string::npos) << lines[busiest + 1];
  EXPECT_NE(o.out.find("Analytic warnings 解析模型警告\n  none"), std::string::npos) << o.out;
  EXPECT_EQ(lines.back(), "report 报告: tutorial-output/report.html");
  EXPECT_EQ(o.out.find(" \n"), std::string::npos) << "no trailing spaces";
}

TEST(TerminalSummaryCli, RunListsTheAnalyticWarnings) {
  ScratchDir dir("summary_warn");
  const Outcome o = run_cli("run scenarios/tests/analytic_unstable.yaml -r 2 -j 1 --out " + (dir / "o").string());
  ASSERT_EQ(o.exit_code, 0) << o.describe();
  const std::string after = o.out.substr(o.out.find("Analytic warnings 解析模型警告\n"));
  EXPECT_NE(after.find("\n  county"), std::string::npos) << after;  // the unstable county is named
  EXPECT_EQ(after.find("none: every facility is stable"), std::string::npos) << after;
}

TEST(TerminalSummaryCli, QuietPrintsTheFolderAndJsonPrintsSummaryJson) {
  ScratchDir dir("summary_modes");
  const Outcome quiet = run_cli("run '" + kTutorial + "' -r 2 -q --out q", dir.path());
  ASSERT_EQ(quiet.exit_code, 0) << quiet.describe();
  EXPECT_EQ(quiet.out, "q\n");
  const Outcome json = run_cli("run '" + kTutorial + "' -r 2 --json --out js", dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  EXPECT_EQ(json.out, slurp(dir / "js" / "summary.json"));
  EXPECT_NE(json.err.find("tiersim run: files in js"), std::string::npos) << json.err;
  const Outcome both = run_cli("run '" + kTutorial + "' -r 2 --json -q --out js", dir.path());
  ASSERT_EQ(both.exit_code, 0) << both.describe();
  EXPECT_EQ(both.out, slurp(dir / "js" / "summary.json"));
  EXPECT_EQ(both.err, "");
}

TEST(TerminalSummaryCli, ComparePrintsTheSignificantDifferencesInWords) {
  ScratchDir dir("summary_compare");
  const Outcome o = run_cli("compare scenarios/tests/sweep_base.yaml scenarios/tests/sweep_more_servers.yaml -r 5 "
                            "--seed 11 -j 2 --out " + (dir / "c").string());
  ASSERT_EQ(o.exit_code, 0) << o.describe();
  const auto j = nlohmann::json::parse(slurp(dir / "c" / "comparison.json"));
  // Every printed line is a difference whose CI excludes 0; every such goal metric is printed.
  int printed = 0;
  std::size_t significant_count = 0;
  for (const auto& [name, m] : j["metrics"].items()) {
    const auto& d = m["difference"][0];
    if (d["n"] < 2 || d["ci95"][0].is_null()) continue;
    const double lo = d["ci95"][0].get<double>(), hi = d["ci95"][1].get<double>();
    const bool significant = lo > 0 || hi < 0;
    significant_count += significant ? 1 : 0;
    if (name == "utilisation.east") {
      ASSERT_TRUE(significant);
      const std::string line = line_with(o.out, "医生利用率 utilisation.east ");
      const std::string expected = fmt::format("{:.1f} points [{:.1f}, {:.1f}]", 100 * d["mean"].get<double>(), 100 * lo, 100 * hi);
      EXPECT_NE(line.find(expected), std::string::npos) << line << "\nexpected " << expected;
      // A utilisation is neither better nor worse in itself: no verdict.
      EXPECT_EQ(line.find("better"), std::string::npos) << line;
      EXPECT_EQ(line.find("worse"), std::string::npos) << line;
      ++printed;
    }
    if (name == "wait_minutes.township.mean") {
      // One more server shortens the township's waits: lower, and so better.
      ASSERT_LT(hi, 0);
      const std::string line = line_with(o.out, "乡镇卫生院候诊时间 均值 wait_minutes.township.mean ");
      EXPECT_NE(line.find(" min ["), std::string::npos) << o.out;
      EXPECT_EQ(line.substr(line.size() - std::string("better 改善").size()), "better 改善") << line;
      ++printed;
    }
    if (!significant) {
      EXPECT_EQ(o.out.find(" " + name + " "), std::string::npos) << name << " is not significant";
    }
  }
  EXPECT_EQ(printed, 2);
  // One line per significant difference (at most 15, then "... and N more").
  const auto all = lines_of(o.out);
  std::size_t at = 0;
  while (at < all.size() && all[at] != "sweep-more-servers vs sweep-base:") ++at;
  std::size_t listed = 0;
  for (std::size_t i = at + 1; i < all.size() && !all[i].empty(); ++i) {
    if (all[i].find("no significant difference") == std::string::npos && all[i].find("... and") == std::string::npos) ++listed;
  }
  EXPECT_EQ(listed, std::min<std::size_t>(significant_count, 15)) << o.out;
  EXPECT_EQ(lines_of(o.out).back(), "report 报告: " + (dir / "c" / "comparison.html").string());

  // A scenario against itself: nothing differs.
  const Outcome self = run_cli("compare scenarios/tests/sweep_base.yaml scenarios/tests/sweep_base.yaml -r 3 --out " +
                               (dir / "s").string());
  ASSERT_EQ(self.exit_code, 0) << self.describe();
  EXPECT_NE(self.out.find("  no metric differs significantly\n"), std::string::npos) << self.out;

  const Outcome json = run_cli("compare scenarios/tests/sweep_base.yaml scenarios/tests/sweep_base.yaml -r 3 --json -q --out " +
                               (dir / "s").string());
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  EXPECT_EQ(json.out, slurp(dir / "s" / "comparison.json"));
}

}  // namespace
}  // namespace tiersim::test
