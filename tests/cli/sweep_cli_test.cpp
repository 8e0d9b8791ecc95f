// End-to-end tests of `tiersim sweep`: a sweep killed with SIGKILL after its first rows and run
// again equals an uninterrupted sweep row for row; shards collected equal one process; thread
// counts give the same rows; a store of another sweep is refused with a clear message.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli/run_binary.hpp"
#include "experiment/store_dump.hpp"

namespace tiersim::test {
namespace {

TEST(SweepCli, KilledWithSigkillAndResumedEqualsUninterrupted) {
  const auto dir = fresh_dir("sweep_kill");
  const std::string killed = (dir / "killed.sqlite").string();
  const std::string whole = (dir / "whole.sqlite").string();

  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::chdir(TIERSIM_SOURCE_DIR) != 0) ::_exit(126);
    if (!std::freopen("/dev/null", "w", stdout) || !std::freopen("/dev/null", "w", stderr)) ::_exit(126);
    ::execl(TIERSIM_BINARY, "tiersim", "sweep", "scenarios/tests/sweep_kill.yaml", "--store", killed.c_str(),
            "--threads", "1", "--quiet", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it as soon as the first runs are committed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  long long seen = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    seen = count_rows(killed, "SELECT count(*) FROM runs");
    if (seen >= 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
  const long long before = count_rows(killed, "SELECT count(*) FROM runs WHERE status = 'ok'");
  EXPECT_GE(before, 1);
  EXPECT_LT(before, 120);
  // Nothing half-written: every ok run has its results, and no result lacks its run.
  EXPECT_EQ(count_rows(killed, "SELECT count(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM results s WHERE "
                               "s.point = r.point AND s.replication = r.replication)"),
            0);
  EXPECT_EQ(count_rows(killed, "SELECT count(*) FROM results s WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE "
                               "s.point = r.point AND s.replication = r.replication)"),
            0);

  const Outcome resumed = run_cli("sweep scenarios/tests/sweep_kill.yaml --store " + killed + " --threads 2");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find(std::to_string(before) + " already done"), std::string::npos) << resumed.out;
  const Outcome full = run_cli("sweep scenarios/tests/sweep_kill.yaml --store " + whole + " --threads 2");
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(count_rows(whole, "SELECT count(*) FROM runs WHERE status = 'ok'"), 120);
  EXPECT_EQ(dump_store(killed), dump_store(whole));
  std::filesystem::remove_all(dir);
}

TEST(SweepCli, ShardsCollectedEqualOneProcessAndThreadsDoNotMatter) {
  const auto dir = fresh_dir("sweep_shards");
  const auto p = [&](const char* f) { return (dir / f).string(); };
  ASSERT_EQ(run_cli("sweep scenarios/tests/sweep_small.yaml --store " + p("one.sqlite") + " -j 1").exit_code, 0);
  ASSERT_EQ(run_cli("sweep scenarios/tests/sweep_small.yaml --store " + p("two.sqlite") + " -j 2").exit_code, 0);
  for (int k = 0; k < 3; ++k) {
    const Outcome r = run_cli("sweep scenarios/tests/sweep_small.yaml --task " + std::to_string(k) +
                                    " --tasks 3 --store " + p(("shard-" + std::to_string(k) + ".sqlite").c_str()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(": 2 points, 6 runs done now"), std::string::npos) << r.out;
  }
  const Outcome c = run_cli("sweep collect " + p("shard-0.sqlite") + " " + p("shard-1.sqlite") + " " +
                                  p("shard-2.sqlite") + " --store " + p("merged.sqlite"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("3 shard(s) merged"), std::string::npos) << c.out;
  const std::string one = dump_store(p("one.sqlite"));
  EXPECT_EQ(one, dump_store(p("two.sqlite")));
  EXPECT_EQ(one, dump_store(p("merged.sqlite")));
  std::filesystem::remove_all(dir);
}

TEST(SweepCli, RefusesAStoreOfAnotherSweepAndBadShards) {
  const auto dir = fresh_dir("sweep_refuse");
  const std::string store = (dir / "s.sqlite").string();
  ASSERT_EQ(run_cli("sweep scenarios/tests/sweep_small.yaml --store " + store).exit_code, 0);
  const Outcome r = run_cli("sweep scenarios/tests/sweep_kill.yaml --store " + store);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("was made by another sweep (file scenarios/tests/sweep_small.yaml"), std::string::npos) << r.err;
  EXPECT_EQ(count_rows(store, "SELECT count(*) FROM runs"), 18);  // untouched
  const Outcome bad = run_cli("sweep scenarios/tests/sweep_small.yaml --task 3 --tasks 3 --store " + store);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("need 0 <= --task < --tasks"), std::string::npos) << bad.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tiersim::test
