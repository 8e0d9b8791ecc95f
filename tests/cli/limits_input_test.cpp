// Limits instead of crashes, through the built binary: absurd sizes in a planner's file are
// either refused up front (exit 2, a message naming the limit, quickly, in little memory) or
// run in bounded memory. Nothing here may crash, hang or exhaust the stack.
//
// The limits (the loader's, sim/scenario/yaml): files at most 16 MiB, nesting at most 64
// deep, populations at most 1e10 per facility, every duration at most 1000y, replications at
// most 1,000,000 in a file, villages 1-999 per generating facility, numbers finite.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"

namespace {

using tiersim::test::Outcome;
using tiersim::test::run_tiersim;
using tiersim::test::ScratchDir;
using tiersim::test::write_file;

// A small valid scenario; `facility_extra` is added to the township, `top_extra` at the top.
std::string tiny(const std::string& top_extra = "", const std::string& facility_extra = "",
                 const std::string& horizon = "7d") {
  return "format: 1\n"
         "name: tiny\n"
         "horizon: " + horizon + "\n"
         "replications: 2\n" +
         top_extra +
         "specialties: [general]\n"
         "tiers:\n"
         "  village: {general: 1}\n"
         "  township: {general: 2}\n"
         "  county: {general: 3}\n"
         "facilities:\n"
         "  - id: county\n"
         "    tier: county\n"
         "    servers: 2\n"
         "    population: 100\n"
         "  - id: town\n"
         "    tier: township\n"
         "    servers: 1\n"
         "    population: 100\n" +
         facility_extra +
         "links:\n"
         "  - {from: town, to: county, travel: 30min}\n"
         "conditions:\n"
         "  - name: cold\n"
         "    specialty: general\n"
         "    severity: minor\n"
         "    required_level: 1\n"
         "    per_1000_per_year: 500\n"
         "    service: {dist: exponential, mean: 10min}\n";
}

class Limits : public ::testing::Test {
 protected:
  ScratchDir dir_{"limits"};

  Outcome validate_text(const std::string& text, double timeout_s = 60) {
    const auto file = dir_ / "scenario.yaml";
    write_file(file, text);
    return run_tiersim({"validate", file.string()}, dir_.path(), timeout_s);
  }

