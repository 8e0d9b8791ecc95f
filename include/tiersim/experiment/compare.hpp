// File: tiersim/experiment/compare.hpp
// `tiersim compare`: several scenarios (arms) run on common random numbers and their paired
// differences. Every arm runs with the same master seed and the same replication numbers, so
// patient r of arm B draws what patient r of arm A draws wherever the arms share structure
// (per-patient streams keyed by home facility, condition and arrival number; sim/flow/README.md).
//
// comparison.json (every key always present; NaN is null):
//   tiersim_version, seed, replications,
//   precision: null, or {relative, metrics, batch, max_replications, met},
//   arms: [{name, file, scenario, replications}],
//   changes: [{arm, vs, lines: [{kind: "-"|"+", line, context, text}]}]   (arm i vs arm 0,
//            from the resolved YAML of each, line by line; context is the YAML path),
//   metrics: {<metric name>: {arms: [{mean, ci95: [lo, hi], n}, ...],
//                             difference: [{arm, mean, ci95, n}, ...]}}
//   Metric names are the flat names of docs/CLI.md, in the order of the first arm's list.
//   difference[i-1] is arm i minus arm 0, from per-replication differences (Student-t 95%).
// comparison.html: the same, side by side, one self-contained page.
// Neither file holds timings or the thread count, so both are identical whatever --threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tiersim/experiment/precision.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::experiment {

struct CompareArm {
  std::string name;                 ///< the scenario's name, made unique ("x (2)") when repeated
  std::string file;
  scenario::Scenario scenario;      ///< as run (seed and replications set)
  std::string resolved_yaml;
  stats::RunResult run;
};

struct CompareOptions {
  std::optional<int> replications;  ///< default: the first arm's
  std::optional<std::uint64_t> seed;///< default: the first arm's
  int threads = 1;
  PrecisionRule precision;          ///< disabled by default
  /// Called after each finished replication (serialised): done, total so far.
  std::function<void(int done, int total)> on_progress;
};

/// Runs every arm (at least 2) for the same replications with the same seed; with a
/// precision rule, adds batches of replications to every arm until each arm's chosen metrics
/// meet it (or the cap). Throws Error on bad options, InternalError from the engine.
[[nodiscard]] std::vector<CompareArm> run_comparison(std::vector<std::pair<std::string, scenario::Scenario>> scenarios,
                                                     const CompareOptions& options);

/// One changed line between two texts.
struct LineChange {
  char kind = '-';                  ///< '-' only in the first text, '+' only in the second
  int line = 0;                     ///< 1-based, in the text it comes from
  std::string context;              ///< YAML path of the line, e.g. "facilities[east].servers"
  std::string text;                 ///< the line, trimmed
};

/// The lines that differ between two YAML texts (a longest-common-subsequence diff; for very
/// long differing middles, lines present in one text and not the other).
[[nodiscard]] std::vector<LineChange> diff_lines(std::string_view a, std::string_view b);

[[nodiscard]] nlohmann::ordered_json comparison_json(const std::vector<CompareArm>& arms,
                                                     const PrecisionRule& rule = {});
[[nodiscard]] std::string comparison_html(const std::vector<CompareArm>& arms, const PrecisionRule& rule = {});

/// Writes comparison.json and comparison.html into `folder` (which must exist): both to
/// temporary names first, then renamed together. Throws IoError.
void write_comparison(const std::filesystem::path& folder, const std::vector<CompareArm>& arms,
                      const PrecisionRule& rule = {});

}  // namespace tiersim::experiment
