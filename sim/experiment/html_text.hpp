// Internal to sim/experiment (and the optimize and calibrate pages): text helpers for the
// self-contained HTML pages (escaping, numbers as a planner reads them), and the metric cells
// every page that sets arms side by side shares: a metric's name with its Chinese label, a
// mean with its CI (shares in %), a paired difference coloured better or worse for the metric
// (stats/metric_direction.hpp), shares in percentage points.
#pragma once

#include <string>
#include <string_view>

#include "tiersim/stats/results.hpp"

namespace tiersim::experiment::detail {

/// Escapes &, <, >, " and ' for HTML text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

/// A number with about 4 significant digits ("0.1234", "12.35", "1235"); NaN as an en dash.
[[nodiscard]] std::string short_number(double value);

/// Shared page head: UTF-8, a title and a small stylesheet; no network resources.
[[nodiscard]] std::string page_head(std::string_view title, std::string_view extra_css = {});

/// `<td class="name">wait_minutes.township.p90<br><span class="zh">乡镇卫生院候诊时间 P90</span></td>`
/// (without the label for a name report/metric_labels.hpp does not know).
[[nodiscard]] std::string metric_name_cell(std::string_view name);

/// A mean and its 95% CI with n: shares (stats/metric_range.hpp) as `87.3%`, others as
/// short_number(); null or n = 0 as an en dash.
[[nodiscard]] std::string value_cell(const stats::MetricSummary* s);

/// A paired difference (`d.name` the metric's name) and its 95% CI: shares in percentage
/// points (`+2.3 pp`). Its class says how it reads once its interval excludes 0: "better",
/// "worse", or "changed" (a metric with no good direction); none while it includes 0.
/// `with_n` adds ` n=…` to the interval.
[[nodiscard]] std::string difference_cell(const stats::MetricSummary& d, bool with_n = true);

/// The stylesheet of those classes, and a sentence saying what the colours mean.
[[nodiscard]] std::string_view difference_css();
[[nodiscard]] std::string_view difference_legend();

}  // namespace tiersim::experiment::detail
