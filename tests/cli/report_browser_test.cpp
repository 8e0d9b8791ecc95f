// report.html in a real browser: headless Chromium loads it with no console error (the
// page's Content-Security-Policy turns any network load into one), and the goal section, the
// network drawing and the charts are in the rendered DOM. The screenshots are kept under the
// build folder (test-artifacts/) for a person to look at. Without chromium the test is
// skipped, unless CI is set, when it fails.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "cli/run_binary.hpp"

#include "report/run_fixture.hpp"
#include "tiersim/report/atomic_file.hpp"
#include "tiersim/report/report_html.hpp"

namespace fs = std::filesystem;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path artefact_dir() {
  const auto dir = fs::path(TIERSIM_BINARY).parent_path() / "test-artifacts";
  fs::create_directories(dir);
  return dir;
}

struct Browser {
  int status = -1;
  std::string out;
  std::string err;
};

Browser chromium(const std::string& mode, const fs::path& page) {
  std::string tmpl = (fs::temp_directory_path() / "tiersim-chromium-XXXXXX").string();
  const fs::path profile = ::mkdtemp(tmpl.data());
  const std::string cmd = std::string("timeout 120 ") + kChromium +
                          " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                          " --disable-background-networking --disable-component-update --disable-sync"
                          " --user-data-dir='" + profile.string() + "' --enable-logging=stderr --v=0 " + mode +
                          " 'file://" + fs::absolute(page).string() + "' >'" + (profile / "out").string() + "' 2>'" +
                          (profile / "err").string() + "'";
  const int raw = std::system(cmd.c_str());
  Browser b;
  b.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  b.out = slurp(profile / "out");
  b.err = slurp(profile / "err");
  std::error_code ec;
  fs::remove_all(profile, ec);
  return b;
}

/// Console messages of the page (chromium logs them as `:CONSOLE(line)] "text"`), and CSP
/// refusals, which mean the page tried to load something.
std::vector<std::string> console_errors(const std::string& log) {
  std::vector<std::string> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find(":CONSOLE") != std::string::npos || line.find("Refused to") != std::string::npos ||
        line.find("Uncaught") != std::string::npos) {
      out.push_back(line);
    }
  }
  return out;
}

void check_in_browser(const fs::path& page, const std::string& name) {
  if (!fs::exists(kChromium)) {
    if (std::getenv("CI") != nullptr) FAIL() << "chromium is missing and CI is set";
    GTEST_SKIP() << "no " << kChromium;
  }
  const auto shot = artefact_dir() / (name + ".png");
  fs::remove(shot);
  const auto s = chromium("--screenshot='" + shot.string() + "' --window-size=1280,2000 --hide-scrollbars", page);
  EXPECT_EQ(s.status, 0) << s.err;
  EXPECT_TRUE(fs::exists(shot) && fs::file_size(shot) > 10000) << s.err;
  EXPECT_EQ(console_errors(s.err), std::vector<std::string>{});

  const auto d = chromium("--dump-dom", page);
  EXPECT_EQ(d.status, 0) << d.err;
  EXPECT_EQ(console_errors(d.err), std::vector<std::string>{});
  std::ofstream(artefact_dir() / (name + ".dom.html")) << d.out;
  for (const char* needle : {"id=\"goals\"", "小病不出村", "大病不出县", "基层就诊率", "<svg id=\"network-svg\"",
                             "class=\"flow up\"", "class=\"chart\"", "class=\"goalbar\"", "id=\"method\""}) {
    EXPECT_NE(d.out.find(needle), std::string::npos) << needle;
  }
}

}  // namespace

// The writers' output on a hand-built run (no simulation needed).
TEST(ReportBrowser, FixtureReportRendersCleanly) {
  const auto s = tiersim::testing::fixture_scenario(40, "fixture <b>report</b>");
  const auto run = tiersim::testing::fixture_run(s);
  const auto analysis = tiersim::testing::fixture_analysis(s);
  const auto page = artefact_dir() / "report_fixture.html";
  tiersim::report::write_file_atomically(page, tiersim::report::report_html(run, s, &analysis));
  check_in_browser(page, "report_fixture");
}

// The page `tiersim run` writes for the tutorial scenario.
TEST(ReportBrowser, RunReportRendersCleanly) {
  const auto out = artefact_dir() / "run-tutorial";
  fs::remove_all(out);
  const auto r = tiersim::test::run_tiersim({"run", "scenarios/tutorial.yaml", "--replications", "3", "--quiet", "--out",
                                             out.string()},
                                            artefact_dir());
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  check_in_browser(out / "report.html", "report_run_tutorial");
}
