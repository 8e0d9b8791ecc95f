// File: tiersim/report/report_html.hpp
// report.html: one self-contained page (inline CSS and SVG, no script, no font or file from
// the network) that a planner opens in a browser or prints: the three goals and the two
// national targets against their targets with CIs, the network drawn as tiers with referral
// flows, waits by tier and severity, green-channel times against their targets, utilisation
// and bed occupancy per facility, the analytic estimate beside the simulated one, and a
// "model and method" section following the STRESS-DES reporting checklist.
//
// Every text that comes from the scenario (names, ids, descriptions, file paths) is
// HTML-escaped: names are user input.
#pragma once

#include <string>
#include <string_view>

#include "tiersim/analytic/analytic.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::report {

/// Escapes & < > " ' for HTML text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

/// The whole page, UTF-8. `analysis` may be null (no analytic table). `s` is the scenario
/// that was run (with the run's seed and replications, as RunResult records them).
[[nodiscard]] std::string report_html(const stats::RunResult& run, const scenario::Scenario& s,
                                      const analytic::Analysis* analysis = nullptr);

/// The page's style sheet, for other pages that show its parts (tiersim serve).
[[nodiscard]] std::string_view report_css();

/// The "Network and referral flows" section alone (a <section> element): the facilities by
/// tier and, when `run` has replications, the referral flows and utilisation of that run.
[[nodiscard]] std::string network_section_html(const stats::RunResult& run, const scenario::Scenario& s);

}  // namespace tiersim::report