  // Refused as bad input: exit 2, every phrase in the message, quickly and in little memory.
  static void expect_refused(const Outcome& r, const std::vector<std::string>& phrases, double max_seconds = 20) {
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_FALSE(r.timed_out) << r.describe();
    EXPECT_LT(r.seconds, max_seconds) << r.describe();
    EXPECT_LT(r.own_rss_kb(), 1024L * 1024) << r.describe();  // 1 GiB
    for (const auto& p : phrases) EXPECT_NE(r.err.find(p), std::string::npos) << "missing \"" << p << "\"\n" << r.describe();
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.describe();
  }
};

TEST_F(Limits, TinyScenarioIsValid) {
  // The base of every case below is good, so each refusal is the limit's doing.
  const Outcome r = validate_text(tiny());
  EXPECT_EQ(r.exit_code, 0) << r.describe();
}

TEST_F(Limits, PopulationOfATrillionIsRefused) {
  const Outcome r = validate_text(tiny("", "    villages: {count: 3, population: 1e12, travel: 20min}\n"));
  expect_refused(r, {"facilities[town].villages.population", "1e10", "1e12"});
  std::string big = tiny();
  big.replace(big.find("population: 100"), 15, "population: 1000000000000");
  expect_refused(validate_text(big), {"population", "0-1e10"});
}

TEST_F(Limits, HorizonOfAMillionYearsIsRefused) {
  expect_refused(validate_text(tiny("", "", "1000000y")), {"horizon", "at most 1000y", "1000000y"});
  expect_refused(validate_text(tiny("warmup: 2000y\n")), {"warmup", "at most 1000y"});
  // A finite number overflowing in minutes is refused too, not read as an infinite horizon.
  expect_refused(validate_text(tiny("", "", "1e308y")), {"horizon", "expected a duration"});
}

TEST_F(Limits, AMillionVillagesAreRefused) {
  const Outcome r = validate_text(tiny("", "    villages: {count: 1000000, population: 10, travel: 20min}\n"));
  expect_refused(r, {"villages.count", "1-999", "1000000"});
}

TEST_F(Limits, AMillionFacilitiesOverManyTownshipsAreRefused) {
  // 1,002 townships of 999 villages each: every count is legal, the total is not.
  std::string facilities = "  - id: county\n    tier: county\n";
  std::string links = "links:\n";
  for (int i = 0; i < 1002; ++i) {
    facilities += "  - id: t" + std::to_string(i) +
                  "\n    tier: township\n    villages: {count: 999, population: 10, travel: 20min}\n";
    links += "  - {from: t" + std::to_string(i) + ", to: county, travel: 30min}\n";
  }
  const std::string text = "format: 1\nname: million\nhorizon: 7d\nspecialties: [general]\n"
                           "tiers: {village: {general: 1}, township: {general: 2}, county: {general: 3}}\n"
                           "facilities:\n" + facilities + links +
                           "conditions:\n  - {name: cold, specialty: general, severity: minor, required_level: 1,"
                           " per_1000_per_year: 5, service: 10min}\n";
  expect_refused(validate_text(text, 120), {"at most 200000 facilities", "villages.count"}, 60);
}

TEST_F(Limits, TenThousandReplicationsRunInBoundedMemory) {
  // A day of the tiny scenario, 10,000 times: results are summarised as they come, so memory
  // must not grow with the replications beyond their table rows.
  std::string day = tiny("", "", "1d");
  const auto file = dir_ / "day.yaml";
  write_file(file, day);
  const auto out = dir_ / "out";
  const Outcome r = run_tiersim({"run", file.string(), "--out", out.string(), "--replications", "10000", "--threads",
                                 "2", "--quiet"},
                                dir_.path(), 900);
  ASSERT_EQ(r.exit_code, 0) << r.describe();
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's shadow memory and quarantine add their own hundreds of MiB.
  constexpr long kRssLimitKb = 1024L * 1024;
#else
  constexpr long kRssLimitKb = 512L * 1024;
#endif
  EXPECT_LT(r.own_rss_kb(), kRssLimitKb) << r.describe();
  const std::string summary = tiersim::test::slurp(out / "summary.json");
  EXPECT_NE(summary.find("\"replications\": 10000"), std::string::npos) << summary.substr(0, 400);
}

TEST_F(Limits, TenThousandReplicationsAreAcceptedAndTenMillionRefused) {
  std::string ok = tiny();
  ok.replace(ok.find("replications: 2"), 15, "replications: 10000");
  EXPECT_EQ(validate_text(ok).exit_code, 0);
  std::string too_many = tiny();
  too_many.replace(too_many.find("replications: 2"), 15, "replications: 10000000");
  expect_refused(validate_text(too_many), {"replications", "1-1000000"});
}

TEST_F(Limits, NanAndInfinityAreRefusedAnywhere) {
  struct Case {
    std::string top, facility;
    const char* phrase;
  };
  const std::vector<Case> cases = {
      {"", "    beds: .nan\n", "finite"},
      {"", "    beds: .inf\n", "finite"},
      {"", "    villages: {count: 2, population: .NaN, travel: 20min}\n", "finite"},
      {"", "    villages: {count: 2, population: -.Inf, travel: 20min}\n", "finite"},
      {"arrivals: {weekly: [1, 1, 1, 1, 1, 1, .inf]}\n", "", "finite"},
      {"policy: {bypass: {minor: .nan}}\n", "", "finite"},
      {"policy: {misjudge: {village: .INF}}\n", "", "finite"},
      {"", "    hours: .nan\n", "finite"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.top + c.facility);
    expect_refused(validate_text(tiny(c.top, c.facility)), {c.phrase});
  }
  // Durations written with NaN or infinity are not durations at all.
  for (const char* d : {"nanmin", "infh", "-infd", ".nany"}) {
    SCOPED_TRACE(d);
    expect_refused(validate_text(tiny("", "", d)), {"horizon", "expected a duration"});
  }
}

TEST_F(Limits, TenThousandNestedBracketsAreRefusedWithoutExhaustingTheStack) {
  const int n = 10000;
  const std::vector<std::string> deep = {
      "name: " + std::string(n, '[') + std::string(n, ']') + "\n",
      [&] {
        std::string s = "name: ";
        for (int i = 0; i < n; ++i) s += "{a: ";
        return s + std::string(n, '}') + "\n";
      }(),
      [&] {
        // Indentation costs n^2/2 bytes: 1,000 levels (500 kB) already say it.
        std::string s = "name:\n";
        for (int i = 1; i <= 1000; ++i) s += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
        return s;
      }(),
      [&] {
        std::string s = "name:\n";
        for (int i = 0; i < n; ++i) s += "- ";
        return s + "x\n";
      }(),
  };
  for (const auto& text : deep) {
    SCOPED_TRACE(text.substr(0, 40));
    const Outcome r = validate_text(text);
    expect_refused(r, {"nested at most 64 deep"}, 10);
    EXPECT_EQ(r.term_signal, 0) << r.describe();
  }
  // Nesting the loader's cheap pre-count does not see (complex keys, a list after a key):
  // refused all the same, by yaml-cpp's own depth guard or as bad syntax, never a crash.
  std::string keys, dashes = "name: ";
  for (int i = 0; i < n; ++i) keys += "? ";
  for (int i = 0; i < n; ++i) dashes += "- ";
  for (const auto& text : {keys + "x\n", dashes + "x\n"}) {
    const Outcome r = validate_text(text);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.term_signal, 0) << r.describe();
  }
}

TEST_F(Limits, FiftyMegabyteFileIsRefusedQuickly) {
  const auto file = dir_ / "huge.yaml";
  {
    std::string line = "# " + std::string(97, 'x') + "\n";  // 100 bytes
    std::string block;
    for (int i = 0; i < 10000; ++i) block += line;  // 1 MB
    std::ofstream out(file, std::ios::binary);
    out << tiny();
    for (int i = 0; i < 50; ++i) out << block;
  }
  ASSERT_GT(std::filesystem::file_size(file), 50'000'000U);
  const Outcome r = run_tiersim({"validate", file.string()}, dir_.path(), 60);
  expect_refused(r, {"at most 16 MiB", "huge.yaml"}, 5);
  EXPECT_LT(r.own_rss_kb(), 256L * 1024) << "read the whole file before refusing it\n" << r.describe();
}

TEST_F(Limits, DevicesWithoutSizeAreNotReadForever) {
  // /dev/zero reports no size: the reader must stop past 16 MiB, not fill memory.
  expect_refused(run_tiersim({"validate", "/dev/zero"}, dir_.path(), 60), {"16 MiB"}, 10);
  expect_refused(validate_text(tiny("extends: /dev/zero\n")), {"16 MiB"}, 10);
}

}  // namespace
