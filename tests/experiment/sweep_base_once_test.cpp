// A sweep parses its base scenario once (issue #16, target 5): loading the sweep, its plan's
// hash and every point's model come from one parse, and the points still build after the
// base file is gone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "experiment/sweep_units.hpp"
#include "scenario/yaml/load_impl.hpp"
#include "tiersim/experiment/sweep.hpp"

namespace tiersim::experiment {
namespace {

namespace fs = std::filesystem;

TEST(SweepBaseOnce, OneParseForThePlanAndEveryPoint) {
  const std::string sweep = TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_small.yaml";  // 6 points
  const auto before = scenario::yaml::documents_merged();
  const SweepPlan plan = plan_sweep(sweep);
  for (int p = 0; p < static_cast<int>(plan.points.size()); ++p) {
    const detail::PointModel m = detail::build_point(plan, p);
    EXPECT_TRUE(m.error.empty()) << m.error;
  }
  EXPECT_EQ(scenario::yaml::documents_merged() - before, 1u);
}

TEST(SweepBaseOnce, PointsBuildAfterTheBaseFileIsGone) {
  const fs::path dir = fs::temp_directory_path() / "tiersim_sweep_base_once";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(TIERSIM_SOURCE_DIR "/scenarios/tests/sweep_base.yaml", dir / "base.yaml");
  std::ofstream(dir / "sweep.yaml") << "sweep:\n  base: base.yaml\n  replications: 1\n  vary:\n"
                                       "    facilities[east].servers: [1, 2]\n";
  const SweepPlan plan = plan_sweep((dir / "sweep.yaml").string());
  fs::remove(dir / "base.yaml");
  SweepOptions o;
  o.store = (dir / "store.sqlite").string();
  o.threads = 2;
  const SweepOutcome out = run_sweep(plan, o);
  EXPECT_EQ(out.runs_ok, 2);
  EXPECT_EQ(out.runs_failed, 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tiersim::experiment
