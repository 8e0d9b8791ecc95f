// The pending-event-set designs of pending_sets.hpp side by side, under the hold model and
// under PHOLD: BM_PendingHold<design>/<pending> and BM_PendingPhold<design>/<LPs>, items per
// second = events per second. The winner is what core::EventCalendar ships (bench/README.md).
#include <benchmark/benchmark.h>

#include "micro/hold.hpp"
#include "micro/pending_sets.hpp"
#include "tiersim/core/phold.hpp"

namespace tiersim::bench {
namespace {

constexpr std::uint64_t kBatch = 1000;

template <class Set>
void BM_PendingHold(benchmark::State& state) {
  Hold<Set> hold(static_cast<std::size_t>(state.range(0)), 42);
  for (auto _ : state) benchmark::DoNotOptimize(hold.run(kBatch));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.SetLabel(Set::kName);
}

template <class Set>
void BM_PendingPhold(benchmark::State& state) {
  core::PholdConfig config;
  config.lps = static_cast<std::uint32_t>(state.range(0));
  core::BasicPhold<Set> phold(config);
  for (auto _ : state) phold.run(kBatch);
  benchmark::DoNotOptimize(phold.now());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.SetLabel(Set::kName);
}

#define TIERSIM_PENDING_SET(Set)                                                                     \
  BENCHMARK_TEMPLATE(BM_PendingHold, Set)->Arg(10)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000);            \
  BENCHMARK_TEMPLATE(BM_PendingPhold, Set)->Arg(8)->Arg(1024)->Arg(65536)

TIERSIM_PENDING_SET(BinaryHeapSet);
TIERSIM_PENDING_SET(QuadHoleHeapSet);
TIERSIM_PENDING_SET(CalendarQueueSet);
TIERSIM_PENDING_SET(ShippedCalendarSet);

}  // namespace
}  // namespace tiersim::bench
