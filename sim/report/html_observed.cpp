// "Observed vs simulated": when a scenario carries `observed:` figures (a calibrated.yaml
// written by `tiersim calibrate` does), each beside the run's mean and 95% CI, with the
// z-score (simulated - observed) / sd when the figure has an sd. A name the run did not
// produce is listed as such rather than dropped, so a misspelt metric is seen.
#include <cmath>

#include <fmt/format.h>

#include "report/html_parts.hpp"

namespace tiersim::report::html {

std::string observed_section(const Context& c) {
  if (c.s.observed.empty()) return "";
  std::string out =
      "<section id=\"observed\">\n<h2>Observed vs simulated <span class=\"zh\">观测值与模拟值</span></h2>\n"
      "<p class=\"note\">Figures the scenario says were observed (its <code>observed:</code> key), against this run's "
      "means. z = (simulated mean &minus; observed) / sd; |z| above 1.96 is highlighted: the run does not reproduce "
      "that figure within its stated uncertainty.</p>\n"
      "<table><thead><tr><th>metric</th><th>observed</th><th>simulated (95% CI)</th><th>z</th><th>source</th></tr></thead><tbody>\n";
  for (const auto& o : c.s.observed) {
    const stats::MetricSummary* m = c.metric(o.metric);
    const std::string observed = o.sd > 0 ? fmt::format("{} &plusmn; {}", num(o.value, 2), num(o.sd, 2)) : num(o.value, 2);
    if (m == nullptr) {
      out += fmt::format("<tr class=\"alert\"><td><code>{}</code></td><td>{}</td><td colspan=\"2\">not produced by this run "
                         "(no such metric, or no value in any replication)</td><td>{}</td></tr>\n",
                         html_escape(o.metric), observed, html_escape(o.source));
      continue;
    }
    const double z = o.sd > 0 ? (m->mean - o.value) / o.sd : std::nan("");
    out += fmt::format("<tr{}><td><code>{}</code></td><td>{}</td><td>{} <span class=\"note\">[{}, {}] n={}</span></td><td>{}</td><td>{}</td></tr>\n",
                       std::isfinite(z) && std::fabs(z) > 1.96 ? " class=\"alert\"" : "", html_escape(o.metric),
                       observed, num(m->mean, 2), num(m->lo, 2), num(m->hi, 2), m->n,
                       std::isfinite(z) ? fmt::format("{:+.2f}", z) : "\u2013", html_escape(o.source));
  }
  out += "</tbody></table>\n</section>\n";
  return out;
}

}  // namespace tiersim::report::html
