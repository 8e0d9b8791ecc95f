// tiersim compare through the library: a scenario against itself differs by exactly 0, one
// more server at the bottleneck township gives a wait difference whose CI is below 0 (while
// arrivals, common to both arms, differ by exactly 0), outputs are identical whatever the
// thread count, and the line diff names what changed.
#include <gtest/gtest.h>

#include "tiersim/experiment/compare.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::experiment {
namespace {

const std::string kBase = TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_base.yaml";
const std::string kMore = TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_more_servers.yaml";

std::vector<CompareArm> compare(const std::vector<std::string>& files, int threads, int reps = 8) {
  std::vector<std::pair<std::string, scenario::Scenario>> s;
  for (const auto& f : files) s.emplace_back(f, scenario::load_scenario_file(f));
  CompareOptions o;
  o.threads = threads;
  o.replications = reps;
  return run_comparison(std::move(s), o);
}

TEST(Compare, ScenarioAgainstItselfIsExactlyZero) {
  const auto arms = compare({kBase, kBase}, 2);
  ASSERT_EQ(arms.size(), 2U);
  EXPECT_EQ(arms[1].name, "sweep-base (2)");
  const auto j = comparison_json(arms);
  int checked = 0;
  for (const auto& [name, m] : j["metrics"].items()) {
    const auto& d = m["difference"][0];
    if (d["n"].get<int>() == 0) continue;
    EXPECT_EQ(d["mean"].get<double>(), 0.0) << name;
    EXPECT_EQ(d["ci95"][0].get<double>(), 0.0) << name;
    EXPECT_EQ(d["ci95"][1].get<double>(), 0.0) << name;
    ++checked;
  }
  EXPECT_GT(checked, 30);
  EXPECT_TRUE(j["changes"][0]["lines"].empty());
}

TEST(Compare, OneMoreServerShortensTownshipWaitsOnCommonRandomNumbers) {
  const auto arms = compare({kBase, kMore}, 2);
  const auto j = comparison_json(arms);
  const auto& wait = j["metrics"]["wait_minutes.township.mean"]["difference"][0];
  EXPECT_EQ(wait["arm"], "sweep-more-servers");
  EXPECT_LT(wait["ci95"][1].get<double>(), 0.0) << wait.dump();
  // Arrivals do not depend on servers: the same patients in both arms.
  const auto& created = j["metrics"]["patients.created"]["difference"][0];
  EXPECT_EQ(created["mean"].get<double>(), 0.0);
  EXPECT_EQ(created["ci95"][1].get<double>(), 0.0);
  // The change list names the one server line (and the name).
  bool servers = false;
  for (const auto& l : j["changes"][0]["lines"]) {
    if (l["context"] == "facilities[east].servers" && l["kind"] == "+" && l["text"] == "servers: 2") servers = true;
  }
  EXPECT_TRUE(servers) << j["changes"].dump();
  EXPECT_EQ(j["changes"][0]["lines"].size(), 4U) << j["changes"].dump();
  // The paired CI is narrower than the arms' own: pairing removes the shared variation.
  const auto& util = j["metrics"]["utilisation.county"];
  const double paired = util["difference"][0]["ci95"][1].get<double>() - util["difference"][0]["ci95"][0].get<double>();
  const double own = util["arms"][0]["ci95"][1].get<double>() - util["arms"][0]["ci95"][0].get<double>();
  EXPECT_LT(paired, own);
}

TEST(Compare, OutputsAreIdenticalWhateverTheThreads) {
  const auto one = compare({kBase, kMore}, 1, 6);
  const auto three = compare({kBase, kMore}, 3, 6);
  EXPECT_EQ(comparison_json(one).dump(2), comparison_json(three).dump(2));
  EXPECT_EQ(comparison_html(one), comparison_html(three));
}

TEST(Compare, HtmlHighlightsResolvedDifferencesAndEscapes) {
  const auto arms = compare({kBase, kMore}, 2, 6);
  const std::string h = comparison_html(arms);
  EXPECT_NE(h.find("<td class=\"better\">"), std::string::npos);  // the township wait (compare_html_test.cpp)
  EXPECT_NE(h.find("facilities[east].servers"), std::string::npos);
  EXPECT_EQ(h.find("http://"), h.find("http://www.w3.org"));      // no network resources
  EXPECT_EQ(h.find("<script"), std::string::npos);
}

TEST(LineDiff, ContextsAndOrder) {
  const std::string a = "name: x\nfacilities:\n  - id: a\n    servers: 1\n  - id: b\n    servers: 3\npolicy:\n  step_down: true\n";
  const std::string b = "name: x\nfacilities:\n  - id: a\n    servers: 1\n  - id: b\n    servers: 4\npolicy:\n  step_down: false\n";
  const auto d = diff_lines(a, b);
  ASSERT_EQ(d.size(), 4U);
  EXPECT_EQ(d[0].kind, '-');
  EXPECT_EQ(d[0].context, "facilities[b].servers");
  EXPECT_EQ(d[0].text, "servers: 3");
  EXPECT_EQ(d[0].line, 6);
  EXPECT_EQ(d[1].kind, '+');
  EXPECT_EQ(d[1].text, "servers: 4");
  EXPECT_EQ(d[3].context, "policy.step_down");
  EXPECT_TRUE(diff_lines(a, a).empty());
}

TEST(Compare, PrecisionRuleAddsBatchesToEveryArm) {
  std::vector<std::pair<std::string, scenario::Scenario>> s;
  for (const auto& f : {kBase, kMore}) s.emplace_back(f, scenario::load_scenario_file(f));
  CompareOptions o;
  o.threads = 2;
  o.replications = 3;
  o.precision.relative = 0.02;
  o.precision.metrics = {"minor_stays_in_village"};
  o.precision.batch = 4;
  o.precision.max_replications = 40;
  const auto arms = run_comparison(std::move(s), o);
  const int n = arms[0].run.replications;
  EXPECT_EQ(arms[1].run.replications, n);
  EXPECT_GT(n, 3);
  EXPECT_EQ((n - 3) % 4 == 0 || n == 40, true) << n;
  const auto j = comparison_json(arms, o.precision);
  if (n < 40) {
    EXPECT_TRUE(j["precision"]["met"].get<bool>());
    for (const auto& a : arms) {
      for (const auto& m : a.run.metrics) {
        if (m.name != "minor_stays_in_village") continue;
        EXPECT_LE((m.hi - m.lo) / 2, 0.02 / 1.02 * m.mean);
      }
    }
  }
}

}  // namespace
}  // namespace tiersim::experiment
