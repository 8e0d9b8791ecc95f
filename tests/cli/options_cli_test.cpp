// The options layer (sim/cli/options.hpp) through the built binary: values are checked in one
// place with one wording (`--seed -5` and `--seed 1e30` refused alike, exit 2, nothing
// created); every command's --help has one shape; an --out folder holding files that tiersim
// did not write is refused, while an earlier tiersim output folder is written into again.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"

namespace tiersim::test {
namespace {

const std::string kTutorial = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tutorial.yaml";

struct Refusal {
  std::string args;
  std::string message;  // expected in stderr
};

TEST(OptionsCli, BadValuesAreRefusedWithOneWordingAndNothingIsCreated) {
  ScratchDir dir("options_values");
  const std::vector<Refusal> cases = {
      {"run --seed -5", "tiersim run: --seed: expected a whole number from 0 to 18446744073709551615, got '-5'"},
      {"run --seed=-5", "tiersim run: --seed: expected a whole number from 0 to 18446744073709551615, got '-5'"},
      {"run -s -5", "tiersim run: --seed: expected a whole number from 0 to 18446744073709551615, got '-5'"},
      {"run --seed 1e30", "got '1e30'"},
      {"run --seed 18446744073709551616", "got '18446744073709551616'"},
      {"run --seed ' 7'", "got ' 7'"},
      {"run --replications 0", "tiersim run: --replications: expected a whole number from 1 to 1000000, got '0'"},
      {"run --replications 2.5", "--replications: expected a whole number from 1 to 1000000, got '2.5'"},
      {"run --threads 0", "tiersim run: --threads: expected a whole number from 1 to 4096, got '0'"},
      {"run --seed 1 --seed 2", "cannot be specified more than once"},
      {"run --out ''", "tiersim run: --out needs a folder name"},
      {"compare a.yaml b.yaml --precision 1.5", "tiersim compare: --precision: expected a number in (0, 1), got '1.5'"},
      {"compare a.yaml b.yaml --precision nan", "got 'nan'"},
      {"compare a.yaml b.yaml --precision-batch 0", "--precision-batch: expected a whole number from 1 to 1000000"},
      {"sweep s.yaml --task -1 --tasks 2", "tiersim sweep: --task: expected a whole number from 0 to 1000000, got '-1'"},
      {"warmup --pilots 1", "tiersim warmup: --pilots: expected a whole number from 2 to 1000000, got '1'"},
      {"bench --lps 0", "tiersim bench: --lps: expected a whole number from 1 to 4294967295, got '0'"},
      {"analyze a.yaml b.yaml", "tiersim analyze: expected at most 1 SCENARIO, got 2"},
      {"run --bogus", "unrecognised option '--bogus'"},
  };
  for (const auto& c : cases) {
    const Outcome o = run_cli(c.args, dir.path());
    EXPECT_EQ(o.exit_code, 2) << c.args << "\n" << o.describe();
    EXPECT_NE(o.err.find(c.message), std::string::npos) << c.args << "\n" << o.err;
    EXPECT_EQ(o.out, "") << c.args;
    EXPECT_TRUE(entries(dir.path()).empty()) << c.args;
  }
}

TEST(OptionsCli, EveryCommandsHelpHasOneShape) {
  for (const char* command : {"run", "compare", "sweep", "sweep collect", "validate", "analyze", "warmup", "bench"}) {
    const Outcome o = run_cli(std::string(command) + " --help");
    EXPECT_EQ(o.exit_code, 0) << command << "\n" << o.describe();
    EXPECT_EQ(o.out.rfind(std::string("usage: tiersim ") + command + " ", 0), 0U) << o.out;
    EXPECT_NE(o.out.find("\noptions:\n  -h [ --help ]"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("\nexit status: 0 "), std::string::npos) << o.out;
    EXPECT_EQ(o.err, "") << command;
  }
}

TEST(OptionsCli, AFolderHoldingOtherFilesIsRefusedAnEarlierOutputFolderIsNot) {
  ScratchDir dir("options_out");
  write_file(dir / "notes.txt", "mine\n");
  // `--out .` here: the folder holds notes.txt, which tiersim did not write.
  const Outcome refused = run_cli("run '" + kTutorial + "' -r 2 -q --out .", dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_NE(refused.err.find("tiersim run: --out .: the folder is not empty (it holds 'notes.txt') and is not an "
                             "earlier tiersim output folder"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"notes.txt"});
  // A JSON file that is not tiersim's does not make it one.
  write_file(dir / "summary.json", "{\"scenario\": \"someone else's\"}\n");
  EXPECT_EQ(run_cli("run '" + kTutorial + "' -r 2 -q --out .", dir.path()).exit_code, 2);
  EXPECT_EQ(run_cli("compare '" + kTutorial + "' '" + kTutorial + "' -r 2 -q --out .", dir.path()).exit_code, 2);
  EXPECT_EQ(run_cli("warmup '" + kTutorial + "' --pilots 2 --out .", dir.path()).exit_code, 2);
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"notes.txt", "summary.json"}));

  // An empty folder, then the same folder again (now tiersim's), then a comparison into it.
  std::filesystem::create_directory(dir / "empty");
  const Outcome first = run_cli("run '" + kTutorial + "' -r 2 -q --out empty", dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  EXPECT_EQ(first.out, "empty\n");
  write_file(dir / "empty" / "my-notes.txt", "kept\n");
  const Outcome again = run_cli("run '" + kTutorial + "' -r 2 -q --seed 3 --out empty", dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  const Outcome compared = run_cli("compare '" + kTutorial + "' '" + kTutorial + "' -r 2 -q --out empty", dir.path());
  ASSERT_EQ(compared.exit_code, 0) << compared.describe();
  EXPECT_EQ(slurp(dir / "empty" / "my-notes.txt"), "kept\n");
  EXPECT_TRUE(std::filesystem::exists(dir / "empty" / "comparison.json"));
}

}  // namespace
}  // namespace tiersim::test
