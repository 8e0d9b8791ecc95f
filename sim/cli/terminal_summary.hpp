// File: cli/terminal_summary.hpp
// The answers a planner reads on the terminal after a command: for `run`, the three goals and
// two national targets with 95% CIs and whether each target is met (the rule of
// tiersim/report/goals.hpp), waits by tier, the busiest facilities, the analytic warnings and
// where the report is; for `compare`, the paired differences whose 95% CI excludes 0, in
// words, with whether each is better or worse for its metric (stats/metric_direction.hpp):
// "小病不出村 minor_stays_in_village  +3.1 points [2.4, 3.8]  better 改善". Labels are bilingual as in report.html. Plain
// text (UTF-8, no colour), columns aligned by display width (a CJK character is two columns).
// The pieces are public so that other commands (calibrate, optimize) can print the same way.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tiersim/analytic/analytic.hpp"
#include "tiersim/experiment/compare.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::cli {

/// The whole summary of a run whose files are in `folder` (ends with a newline).
[[nodiscard]] std::string run_summary_text(const stats::RunResult& run, const scenario::Scenario& s,
                                           const analytic::Analysis* analysis, const std::filesystem::path& folder);

/// The significant paired differences of every arm against the first, and the folder.
[[nodiscard]] std::string comparison_summary_text(const std::vector<experiment::CompareArm>& arms,
                                                  const std::filesystem::path& folder);

/// The goals block alone: one line per goal, `  小病不出村  minor_stays_in_village  87.3% [86.1, 88.5]  ...`.
[[nodiscard]] std::string goals_text(const stats::RunResult& run);

/// A metric's value as the summary prints it, by its kind (stats/metric_range.hpp): shares
/// as `87.3% [86.1, 88.5]`, durations as `12.4 min [11.0, 13.8]`, counts as `1,234 [1,200, 1,268]`.
[[nodiscard]] std::string value_text(const stats::MetricSummary& m);

/// A paired difference in words: `+3.1 points [2.4, 3.8]` (shares, in percentage points),
/// `-4.2 min [-5.0, -3.4]`, `+12 [8, 16]`.
[[nodiscard]] std::string difference_text(const stats::MetricSummary& d);

/// A metric's Chinese label (report/metric_labels.hpp) and its name
/// (`小病不出村 minor_stays_in_village`, `乡镇卫生院候诊时间 均值 wait_minutes.township.mean`),
/// or the name alone where the table has no label.
[[nodiscard]] std::string metric_label(std::string_view name);

/// Columns on a terminal: `text` padded with spaces to `width` display columns.
[[nodiscard]] std::string pad(std::string_view text, std::size_t width);
[[nodiscard]] std::size_t display_width(std::string_view text);

}  // namespace tiersim::cli
