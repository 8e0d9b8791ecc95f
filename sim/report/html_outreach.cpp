// "Outreach events": when the scenario has `policy.outreach` (free clinics, a health-check
// vehicle), the run's outreach metrics with their CIs, and each facility's part (hosting,
// attendees seen and referred, server-hours lost as a team's home), means over replications.
#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "tiersim/report/format.hpp"

namespace tiersim::report::html {

std::string outreach_section(const Context& c) {
  if (c.s.policy.outreach.empty()) return "";
  std::string out =
      "<section id=\"outreach\">\n<h2>Outreach events <span class=\"zh\">义诊与体检车</span></h2>\n"
      "<p class=\"note\">Teams leave their home facility for each host in turn; people who would not otherwise have "
      "come arrive evenly over each event and are seen by the team first (rules: sim/flow/README.md, "
      "\"Outreach events\"). Counted after warm-up by event time; home server-hours from the scheduled "
      "departure to the return.</p>\n<table><thead><tr><th>schedule</th><th>hosts in turn</th><th>team</th>"
      "<th>every / on site</th><th>people per event</th></tr></thead><tbody>\n";
  for (const auto& o : c.s.policy.outreach) {
    std::string hosts;
    for (const FacilityIndex h : o.to) hosts += (hosts.empty() ? "" : ", ") + html_escape(c.s.facilities[h].id);
    out += fmt::format("<tr><td>{} ({})</td><td>{}</td><td>{} staff, level {}</td><td>{} / {}</td><td>{}</td></tr>\n",
                       html_escape(c.s.facilities[o.from].id), html_escape(c.s.specialties[o.specialty]), hosts, o.staff,
                       o.level, duration_text(o.every), duration_text(o.duration), o.per_event);
  }
  out += "</tbody></table>\n<table><thead><tr><th>metric</th><th>mean (95% CI)</th></tr></thead><tbody>\n";
  for (const char* name : {"outreach.events", "outreach.people_served", "outreach.referred", "outreach.home_server_hours_lost"}) {
    const stats::MetricSummary* m = c.metric(name);
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>\n", name, m ? with_ci(*m, false) : "\u2013");
  }
  out += "</tbody></table>\n<table><thead><tr><th>facility</th><th>events hosted</th><th>attendees seen</th>"
         "<th>referred up</th><th>home server-hours lost</th></tr></thead><tbody>\n";
  const std::size_t n = c.s.facilities.size();
  std::vector<stats::FacilityOutreach> sum(n);
  for (const auto& r : c.run.reps) {
    for (std::size_t f = 0; f < r.facilities.size() && f < n; ++f) {
      if (!r.facilities[f].outreach) continue;
      const auto& o = *r.facilities[f].outreach;
      sum[f].events += o.events;
      sum[f].served += o.served;
      sum[f].referred += o.referred;
      sum[f].home_hours_lost += o.home_hours_lost;
    }
  }
  const double reps = c.run.reps.empty() ? 1.0 : static_cast<double>(c.run.reps.size());
  for (std::size_t f = 0; f < n; ++f) {
    const auto& t = sum[f];
    if (t.events == 0 && t.served == 0 && t.referred == 0 && t.home_hours_lost == 0) continue;
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       html_escape(c.s.facilities[f].id), num(static_cast<double>(t.events) / reps),
                       num(static_cast<double>(t.served) / reps), num(static_cast<double>(t.referred) / reps),
                       num(t.home_hours_lost / reps));
  }
  out += "</tbody></table>\n</section>\n";
  return out;
}

}  // namespace tiersim::report::html
