// Remote consultation in the run's files: facilities.csv gains three columns and report.html
// a section only when the scenario configures policy.remote_consult, so other runs' files
// stay as they were.
#include <gtest/gtest.h>

#include "report/csv_reader.hpp"
#include "report/run_fixture.hpp"
#include "tiersim/report/report_html.hpp"
#include "tiersim/report/tables_csv.hpp"

namespace {

tiersim::scenario::Scenario with_consults() {
  auto s = tiersim::testing::fixture_scenario();
  tiersim::scenario::RemoteConsult rc;
  rc.from = {true, true, false, false};
  rc.specialties = {false, true};
  rc.success = 0.6;
  rc.answer = tiersim::scenario::Distribution::lognormal(15, 5);
  s.policy.remote_consult = rc;
  return s;
}

TEST(RemoteConsultReport, FacilitiesCsvColumnsOnlyWithThePolicy) {
  const auto plain = tiersim::testing::fixture_scenario();
  const auto rows_plain = tiersim::testing::parse_csv(tiersim::report::facilities_csv(tiersim::testing::fixture_run(plain)));
  ASSERT_FALSE(rows_plain.empty());
  EXPECT_EQ(rows_plain[0].size(), 14u);
  EXPECT_EQ(rows_plain[0].back(), "expert_patients");

  const auto s = with_consults();
  const auto rows = tiersim::testing::parse_csv(tiersim::report::facilities_csv(tiersim::testing::fixture_run(s)));
  ASSERT_EQ(rows.size(), 1 + s.facilities.size() * 5);
  EXPECT_EQ(std::vector<std::string>(rows[0].begin() + 14, rows[0].end()),
            (std::vector<std::string>{"consults_asked", "referrals_avoided", "consults_answered"}));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 17u) << i;
    const bool county = rows[i][3] == "county";
    EXPECT_EQ(rows[i][14], county ? "0" : "8");
    EXPECT_EQ(rows[i][15], county ? "0" : "5");
    EXPECT_EQ(rows[i][16], county ? "40" : "0");
  }
}

TEST(RemoteConsultReport, HtmlSectionOnlyWithThePolicy) {
  const auto plain = tiersim::testing::fixture_scenario();
  const auto html_plain = tiersim::report::report_html(tiersim::testing::fixture_run(plain), plain);
  EXPECT_EQ(html_plain.find("id=\"consult\""), std::string::npos);
  EXPECT_EQ(html_plain.find("远程会诊"), std::string::npos);

  const auto s = with_consults();
  const auto html = tiersim::report::report_html(tiersim::testing::fixture_run(s), s);
  EXPECT_NE(html.find("<section id=\"consult\">"), std::string::npos);
  EXPECT_NE(html.find("href=\"#consult\""), std::string::npos);
  // Village clinics (4) and townships (2) ask 8 each per replication and keep 5.
  EXPECT_NE(html.find("<tr><th>village</th><td>32.0</td><td>20.0</td><td>62.5%</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<tr><th>township</th><td>16.0</td><td>10.0</td><td>62.5%</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<tr><th>county name</th><td>40.0</td>"), std::string::npos);
}

}  // namespace
