// `tiersim bench`: engine throughput figures from the library itself (no Google Benchmark in
// the binary): PHOLD as ROSS defines it, and the single-station model as M/M/1 at utilisation
// 0.9. `--mm1 N` times only the M/M/1 run of N customers, the figure tools/bench sets beside
// SimPy's for the same model. Times are wall-clock around the simulation alone (model set-up
// included, process start-up excluded), the same way bench/peers/simpy_mm1.py times SimPy;
// process CPU time beside it, steadier on a shared machine.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "tiersim/core/phold.hpp"
#include "tiersim/core/single_station.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Wall and CPU time of a piece of work: on a shared machine the CPU time is the steadier
// figure, so events per second are given on both.
struct Stopwatch {
  Clock::time_point wall = Clock::now();
  std::clock_t cpu = std::clock();
  [[nodiscard]] double wall_seconds() const { return std::chrono::duration<double>(Clock::now() - wall).count(); }
  [[nodiscard]] double cpu_seconds() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

struct Figure {
  std::string name;
  std::uint64_t events;
  std::uint64_t items;  // customers for M/M/1
  double seconds;      // wall
  double cpu_seconds;  // process CPU
};

Figure run_phold(std::uint32_t lps, std::uint64_t events) {
  core::PholdConfig config;
  config.lps = lps;
  const Stopwatch watch;
  core::Phold phold(config);
  phold.run(events);
  return {fmt::format("phold/{}", lps), phold.processed(), phold.processed(), watch.wall_seconds(),
          watch.cpu_seconds()};
}

Figure run_mm1(std::uint64_t customers) {
  core::SingleStationConfig config;
  config.arrival_rate = 0.9;  // service Exp(1 minute): utilisation 0.9
  config.servers = 1;
  config.max_arrivals = customers;
  const Stopwatch watch;
  const core::SingleStationResult r = core::simulate_single_station(config);
  return {"mm1_rho0.9", r.events, r.arrivals, watch.wall_seconds(), watch.cpu_seconds()};
}

}  // namespace

int cmd_bench(const Args& args) {
  std::optional<std::uint64_t> mm1;
  std::uint64_t events = 20'000'000, customers = 1'000'000;
  std::uint32_t lps = 1024;
  Command cmd("bench", "[options]",
              "Engine throughput on this machine: PHOLD (ROSS's definition: mean 1, lookahead 0.1,\n"
              "remote 0.25) and the single-station model as M/M/1 at utilisation 0.9.");
  cmd.option("mm1", &mm1, "N", "time only an M/M/1 run of N customers (for tools/bench)", Range<std::uint64_t>{1});
  cmd.option("lps", &lps, "N", "PHOLD logical processes", Range<std::uint32_t>{1});
  cmd.option("events", &events, "N", "PHOLD events to handle", Range<std::uint64_t>{1});
  cmd.option("customers", &customers, "N", "M/M/1 customers", Range<std::uint64_t>{1});
  if (!cmd.parse(args)) return 0;

  std::vector<Figure> figures;
  if (mm1) {
    figures.push_back(run_mm1(*mm1));
  } else {
    figures.push_back(run_phold(lps, events));
    figures.push_back(run_mm1(customers));
  }
  std::printf("%-12s %10s %10s %9s %9s %14s %14s\n", "workload", "events", "customers", "wall_s", "cpu_s",
              "events/s_wall", "events/s_cpu");
  for (const Figure& f : figures) {
    const bool customers_apply = f.name.rfind("mm1", 0) == 0;
    std::printf("%-12s %10llu %10s %9.3f %9.3f %14.0f %14.0f\n", f.name.c_str(),
                static_cast<unsigned long long>(f.events), customers_apply ? std::to_string(f.items).c_str() : "-",
                f.seconds, f.cpu_seconds, static_cast<double>(f.events) / f.seconds,
                static_cast<double>(f.events) / std::max(f.cpu_seconds, 1e-9));
  }
  return 0;
}

}  // namespace tiersim::cli
