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
//   changes: [{arm, vs, written, lines: [{kind: "-"|"+", line, context, text}]}]   (arm i vs
//            arm 0; lines from the resolved YAML of each, line by line, context the YAML path;
//            written: what the user wrote differently, [{path, reference, arm, where}] with
//            null for "not written, as in the common base", or null when the two scenarios do
//            not start from the same file, so that their writing does not explain them),
//   metrics: {<metric name>: {better: "higher"|"lower"|"neither",
//                             arms: [{mean, ci95: [lo, hi], n}, ...],
//                             difference: [{arm, mean, ci95, n}, ...]}}
//   Metric names are the flat names of docs/CLI.md, in the order of the first arm's list.
//   better is the metric's good direction (stats/metric_direction.hpp).
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

/// One path written differently in two scenarios that start from the same file.
struct WrittenChange {
  std::string path;                      ///< `facilities[east].servers`, or a top-level key (`name`)
  std::optional<std::string> reference;  ///< the reference's value; nullopt: not written (as in the base)
  std::optional<std::string> arm;        ///< the arm's value; nullopt: not written
  std::string where;                     ///< `file:line` of the arm's entry, else of the reference's
};

/// What `arm` writes differently from `reference` over their common root file (the last value
/// of each path counts), in the arm's order, then paths only the reference writes; nullopt
/// when the two do not start from the same file (Scenario::root_file).
[[nodiscard]] std::optional<std::vector<WrittenChange>> written_changes(const scenario::Scenario& reference,
                                                                        const scenario::Scenario& arm);

[[nodiscard]] nlohmann::ordered_json comparison_json(const std::vector<CompareArm>& arms,
                                                     const PrecisionRule& rule = {});
[[nodiscard]] std::string comparison_html(const std::vector<CompareArm>& arms, const PrecisionRule& rule = {});

/// Writes comparison.json and comparison.html into `folder` (which must exist): both to
/// temporary names first, then renamed together. Throws IoError.
void write_comparison(const std::filesystem::path& folder, const std::vector<CompareArm>& arms,
                      const PrecisionRule& rule = {});

}  // namespace tiersim::experiment
