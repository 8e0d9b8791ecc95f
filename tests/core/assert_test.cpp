// TIERSIM_ASSERT: an engine invariant checked in every build type. A violation must stop the
// run with InternalError whose message names the invariant (the condition as written and the
// reason), never let it go on to write a wrong file.
#include <gtest/gtest.h>

#include <string>

#include "tiersim/error.hpp"

namespace {

int checked_queue_length(int arrivals, int departures) {
  const int length = arrivals - departures;
  TIERSIM_ASSERT(length >= 0, "queue length non-negative");
  return length;
}

TEST(Assert, PassingConditionDoesNothing) {
  EXPECT_EQ(checked_queue_length(5, 3), 2);
  EXPECT_NO_THROW(TIERSIM_ASSERT(1 + 1 == 2, "arithmetic"));
}

TEST(Assert, ViolationThrowsInternalErrorNamingTheInvariant) {
  try {
    (void)checked_queue_length(3, 5);
    FAIL() << "TIERSIM_ASSERT let a negative queue length through";
  } catch (const tiersim::InternalError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("internal error: invariant"), std::string::npos) << what;
    EXPECT_NE(what.find("length >= 0"), std::string::npos) << what;
    EXPECT_NE(what.find("queue length non-negative"), std::string::npos) << what;
    EXPECT_NE(what.find("assert_test.cpp"), std::string::npos) << what;
    EXPECT_NE(what.find("violated"), std::string::npos) << what;
  }
}

TEST(Assert, InternalErrorIsNotAnInputError) {
  // The CLI maps tiersim::Error to "bad input" (exit 2) and InternalError to exit 1: a broken
  // invariant must never be mistaken for a problem in the planner's file.
  bool caught_as_error = false;
  bool caught_as_internal = false;
  try {
    TIERSIM_ASSERT(false, "time never goes backwards");
  } catch (const tiersim::Error&) {
    caught_as_error = true;
  } catch (const tiersim::InternalError&) {
    caught_as_internal = true;
  }
  EXPECT_FALSE(caught_as_error);
  EXPECT_TRUE(caught_as_internal);
}

TEST(Assert, ConditionEvaluatedOnce) {
  int calls = 0;
  auto count = [&calls] { return ++calls > 0; };
  TIERSIM_ASSERT(count(), "side effects happen once");
  EXPECT_EQ(calls, 1);
}

}  // namespace
