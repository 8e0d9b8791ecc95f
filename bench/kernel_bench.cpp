// The engine kernel's benchmarks, each reporting events per second as items_per_second:
//   BM_Hold/<pending>  the hold model on core::EventCalendar (10 to 1,000,000 pending events);
//   BM_Phold/<LPs>     ROSS's PHOLD (mean 1, lookahead 0.1, remote 0.25) on 8 to 65,536 LPs;
//   BM_MM1             the single-station model, M/M/1 at utilisation 0.9; items = arrivals,
//                      with events per second as a counter.
#include <benchmark/benchmark.h>

#include "micro/hold.hpp"
#include "tiersim/core/event_calendar.hpp"
#include "tiersim/core/phold.hpp"
#include "tiersim/core/single_station.hpp"

namespace tiersim::bench {
namespace {

constexpr std::uint64_t kBatch = 1000;

void BM_Hold(benchmark::State& state) {
  Hold<core::EventCalendar> hold(static_cast<std::size_t>(state.range(0)), 42);
  for (auto _ : state) benchmark::DoNotOptimize(hold.run(kBatch));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK(BM_Hold)->Arg(10)->Arg(1000)->Arg(100000)->Arg(1000000);

void BM_Phold(benchmark::State& state) {
  core::PholdConfig config;
  config.lps = static_cast<std::uint32_t>(state.range(0));
  core::Phold phold(config);
  for (auto _ : state) phold.run(kBatch);
  benchmark::DoNotOptimize(phold.now());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK(BM_Phold)->Arg(8)->Arg(1024)->Arg(65536);

void BM_MM1(benchmark::State& state) {
  core::SingleStationConfig config;
  config.arrival_rate = 0.9;  // service Exp(1): utilisation 0.9
  config.max_arrivals = 100000;
  std::uint64_t arrivals = 0, events = 0;
  for (auto _ : state) {
    const auto r = core::simulate_single_station(config);
    arrivals += r.arrivals;
    events += r.events;
    ++config.replication;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(arrivals));
  state.counters["events_per_second"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MM1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tiersim::bench
