// `tiersim optimize` end to end through the binary: the three files, best.yaml accepted by
// tiersim, a second run with the same store simulates nothing and writes the same files, and a
// bad file is exit 2 with its file:line:col and no output folder.
#include <gtest/gtest.h>

#include "run_binary.hpp"

namespace tiersim::test {
namespace {

const std::string kProblem = "scenarios/tests/optimize_station_opt.yaml";

TEST(OptimizeCli, WritesTheFilesAndResumesFromTheStore) {
  ScratchDir dir("optimize_cli");
  const std::string store = (dir / "opt.sqlite").string();
  const auto a = run_tiersim({"optimize", kProblem, "--out", (dir / "a").string(), "--store", store, "-j", "2"}, dir.path());
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_NE(a.out.find("best plan: facilities[a].servers=4, facilities[b].servers=2 (cost 6)"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("0 from the store"), std::string::npos) << a.out;
  for (const char* f : {"optimization.json", "optimization.html", "best.yaml"}) EXPECT_TRUE(fs::exists(dir / "a" / f)) << f;
  const auto v = run_tiersim({"validate", (dir / "a" / "best.yaml").string()}, dir.path());
  EXPECT_EQ(v.exit_code, 0) << v.describe();

  const auto b = run_tiersim({"optimize", kProblem, "--out", (dir / "b").string(), "--store", store, "-j", "1"}, dir.path());
  ASSERT_EQ(b.exit_code, 0) << b.describe();
  EXPECT_NE(b.out.find("(0 simulated now"), std::string::npos) << b.out;
  for (const char* f : {"optimization.json", "optimization.html"}) {
    EXPECT_EQ(slurp(dir / "a" / f), slurp(dir / "b" / f)) << f;
  }
}

TEST(OptimizeCli, ABadFileIsExit2WithItsPlaceAndNoOutput) {
  ScratchDir dir("optimize_cli_bad");
  write_file(dir / "bad.yaml", "optimize:\n  base: " + std::string(TIERSIM_SOURCE_DIR) +
                                   "/scenarios/tests/optimize_station.yaml\n  decide:\n    facilities[a].servers: [2, -1]\n"
                                   "  objective: {minimize: wait_minutes.township.mean}\n");
  const auto r = run_tiersim({"optimize", (dir / "bad.yaml").string(), "--out", (dir / "out").string()}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("bad.yaml:4:32: facilities[a].servers: expected a whole number 0-100000, got -1"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace
}  // namespace tiersim::test
