// "No heap allocation per event": counts calls of the global operator new (replaced in this
// test binary only) while the kernel handles events.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tiersim/core/event_calendar.hpp"
#include "tiersim/core/phold.hpp"
#include "tiersim/core/single_station.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// The replacements pair malloc with free on purpose; g++ cannot see that the pair is ours
// and warns at -O1 (the sanitizer build).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace tiersim::core {
namespace {

TEST(NoAllocation, PholdHandlesEventsWithoutAllocating) {
  PholdConfig config;
  config.lps = 1024;
  Phold phold(config);
  phold.run(1000);  // let every container reach its working size
  const long before = g_allocations.load();
  phold.run(200000);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(phold.pending(), 1024u);
}

TEST(NoAllocation, CalendarAllocatesOnlyToGrow) {
  EventCalendar cal;
  cal.reserve(64);
  const long before = g_allocations.load();
  for (int i = 0; i < 64; ++i) cal.schedule(i, 0, 0);
  for (int i = 0; i < 100000; ++i) cal.schedule(cal.pop().time + 64, 0, 0);
  EXPECT_EQ(g_allocations.load() - before, 0);
}

TEST(NoAllocation, SingleStationAllocationsDoNotGrowWithTheRun) {
  SingleStationConfig config;
  config.arrival_rate = 0.9;
  auto allocations = [&](std::uint64_t customers) {
    config.max_arrivals = customers;
    const long before = g_allocations.load();
    (void)simulate_single_station(config);
    return g_allocations.load() - before;
  };
  const long small = allocations(1000), large = allocations(200000);
  // Only the queue's ring may grow (doubling: a handful of times), never per customer.
  EXPECT_LE(large - small, 16);
}

}  // namespace
}  // namespace tiersim::core
