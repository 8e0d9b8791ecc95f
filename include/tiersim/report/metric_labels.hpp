// File: tiersim/report/metric_labels.hpp
// The Chinese label of every metric, by its flat name: one table for every page that names
// metrics (comparison.html, optimization.html, the terminal summary of `compare`), so that a
// metric is called the same everywhere. The goals take theirs from goals.hpp (小病不出村, ...).
// Families covered: the goals, the counts (referrals_up, bypass, left_unseen, ...),
// wait_minutes.<tier|severity>.<stat>, time_in_system_minutes.<severity>.mean,
// utilisation.<facility>, bed_occupancy.<facility>, referrals_from.<tier>,
// green_channel.<condition>.<measure>, expert_visits.*, patients.*, remote_consult.* and
// outreach.*. A facility's or condition's id is not translated: the metric's name, shown
// beside the label, carries it.
#pragma once

#include <string>
#include <string_view>

namespace tiersim::report {

/// The Chinese label of a metric (`wait_minutes.township.p90` -> `乡镇卫生院候诊时间 P90`);
/// empty for a name none of the families above fits.
[[nodiscard]] std::string metric_zh(std::string_view name);

/// The Chinese name of a severity (`minor` -> 轻症, ... `critical` -> 危重症); empty otherwise.
[[nodiscard]] std::string_view severity_zh(std::string_view severity);

}  // namespace tiersim::report
