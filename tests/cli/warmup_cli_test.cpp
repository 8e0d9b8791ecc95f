// End-to-end test of `tiersim warmup`: prints the suggestion, writes warmup.json (matching it)
// and a self-contained warmup.html with the SVG plot and the truncation line.
#include <gtest/gtest.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/run_binary.hpp"

namespace tiersim::test {
namespace {

TEST(WarmupCli, SuggestsAWarmupAndWritesThePlot) {
  const auto dir = fresh_dir("warmup");
  const Outcome r = run_cli("warmup scenarios/tests/sweep_base.yaml --pilots 4 -j 2 --out " + (dir / "w").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("suggested warm-up: ", 0), 0U) << r.out;
  const auto j = nlohmann::json::parse(slurp(dir / "w" / "warmup.json"));
  EXPECT_EQ(j["method"], "MSER-5");
  EXPECT_EQ(j["pilots"], 4);
  EXPECT_EQ(j["series"].size(), 23U);  // 2d warm-up + 20d horizon, sampled daily from day 0 to day 22
  const double days = j["suggested_warmup_days"].get<double>();
  EXPECT_GE(days, 0);
  EXPECT_LE(days, 11);                  // the search stops at half the run
  char expected[64];
  std::snprintf(expected, sizeof expected, "suggested warm-up: %g days", days);
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  const std::string html = slurp(dir / "w" / "warmup.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_NE(html.find("suggested warm-up"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tiersim::test
