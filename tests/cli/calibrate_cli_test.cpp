// `tiersim calibrate` end to end through the binary: the three files of the worked example,
// the same bytes on 1 and 2 threads and when written again into the same folder, calibrated.yaml
// accepted by `tiersim run` (its report carries the observed figures), and a bad file is exit 2
// with its file:line:col and no output folder.
#include <gtest/gtest.h>

#include "run_binary.hpp"

namespace tiersim::test {
namespace {

const std::string kWorked = "scenarios/tests/calibrate/worked.yaml";

TEST(CalibrateCli, WritesTheFilesWhateverTheThreads) {
  ScratchDir dir("calibrate_cli");
  const auto a = run_tiersim({"calibrate", kWorked, "--out", (dir / "a").string(), "-j", "2"}, dir.path());
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  const auto b = run_tiersim({"calibrate", kWorked, "--out", (dir / "b").string(), "-j", "1", "--quiet"}, dir.path());
  ASSERT_EQ(b.exit_code, 0) << b.describe();
  for (const char* f : {"calibration.json", "calibrated.yaml", "calibration.html"}) {
    ASSERT_TRUE(fs::exists(dir / "a" / f)) << f;
    EXPECT_EQ(slurp(dir / "a" / f), slurp(dir / "b" / f)) << f;
  }
  // Written again into its own folder: accepted, same bytes.
  const auto c = run_tiersim({"calibrate", kWorked, "--out", (dir / "a").string(), "-q"}, dir.path());
  ASSERT_EQ(c.exit_code, 0) << c.describe();
  EXPECT_EQ(slurp(dir / "a" / "calibration.json"), slurp(dir / "b" / "calibration.json"));
  const auto r = run_tiersim({"run", (dir / "a" / "calibrated.yaml").string(), "--out", (dir / "run").string(), "-q"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(slurp(dir / "run" / "report.html").find("id=\"observed\""), std::string::npos);
}

TEST(CalibrateCli, ABadFileIsExit2WithItsPlaceAndNoOutput) {
  ScratchDir dir("calibrate_cli_bad");
  write_file(dir / "bad.yaml", "calibrate:\n  base: " + std::string(TIERSIM_SOURCE_DIR) +
                                   "/scenarios/tests/sweep_base.yaml\n  free:\n    policy.misjudge.village: [0.0, 1.5]\n"
                                   "  targets:\n    patients.created: {value: 10, sd: 1}\n");
  const auto r = run_tiersim({"calibrate", (dir / "bad.yaml").string(), "--out", (dir / "out").string()}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("bad.yaml:4:36: policy.misjudge.village: expected a probability 0-1, got 1.5"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace
}  // namespace tiersim::test
