// File: tiersim/report/goals.hpp
// The three goals (小病不出村, 中病不出镇, 大病不出县) and the two national targets (县域内就诊率
// 90%, 基层就诊率 65%): their metrics, bilingual labels, definitions and targets, and the rule
// that says whether a target is met. One table for report.html's goals section and the
// terminal summary of `tiersim run`, so the two never disagree.
//
// Targets: the national figures are county retention (县域内就诊率) 90%, which the 2015
// tiered-care guidance (国办发〔2015〕70号) gives as the measure of 大病不出县, and a primary
// share of visits (基层就诊率) of 65%. 大病不出县 is therefore also judged against 90%. The
// village and township goals have no national numeric target: they are shown with their CI
// and no target, rather than with an invented one.
#pragma once

#include <optional>
#include <span>

#include "tiersim/stats/results.hpp"

namespace tiersim::report {

struct Goal {
  const char* metric;      ///< e.g. "minor_stays_in_village"
  const char* zh;          ///< 小病不出村
  const char* en;          ///< Minor illness stays in the village
  const char* definition;  ///< one sentence, as MODEL.md defines the metric
  std::optional<double> target;
};

/// The five, in the order the report shows them.
[[nodiscard]] std::span<const Goal> goals();

enum class GoalStatus {
  kNoData,     ///< the metric has no value in this run
  kNoTarget,   ///< no national numeric target
  kMet,        ///< the whole 95% CI is at or above the target
  kBelow,      ///< the whole 95% CI is below the target
  kUndecided,  ///< the CI includes the target: the run cannot tell
};

/// Met only when the whole CI reaches the target: a planner should not read a difference the
/// run cannot resolve. `m` may be null (no data).
[[nodiscard]] GoalStatus goal_status(const stats::MetricSummary* m, std::optional<double> target);

/// "met 达标", "below target 未达标", "CI includes target 不确定", "no national numeric target",
/// "no data".
[[nodiscard]] const char* goal_status_label(GoalStatus s);

/// The Chinese name of a tier by index (village 0 .. regional 3): 村卫生室, ...
[[nodiscard]] const char* tier_zh(int tier);

}  // namespace tiersim::report
