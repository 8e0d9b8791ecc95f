// Remote consultation (远程会诊) in report.html: consults asked, referrals avoided and the
// wait for an answer, by asking tier and by answering facility. Only when the scenario
// configures policy.remote_consult.
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "tiersim/report/format.hpp"

namespace tiersim::report::html {

std::string remote_consult_section(const Context& c) {
  const auto& rc = c.s.policy.remote_consult;
  if (!rc || c.run.reps.empty()) return {};
  std::string out =
      "<section id=\"consult\">\n<h2>Remote consultation <span class=\"zh\">远程会诊</span></h2>\n"
      "<p class=\"lead\">A doctor who decides to refer a case first asks a specialist at the " +
      std::string(scenario::tier_name(rc->to)) +
      " tier on the referral route; the patient waits for the answer, and a share of the consulted cases is then "
      "treated where it is. Counts are per replication after warm-up.</p>\n";
  out += "<table class=\"num\"><thead><tr><th>measure</th><th>simulated</th></tr></thead><tbody>\n";
  const std::pair<const char*, const char*> rows[] = {
      {"remote_consult.consults", "consults asked"},
      {"remote_consult.referrals_avoided", "referrals avoided (treated locally after the answer)"},
      {"remote_consult.answer_wait_minutes.mean", "wait for a specialist to take the consult, minutes"}};
  for (const auto& [key, label] : rows) {
    const auto* m = c.metric(key);
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", label, m ? with_ci(*m, false) : "–");
  }
  out += "</tbody></table>\n";

  // Per facility, means over replications: asking tiers summed, answering facilities listed.
  const std::size_t n = c.run.reps.front().facilities.size();
  const double reps = static_cast<double>(c.run.reps.size());
  std::array<double, scenario::kTierCount> asked{}, avoided{};
  std::vector<double> answered(n, 0.0);
  for (const auto& r : c.run.reps) {
    for (std::size_t f = 0; f < r.facilities.size() && f < n; ++f) {
      const auto& fr = r.facilities[f];
      if (!fr.remote_consult) continue;
      const auto t = static_cast<std::size_t>(c.s.facilities[f].tier);
      asked[t] += static_cast<double>(fr.remote_consult->asked) / reps;
      avoided[t] += static_cast<double>(fr.remote_consult->avoided) / reps;
      answered[f] += static_cast<double>(fr.remote_consult->answered) / reps;
    }
  }
  out += "<table class=\"num\"><thead><tr><th>asking tier</th><th>consults</th><th>referrals avoided</th>"
         "<th>share kept</th></tr></thead><tbody>\n";
  for (int t = 0; t < scenario::kTierCount; ++t) {
    if (!rc->from[static_cast<std::size_t>(t)]) continue;
    const auto i = static_cast<std::size_t>(t);
    out += fmt::format("<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       scenario::tier_name(static_cast<scenario::Tier>(t)), num(asked[i]), num(avoided[i]),
                       asked[i] > 0 ? pct(avoided[i] / asked[i]) : "–");
  }
  out += "</tbody></table>\n<table class=\"num\"><thead><tr><th>answering facility</th><th>consults answered</th>"
         "<th>utilisation (patients and consults)</th></tr></thead><tbody>\n";
  for (std::size_t f = 0; f < n; ++f) {
    if (!(answered[f] > 0)) continue;
    const auto& fac = c.s.facilities[f];
    out += fmt::format("<tr><th>{}</th><td>{}</td><td>{}</td></tr>\n", html_escape(fac.name.empty() ? fac.id : fac.name),
                       num(answered[f]), pct(c.facility_mean(f, &stats::FacilityResult::utilisation)));
  }
  out += "</tbody></table>\n</section>\n";
  return out;
}

}  // namespace tiersim::report::html
