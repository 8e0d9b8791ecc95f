// report.html: the sections are there, scenario text is escaped, nothing is loaded from the
// network, high utilisation is highlighted, many villages are grouped.
#include "tiersim/report/report_html.hpp"

#include <regex>

#include <gtest/gtest.h>

#include "report/run_fixture.hpp"

using tiersim::report::report_html;

namespace {
std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST(ReportHtml, HasEverySection) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto html = report_html(tiersim::testing::fixture_run(s), s);
  for (const char* needle : {"<!DOCTYPE html>", "id=\"goals\"", "id=\"network-svg\"", "id=\"waits\"", "id=\"green\"",
                             "id=\"capacity\"", "id=\"method\"", "小病不出村", "中病不出镇", "大病不出县", "县域内就诊率",
                             "基层就诊率", "target 90%", "target 65%", "Student-t", "PCG64", "door to treatment"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  EXPECT_EQ(occurrences(html, "class=\"goal\""), 5u);
  EXPECT_NE(html.find("class=\"flow up\""), std::string::npos);
  EXPECT_NE(html.find("class=\"flow down\""), std::string::npos);
  EXPECT_EQ(html.find("Analytic estimate"), std::string::npos);  // no analysis given
}

TEST(ReportHtml, EscapesEveryScenarioText) {
  auto s = tiersim::testing::fixture_scenario(4, "<script>alert('name')</script>");
  s.description = "<img src=x onerror=alert(1)>";
  s.conditions.back().name = "st<em>i";
  const auto run = tiersim::testing::fixture_run(s);
  auto a = tiersim::testing::fixture_analysis(s);
  const auto html = report_html(run, s, &a);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>&"), std::string::npos);  // the township id t2<b>&"x,y
  EXPECT_EQ(html.find("<em>"), std::string::npos);
  EXPECT_EQ(html.find("<unstable>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("t2&lt;b&gt;&amp;&quot;x,y"), std::string::npos);
}

TEST(ReportHtml, LoadsNothingFromTheNetwork) {
  const auto s = tiersim::testing::fixture_scenario();
  auto a = tiersim::testing::fixture_analysis(s);
  const auto html = report_html(tiersim::testing::fixture_run(s), s, &a);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url(http"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  // The only URLs are the SVG namespace names, which are never fetched.
  const std::regex url("https?://[^\"' )<]*");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it) {
    EXPECT_EQ(it->str(), "http://www.w3.org/2000/svg");
  }
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(ReportHtml, HighlightsUtilisationAbove85Percent) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto html = report_html(tiersim::testing::fixture_run(s), s);
  // utilisation.t1 is about 0.9 in the fixture: its bar row and its network node are red.
  EXPECT_NE(html.find("<g class=\"row alert\"><title>t1 name (township)"), std::string::npos);
  EXPECT_NE(html.find("<g class=\"node u-high\"><title>t1 name (t1, township)"), std::string::npos);
  EXPECT_EQ(occurrences(html, "<g class=\"node u-high\">"), 1u);
}

TEST(ReportHtml, AnalyticTableWhenGiven) {
  const auto s = tiersim::testing::fixture_scenario();
  auto a = tiersim::testing::fixture_analysis(s);
  const auto html = report_html(tiersim::testing::fixture_run(s), s, &a);
  EXPECT_NE(html.find("Analytic estimate"), std::string::npos);
  EXPECT_NE(html.find("facility &lt;unstable&gt; has utilisation 1.2"), std::string::npos);
  EXPECT_NE(html.find("outside CI"), std::string::npos);  // county: 20% analytic vs ~50% simulated
  EXPECT_NE(html.find("inside CI"), std::string::npos);   // others: 50% vs ~50%
}

TEST(ReportHtml, GroupsManyVillagesPerTownship) {
  const auto s = tiersim::testing::fixture_scenario(40);
  const auto html = report_html(tiersim::testing::fixture_run(s), s);
  EXPECT_NE(html.find("20 villages of t1"), std::string::npos);
  EXPECT_EQ(html.find(">v17<"), std::string::npos);  // no village drawn on its own
  EXPECT_EQ(occurrences(html, "<g class=\"node "), 3u + 2u);
}

TEST(ReportHtml, GreenChannelAgainstTargets) {
  const auto s = tiersim::testing::fixture_scenario();
  const auto html = report_html(tiersim::testing::fixture_run(s), s);
  EXPECT_NE(html.find("target 90 min"), std::string::npos);   // door-to-treatment histogram line
  EXPECT_NE(html.find("target 120 min"), std::string::npos);  // FMC-to-treatment histogram line
  EXPECT_EQ(occurrences(html, "<svg class=\"hist\""), 2u);
}
