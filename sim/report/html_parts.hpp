// Internal to sim/report: what the sections of report.html share: the run's metrics by name,
// number formatting, and the two SVG chart kinds (horizontal bars with CIs, histograms).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tiersim/analytic/analytic.hpp"
#include "tiersim/report/report_html.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::report::html {

/// The inputs of the page and look-ups over them.
class Context {
 public:
  Context(const stats::RunResult& run, const scenario::Scenario& s, const analytic::Analysis* analysis);

  /// The summary of a metric, or nullptr when absent or without a finite value.
  [[nodiscard]] const stats::MetricSummary* metric(std::string_view name) const;
  /// Mean over replications of a per-facility field (NaN values skipped; NaN if none).
  [[nodiscard]] double facility_mean(std::size_t facility, double stats::FacilityResult::*field) const;
  [[nodiscard]] double facility_mean_count(std::size_t facility, std::uint64_t stats::FacilityResult::*field) const;
  /// Village clinics in the scenario (counted once: sections ask for every facility).
  [[nodiscard]] std::size_t villages() const noexcept { return villages_; }

  const stats::RunResult& run;
  const scenario::Scenario& s;
  const analytic::Analysis* analysis;

 private:
  std::unordered_map<std::string, const stats::MetricSummary*> by_name_;
  std::unordered_map<std::string, std::size_t> facility_row_;  ///< id -> index in each rep's facilities
  std::size_t villages_ = 0;
};

// Formatting: "87.3%", "12.4", "1,234"; NaN as an en dash.
[[nodiscard]] std::string pct(double share, int decimals = 1);
[[nodiscard]] std::string num(double value, int decimals = 1);
[[nodiscard]] std::string count(double value);
/// Cuts a UTF-8 label after `max_chars` code points, adding an ellipsis.
[[nodiscard]] std::string fit_label(const std::string& text, std::size_t max_chars);
/// "87.3% (95% CI 86.1–88.5%)" or "12.4 min (95% CI 11.0–13.8)".
[[nodiscard]] std::string with_ci(const stats::MetricSummary& m, bool percent, std::string_view unit = {});

/// One row of a horizontal bar chart: a mean with an interval (a CI, or a range when said).
struct BarRow {
  std::string label;              ///< plain text (escaped when drawn)
  double mean = 0;
  double lo = 0;
  double hi = 0;
  std::optional<double> target;   ///< a per-row target mark
  bool alert = false;             ///< drawn in the alert colour
  std::string value_text;         ///< printed right of the bar; default: the mean
  std::string tooltip;            ///< <title>; default: label and value
};

struct BarChartOptions {
  bool percent = false;           ///< values are shares 0..1, axis 0..100%
  double max = 0;                 ///< axis maximum; 0: from the data
  std::optional<double> threshold;  ///< a vertical line across all rows (e.g. 85%)
  std::string threshold_label;
  std::string aria_label;         ///< what the chart shows
  std::string css_class = "chart";
};

/// A horizontal bar chart with CI whiskers and an axis, as inline SVG.
[[nodiscard]] std::string bar_chart_svg(const std::vector<BarRow>& rows, const BarChartOptions& options);

/// A histogram of durations (counts per bin of `bin_width` minutes; the last bin is open),
/// as shares of patients, with optional target lines. Bins beyond the 99.5th percentile are
/// folded into the last drawn bin.
struct TargetLine {
  double minutes = 0;
  std::string label;
};
[[nodiscard]] std::string histogram_svg(const std::vector<std::uint64_t>& counts, double bin_width,
                                        const std::vector<TargetLine>& targets, const std::string& aria_label);

/// Villages are drawn and listed per township when a scenario has more than this many.
inline constexpr std::size_t kMaxVillagesShown = 24;
/// True when villages are shown per township (more than kMaxVillagesShown of them).
[[nodiscard]] bool aggregate_villages(const Context& c);
/// For each village: the facility it belongs to, its `parent` when set, else the facility it
/// refers most patients up to; kNoIndex for non-villages and unattached villages.
[[nodiscard]] std::vector<FacilityIndex> village_owner(const Context& c);

// Sections of the page, each a <section> element.
[[nodiscard]] std::string goals_section(const Context& c);
[[nodiscard]] std::string network_section(const Context& c);
[[nodiscard]] std::string waits_section(const Context& c);
[[nodiscard]] std::string green_channel_section(const Context& c);
[[nodiscard]] std::string capacity_section(const Context& c);
[[nodiscard]] std::string method_section(const Context& c);
/// Empty when the scenario has no `policy.remote_consult`.
[[nodiscard]] std::string remote_consult_section(const Context& c);
/// Empty when the scenario has no `observed:` figures.
[[nodiscard]] std::string observed_section(const Context& c);
/// Empty when the scenario has no outreach events.
[[nodiscard]] std::string outreach_section(const Context& c);

}  // namespace tiersim::report::html
