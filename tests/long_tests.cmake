# Included by CTest after the discovered tests (TEST_INCLUDE_FILES, tests/CMakeLists.txt): the
# longest tests, with about how long each takes under the sanitizers (seconds, build/asan on 2
# cores; the normal build takes a quarter to a third of that). Without timings of its own (a
# fresh clone: tools/check, CI), CTest starts tests in this COST order, highest first, so with
# -j2 the long ones overlap the many short ones instead of running alone at the end. A test
# renamed or removed is skipped here silently; rename it here too. The tests added by add_test
# in tests/CMakeLists.txt (MPI, browser) are defined after this file is read: their COST is there.
set_tests_properties(OptimizeCompass.FindsTheExactOptimumAtLeastAsOftenAsThePcs PROPERTIES COST 400)
set_tests_properties(OptimizeCompass.TheSameResultWhateverTheThreadsAndNoPlanOverTheBudgetIsEverRun PROPERTIES COST 160)
set_tests_properties(OptimizeKill.KillNineThenRerunGivesTheUninterruptedFilesAndLosesNoReplication PROPERTIES COST 150)
set_tests_properties(FaultRun.KillNineDuringATracedRunNeverLeavesAHalfWrittenTrace PROPERTIES COST 90)
set_tests_properties(OptimizeErlang.FindsTheErlangCOptimumAtLeastAsOftenAsThePcs PROPERTIES COST 60)
set_tests_properties(ReportBrowser.FixtureReportRendersCleanly ReportBrowser.RunReportRendersCleanly PROPERTIES COST 30)
set_tests_properties(CalibrateCli.WritesTheFilesWhateverTheThreads PROPERTIES COST 25)
set_tests_properties(FaultSweep.KillNineLeavesAConsistentStoreThatResumes FaultRun.KillNineNeverLeavesAHalfWrittenFile PROPERTIES COST 20)
set_tests_properties(OptimizeErlang.AnInfeasibleOnlyProblemSaysSo OptimizeErlang.TheSameResultWhateverTheThreadsOverBudgetPlansNeverRunAndAStoreResumes PROPERTIES COST 20)
