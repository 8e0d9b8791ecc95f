// Fault injection on `tiersim run`, through the built binary: kill -9 at any moment, a full
// disk and an unwritable --out. docs/CLI.md promises that a run that fails or is interrupted
// leaves no half-written file under a final name: each of summary.json, replications.csv,
// facilities.csv, report.html and events.csv is either absent or complete. A killed run may
// leave temporary files, but only named `<final name>.tmp.<its pid>`; a run that fails on its
// own leaves none (and removes the folder it created).
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_binary.hpp"

namespace {

namespace fs = std::filesystem;
using tiersim::test::Child;
using tiersim::test::entries;
using tiersim::test::Outcome;
using tiersim::test::run_tiersim;
using tiersim::test::ScratchDir;
using tiersim::test::slurp;

const std::vector<std::string> kFinalNames = {"summary.json", "replications.csv", "facilities.csv", "report.html",
                                              "events.csv"};

std::vector<std::string> run_args(const fs::path& out, bool trace) {
  std::vector<std::string> a = {"run", "scenarios/tutorial.yaml", "--out", out.string(), "--quiet",
                                "--replications", "4", "--threads", "1"};
  if (trace) a.push_back("--trace");
  return a;
}

// What a complete run wrote, to compare a killed run's files against: the CSVs are the same
// bytes for the same seed; summary.json's metrics are the same numbers (its wall time is not).
struct Reference {
  std::string replications_csv, facilities_csv, events_csv;
  nlohmann::json metrics;
  double seconds = 0;
};

const Reference& reference(bool trace) {
  static Reference refs[2];
  static bool made[2] = {false, false};
  Reference& r = refs[trace ? 1 : 0];
  if (made[trace ? 1 : 0]) return r;
  ScratchDir dir("fault_ref");
  const fs::path out = dir / "out";
  const Outcome o = run_tiersim(run_args(out, trace), dir.path(), 300);
  if (o.exit_code != 0) throw std::runtime_error("reference run failed:\n" + o.describe());
  r.replications_csv = slurp(out / "replications.csv");
  r.facilities_csv = slurp(out / "facilities.csv");
  if (trace) r.events_csv = slurp(out / "events.csv");
  r.metrics = nlohmann::json::parse(slurp(out / "summary.json")).at("metrics");
  r.seconds = o.seconds;
  made[trace ? 1 : 0] = true;
  return r;
}

// Checks that every entry of `folder` is a complete output or a temporary file of `pid`.
void expect_nothing_half_written(const fs::path& folder, pid_t pid, bool trace, const std::string& when) {
  SCOPED_TRACE(when);
  const Reference& ref = reference(trace);
  const std::regex temp("(summary\\.json|replications\\.csv|facilities\\.csv|report\\.html|events\\.csv)\\.tmp\\." +
                        std::to_string(pid));
  for (const auto& name : entries(folder)) {
    const fs::path p = folder / name;
    if (std::regex_match(name, temp)) continue;
    ASSERT_NE(std::find(kFinalNames.begin(), kFinalNames.end(), name), kFinalNames.end())
        << "unexpected file " << name << " in " << folder;
    const std::string text = slurp(p);
    if (name == "summary.json") {
      nlohmann::json j;
      ASSERT_NO_THROW(j = nlohmann::json::parse(text)) << "summary.json is not whole JSON (" << text.size() << " bytes)";
      EXPECT_EQ(j.at("metrics"), ref.metrics);
    } else if (name == "replications.csv") {
      EXPECT_EQ(text, ref.replications_csv) << "replications.csv differs from a complete run's";
    } else if (name == "facilities.csv") {
      EXPECT_EQ(text, ref.facilities_csv) << "facilities.csv differs from a complete run's";
    } else if (name == "events.csv") {
      EXPECT_EQ(text.size(), ref.events_csv.size()) << "events.csv is not a complete trace";
      EXPECT_TRUE(text == ref.events_csv);
    } else if (name == "report.html") {
      const auto end = text.rfind("</html>");
      EXPECT_NE(end, std::string::npos) << "report.html is cut short (" << text.size() << " bytes)";
      if (end != std::string::npos) {
        EXPECT_LE(text.size() - end, 10U) << "report.html has bytes after </html>";
      }
    }
  }
}

// Kills runs at moments spread over a complete run's length, densest near the end where the
// files are written, and checks what each left.
void kill_nine_sweep(bool trace) {
  // Scaled down: under a parallel CTest a run's length varies by a factor of two or so, and a
  // kill aimed past the end tests nothing.
  const double t = 0.8 * reference(trace).seconds;
  const std::vector<double> fractions = {0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9, 0.93, 0.95, 0.97,
                                         0.98, 0.99, 1.0, 1.01, 1.03, 1.06, 1.1};
  int killed_mid_run = 0;
  for (double f : fractions) {
    ScratchDir dir("fault_kill");
    const fs::path out = dir / "out";
    Child c(run_args(out, trace), dir.path());
    tiersim::test::wait_until([&] { return !c.running(); }, f * t);
    const bool was_running = c.running();
    if (was_running) c.signal(SIGKILL);
    const Outcome o = c.wait(60);
    // The run may finish between the check and the signal (a run is a fraction of a second):
    // then it must have finished cleanly, and the kill counts for nothing.
    if (was_running && o.term_signal == SIGKILL) {
      ++killed_mid_run;
    } else {
      EXPECT_EQ(o.exit_code, 0) << o.describe();
    }
    expect_nothing_half_written(out, c.pid(), trace, "killed at " + std::to_string(f) + " of " + std::to_string(t) + " s");
  }
  EXPECT_GE(killed_mid_run, 3) << "the kills came too late to test anything";
}

TEST(FaultRun, KillNineNeverLeavesAHalfWrittenFile) { kill_nine_sweep(false); }

TEST(FaultRun, KillNineDuringATracedRunNeverLeavesAHalfWrittenTrace) { kill_nine_sweep(true); }

// A tmpfs of `bytes`, mounted for the test's length; skips the test where mounting is not
// allowed (not root, no CAP_SYS_ADMIN).
class TinyDisk {
 public:
  TinyDisk(const fs::path& at, std::size_t bytes, bool read_only = false) : at_(at) {
    fs::create_directories(at_);
    const std::string opts = "size=" + std::to_string(bytes) + ",mode=0777";
    if (::mount("tmpfs", at_.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, opts.c_str()) != 0) {
      why_not_ = std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~TinyDisk() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  TinyDisk(const TinyDisk&) = delete;
  TinyDisk& operator=(const TinyDisk&) = delete;
  [[nodiscard]] bool mounted() const { return mounted_; }
  [[nodiscard]] const std::string& why_not() const { return why_not_; }

 private:
  fs::path at_;
  bool mounted_ = false;
  std::string why_not_;
};

void expect_clean_io_failure(const Outcome& o, const fs::path& out, const std::string& reason) {
  EXPECT_EQ(o.exit_code, 1) << o.describe();
  EXPECT_EQ(o.term_signal, 0) << o.describe();
  EXPECT_NE(o.err.find(reason), std::string::npos) << "the message should give the reason \"" << reason << "\"\n"
                                                   << o.describe();
  EXPECT_EQ(o.err.find("internal error"), std::string::npos) << o.describe();
  EXPECT_EQ(o.out, "") << "no output folder may be announced";
  // Nothing at all: no final names, no temporary files, and the folder this run made is gone.
  EXPECT_FALSE(fs::exists(out)) << "left behind: " << ::testing::PrintToString(entries(out));
}

TEST(FaultRun, FullDiskGivesAClearErrorAndLeavesNothing) {
  for (const std::size_t bytes : {std::size_t{4096}, std::size_t{64} << 10}) {
    for (const bool trace : {false, true}) {
      SCOPED_TRACE(std::to_string(bytes) + " bytes, trace " + std::to_string(trace));
      ScratchDir dir("fault_full");
      TinyDisk disk(dir / "disk", bytes);
      if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.why_not() << ")";
      const fs::path out = dir / "disk" / "out";
      const Outcome o = run_tiersim(run_args(out, trace), dir.path(), 300);
      expect_clean_io_failure(o, out, "No space left on device");
      EXPECT_TRUE(entries(dir / "disk").empty()) << ::testing::PrintToString(entries(dir / "disk"));
    }
  }
}

TEST(FaultRun, FullDiskKeepsTheFilesOfAnEarlierRun) {
  // A re-run into the same folder that fails must leave the earlier, complete run untouched.
  ScratchDir dir("fault_full_rerun");
  TinyDisk disk(dir / "disk", std::size_t{8} << 20);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.why_not() << ")";
  const fs::path out = dir / "disk" / "out";
  ASSERT_EQ(run_tiersim(run_args(out, false), dir.path(), 300).exit_code, 0);
  const auto before = entries(out);
  // Fill the disk, then re-run with a trace (bigger files).
  {
    std::ofstream filler(dir / "disk" / "filler", std::ios::binary);
    const std::string block(1 << 16, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  const Outcome o = run_tiersim(run_args(out, true), dir.path(), 300);
  EXPECT_EQ(o.exit_code, 1) << o.describe();
  EXPECT_NE(o.err.find("No space left on device"), std::string::npos) << o.describe();
  EXPECT_EQ(entries(out), before);
  expect_nothing_half_written(out, 0, false, "after a failed re-run");
}

TEST(FaultRun, OutUnderARegularFileGivesAClearErrorAndCreatesNothing) {
  ScratchDir dir("fault_unwritable");
  tiersim::test::write_file(dir / "plain.txt", "not a folder\n");
  const fs::path out = dir / "plain.txt" / "out";
  const Outcome o = run_tiersim(run_args(out, false), dir.path(), 120);
  expect_clean_io_failure(o, out, "not a folder");
  EXPECT_EQ(slurp(dir / "plain.txt"), "not a folder\n");
  EXPECT_EQ(entries(dir.path()).size(), 3U) << ::testing::PrintToString(entries(dir.path()));  // plain.txt + 2 logs
}

TEST(FaultRun, ReadOnlyDiskGivesAClearErrorAndCreatesNothing) {
  // chmod cannot stop root, so the read-only case is a read-only mount.
  ScratchDir dir("fault_readonly");
  TinyDisk disk(dir / "ro", std::size_t{1} << 20, /*read_only=*/true);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.why_not() << ")";
  const fs::path out = dir / "ro" / "out";
  for (const bool trace : {false, true}) {
    const Outcome o = run_tiersim(run_args(out, trace), dir.path(), 300);
    EXPECT_EQ(o.exit_code, 1) << o.describe();
    EXPECT_NE(o.err.find("Read-only file system"), std::string::npos) << o.describe();
    EXPECT_FALSE(fs::exists(out));
  }
}

}  // namespace
