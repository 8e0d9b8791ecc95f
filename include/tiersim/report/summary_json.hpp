// File: tiersim/report/summary_json.hpp
// summary.json: the identity of a run and the mean and Student-t 95% CI of every metric,
// nested by the dotted names of docs/CLI.md. The file a script reads first.
//
// Layout (every key always present):
//   tiersim_version, scenario, source_file, seed, replications,
//   horizon_minutes, horizon, warmup_minutes, warmup   (minutes, and as text such as "30d"),
//   threads, wall_seconds, events, events_per_second,
//   runs: [{replication, seed, events, wall_seconds,
//           patients: {created, resolved, left_unseen, in_system}}],
//   metrics: nested object, each leaf {"mean": x, "ci95": [lo, hi], "n": k}.
// A metric name `a.b.c` is stored at metrics.a.b.c; for `utilisation.<id>` and
// `bed_occupancy.<id>` the whole rest is the facility id, and for three or more parts the
// middle parts are one key (`green_channel.<condition>.within_target`), so ids and condition
// names that contain dots stay whole. NaN (no data) is written as null.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tiersim/stats/results.hpp"

namespace tiersim::report {

/// The path of a metric name inside `metrics` (see the banner), e.g.
/// "wait_minutes.village.p90" -> {"wait_minutes", "village", "p90"}.
[[nodiscard]] std::vector<std::string> metric_path(std::string_view name);

/// summary.json as a JSON value, keys in the order above (metrics in the run's order). Throws InternalError if two metric names collide.
[[nodiscard]] nlohmann::ordered_json summary_json(const stats::RunResult& run);

/// summary.json as text (2-space indented, UTF-8, ending in a newline).
[[nodiscard]] std::string summary_json_text(const stats::RunResult& run);

}  // namespace tiersim::report
