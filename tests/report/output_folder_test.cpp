// Output folders: a fresh folder per run by default, all files replaced together, a stale
// events.csv removed, and nothing changed when writing fails.
#include "tiersim/report/output_folder.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "report/run_fixture.hpp"
#include "tiersim/error.hpp"
#include "tiersim/report/events_csv.hpp"

namespace fs = std::filesystem;
using namespace tiersim::report;

namespace {

fs::path fresh_dir() {
  std::string tmpl = (fs::temp_directory_path() / "tiersim-out-XXXXXX").string();
  return ::mkdtemp(tmpl.data());
}

std::vector<std::string> entries(const fs::path& p) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(p)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(OutputFolder, NamesAFreshFolderPerRun) {
  const auto d = fresh_dir();
  EXPECT_EQ(default_output_folder("hengkou-baseline", d), d / "hengkou-baseline-output");
  fs::create_directory(d / "hengkou-baseline-output");
  EXPECT_EQ(default_output_folder("hengkou-baseline", d), d / "hengkou-baseline-output-2");
  fs::create_directory(d / "hengkou-baseline-output-2");
  EXPECT_EQ(default_output_folder("hengkou-baseline", d), d / "hengkou-baseline-output-3");
  EXPECT_EQ(entries(d).size(), 2u);  // choosing creates nothing
  fs::remove_all(d);
}

TEST(OutputFolder, SafeFolderNames) {
  EXPECT_EQ(folder_name_for("a/b c"), "a-b-c");
  EXPECT_EQ(folder_name_for("../../etc"), "etc");
  EXPECT_EQ(folder_name_for(".hidden"), "hidden");
  EXPECT_EQ(folder_name_for("恒口 baseline"), "恒口-baseline");
  EXPECT_EQ(folder_name_for(""), "scenario");
  EXPECT_EQ(folder_name_for("/"), "scenario");
}

TEST(OutputFolder, WritesTheFourFilesAndRemovesAStaleTrace) {
  const auto d = fresh_dir();
  const auto s = tiersim::testing::fixture_scenario();
  const auto run = tiersim::testing::fixture_run(s);
  std::ofstream(d / "events.csv") << "stale\n";
  std::ofstream(d / "summary.json") << "old\n";
  std::ofstream(d / "notes.txt") << "the user's own file\n";
  write_run_outputs(d, run, s, nullptr);
  EXPECT_EQ(entries(d), (std::vector<std::string>{"facilities.csv", "notes.txt", "replications.csv", "report.html",
                                                  "summary.json"}));
  EXPECT_NE(slurp(d / "summary.json"), "old\n");
  EXPECT_EQ(slurp(d / "notes.txt"), "the user's own file\n");
  fs::remove_all(d);
}

TEST(OutputFolder, PublishesTheTraceWithTheRest) {
  const auto d = fresh_dir();
  const auto s = tiersim::testing::fixture_scenario();
  const auto run = tiersim::testing::fixture_run(s);
  EventsCsvWriter trace(d / kEventsCsv, s);
  trace.on_event(0, 1.5, 7, 2, tiersim::flow::TraceEvent::kArrive);
  trace.on_event(0, 2.25, 7, tiersim::kNoIndex, tiersim::flow::TraceEvent::kCreated);
  EXPECT_FALSE(fs::exists(d / kEventsCsv));
  write_run_outputs(d, run, s, nullptr, &trace.file());
  EXPECT_EQ(slurp(d / kEventsCsv),
            "replication,time_minutes,patient,facility,event\n0,1.5,7,\"t2<b>&\"\"x,y\",arrive\n0,2.25,7,,created\n");
  EXPECT_EQ(entries(d).size(), 5u);
  fs::remove_all(d);
}

TEST(OutputFolder, FailureLeavesEarlierFilesUntouched) {
  const auto d = fresh_dir();
  const auto s = tiersim::testing::fixture_scenario();
  const auto run = tiersim::testing::fixture_run(s);
  std::ofstream(d / "summary.json") << "earlier run\n";
  fs::create_directory(d / "report.html");  // report.html cannot be replaced: the write fails
  EXPECT_THROW(write_run_outputs(d, run, s, nullptr), tiersim::IoError);
  EXPECT_EQ(entries(d), (std::vector<std::string>{"report.html", "summary.json"}));
  EXPECT_EQ(slurp(d / "summary.json"), "earlier run\n");
  fs::remove_all(d);
}

TEST(EventsCsv, UnpublishedTraceLeavesNothing) {
  const auto d = fresh_dir();
  const auto s = tiersim::testing::fixture_scenario();
  {
    EventsCsvWriter trace(d / kEventsCsv, s);
    trace.on_event(1, 3, 4, 0, tiersim::flow::TraceEvent::kResolved);
    EXPECT_EQ(trace.lines(), 1u);
  }
  EXPECT_TRUE(entries(d).empty());
  fs::remove_all(d);
}
