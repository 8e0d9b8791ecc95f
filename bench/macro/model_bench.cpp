// Whole-model benchmarks: the patient-flow engine on real scenarios, one replication each,
// items = events executed (so items_per_second is events per second), with patients per
// second as a counter. Loading and the network are built once, outside the timed loop.
#include <benchmark/benchmark.h>

#include <string>

#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"

namespace {

using tiersim::scenario::Override;

void run_model(benchmark::State& state, const tiersim::scenario::Scenario& s) {
  const auto net = tiersim::network::Network::build(s);
  std::uint64_t events = 0, patients = 0;
  for (auto _ : state) {
    const auto r = tiersim::flow::simulate_replication(s, net, 0);
    events += r.events;
    patients += r.patients.created;
    benchmark::DoNotOptimize(r.metrics.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["patients_per_second"] = benchmark::Counter(static_cast<double>(patients), benchmark::Counter::kIsRate);
}

// The embedded default (Hengkou, 170,000 people), one simulated month.
void BM_ModelDefaultMonth(benchmark::State& state) {
  run_model(state, tiersim::scenario::load_default_scenario({Override{"horizon", "30d"}, Override{"warmup", "0d"}}));
}
BENCHMARK(BM_ModelDefaultMonth)->Unit(benchmark::kMillisecond);

// Dianbai (20 townships and a provincial hospital), one simulated week.
void BM_ModelDianbaiWeek(benchmark::State& state) {
  const std::string file = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/dianbai.yaml";
  run_model(state, tiersim::scenario::load_scenario_file(file, {Override{"horizon", "7d"}, Override{"warmup", "0d"}}));
}
BENCHMARK(BM_ModelDianbaiWeek)->Unit(benchmark::kMillisecond);

}  // namespace
