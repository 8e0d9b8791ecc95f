// End-to-end tests of `tiersim compare`: a scenario against itself is exactly 0 with CI [0, 0];
// --threads 1 and 2 write byte-identical files; bad input creates nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/run_binary.hpp"

namespace tiersim::test {
namespace {

TEST(CompareCli, SelfComparisonIsExactlyZero) {
  const auto dir = fresh_dir("compare_self");
  const Outcome r = run_cli("compare scenarios/tests/sweep_base.yaml scenarios/tests/sweep_base.yaml -r 4 --out " +
                                  (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(slurp(dir / "out" / "comparison.json"));
  EXPECT_EQ(j["replications"], 4);
  for (const auto& [name, m] : j["metrics"].items()) {
    const auto& d = m["difference"][0];
    if (d["n"] == 0) continue;
    EXPECT_EQ(d["mean"].get<double>(), 0.0) << name;
    EXPECT_EQ(d["ci95"], nlohmann::json::array({0.0, 0.0})) << name;
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "comparison.html"));
  std::filesystem::remove_all(dir);
}

TEST(CompareCli, ThreadsGiveByteIdenticalFiles) {
  const auto dir = fresh_dir("compare_threads");
  const std::string args = "compare scenarios/tests/sweep_base.yaml scenarios/tests/sweep_more_servers.yaml -r 5 --seed 11 ";
  ASSERT_EQ(run_cli(args + "-j 1 --out " + (dir / "one").string()).exit_code, 0);
  ASSERT_EQ(run_cli(args + "-j 2 --out " + (dir / "two").string()).exit_code, 0);
  for (const char* f : {"comparison.json", "comparison.html"}) {
    const std::string one = slurp(dir / "one" / f);
    EXPECT_FALSE(one.empty());
    EXPECT_EQ(one, slurp(dir / "two" / f)) << f;
  }
  const auto j = nlohmann::json::parse(slurp(dir / "one" / "comparison.json"));
  EXPECT_EQ(j["seed"], 11);
  EXPECT_LT(j["metrics"]["wait_minutes.township.mean"]["difference"][0]["ci95"][1].get<double>(), 0.0);
  std::filesystem::remove_all(dir);
}

TEST(CompareCli, BadInputCreatesNothing) {
  const auto dir = fresh_dir("compare_bad");
  const Outcome one = run_cli("compare scenarios/tests/sweep_base.yaml --out " + (dir / "x").string());
  EXPECT_EQ(one.exit_code, 2);
  const Outcome bad = run_cli("compare scenarios/tests/sweep_base.yaml scenarios/bad/syntax.yaml --out " +
                                    (dir / "y").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
  EXPECT_FALSE(std::filesystem::exists(dir / "y"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tiersim::test
