// "Model and method": what the STRESS-DES reporting checklist (Monks et al., 2019) asks a
// simulation report to state: objectives and outputs, the model's logic and inputs, the
// experimentation (replications, warm-up, run length), the random numbers, and how the
// intervals are computed, so that a reader can judge and reproduce the run.
#include <cmath>

#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "tiersim/report/format.hpp"

namespace tiersim::report::html {

namespace {

std::string row(std::string_view key, std::string_view value) {
  return fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", key, value);
}

std::string per_severity(const std::array<double, scenario::kSeverityCount>& v) {
  std::string out;
  for (int s = 0; s < scenario::kSeverityCount; ++s) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", scenario::severity_name(static_cast<scenario::Severity>(s)), pct(v[static_cast<std::size_t>(s)]));
  }
  return out;
}

std::string per_tier(const std::array<double, scenario::kTierCount>& v) {
  std::string out;
  for (int t = 0; t < scenario::kTierCount; ++t) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", scenario::tier_name(static_cast<scenario::Tier>(t)), pct(v[static_cast<std::size_t>(t)]));
  }
  return out;
}

}  // namespace

std::string method_section(const Context& c) {
  const auto& s = c.s;
  const auto& run = c.run;
  std::string out =
      "<section id=\"method\">\n<h2>Model and method <span class=\"zh\">模型与方法</span></h2>\n"
      "<p class=\"lead\">Reported after the STRESS-DES checklist for discrete-event simulation studies.</p>\n";

  // Run identity and experimentation.
  out += "<h3>Experimentation</h3>\n<table class=\"kv\"><tbody>\n";
  out += row("scenario", html_escape(run.scenario));
  if (!s.description.empty()) out += row("description", html_escape(s.description));
  out += row("scenario file", "<code>" + html_escape(run.source_file) + "</code>");
  out += row("replications", fmt::format("{}", run.replications));
  out += row("horizon (after warm-up)", fmt::format("{} ({:g} minutes)", duration_text(run.horizon), run.horizon));
  out += row("warm-up (discarded)",
             fmt::format("{} ({:g} minutes): episodes created during the warm-up are left out of every goal, share, "
                         "time and count; utilisation and occupancy are time averages after it; patients.* counts "
                         "cover the whole run",
                         duration_text(run.warmup), run.warmup));
  out += row("master seed", fmt::format("{}", run.seed));
  out += row("threads", fmt::format("{} (results do not depend on it)", run.threads));
  out += row("tiersim version", html_escape(run.version));
  out += row("wall time", fmt::format("{:.2f} s; {} events ({} per second)", run.wall_seconds, count(static_cast<double>(run.events)),
                                      run.wall_seconds > 0 ? count(static_cast<double>(run.events) / run.wall_seconds) : "–"));
  bool conserved = !run.reps.empty();
  for (const auto& r : run.reps) {
    conserved = conserved && r.patients.created == r.patients.resolved + r.patients.left_unseen + r.patients.in_system;
  }
  out += row("patient conservation", conserved ? "created = resolved + left unseen + in system, exactly, in every replication"
                                               : "<b>VIOLATED in at least one replication</b>");
  out += "</tbody></table>\n";

  out += "<h3>Random numbers and intervals</h3>\n<p>Every draw comes from a PCG64 generator (pcg-cpp) seeded by a "
         "fixed hash (splitmix64 and FNV-1a) of the master seed, the replication number and the purpose: one "
         "arrival stream per catchment, one per expert-visit schedule, and one stream per patient, seeded from "
         "(seed, replication, home facility, arrival number), for routing, service times, misjudgement, patience "
         "and length of stay. Replications are therefore independent, results do not depend on thread count, and "
         "two scenarios that share structure give the same patient the same draws (common random numbers). Each "
         "metric is computed once per replication; the report gives the mean over replications and a Student-t 95% "
         "confidence interval, mean ± t<sub>0.975, n−1</sub> · s / √n, with n the replications in which the metric "
         "is defined (a share of zero episodes is undefined and skipped). Wait percentiles come from a "
         "log-bucket histogram with a relative error below 1%.</p>\n";

  // Model inputs.
  std::array<int, scenario::kTierCount> per_tier_count{};
  std::array<int, scenario::kTierCount> servers{};
  std::array<int, scenario::kTierCount> beds{};
  for (const auto& f : s.facilities) {
    const auto t = static_cast<std::size_t>(f.tier);
    ++per_tier_count[t];
    servers[t] += f.servers;
    beds[t] += f.beds;
  }
  out += "<h3>Network</h3>\n<table class=\"num\"><thead><tr><th>tier</th><th>facilities</th><th>doctors on "
         "duty</th><th>beds</th></tr></thead><tbody>\n";
  for (int t = scenario::kTierCount - 1; t >= 0; --t) {
    const auto i = static_cast<std::size_t>(t);
    if (per_tier_count[i] == 0) continue;
    out += fmt::format("<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       scenario::tier_name(static_cast<scenario::Tier>(t)), per_tier_count[i], servers[i], beds[i]);
  }
  out += fmt::format("</tbody></table>\n<p>{} links; catchment population {}.</p>\n", s.links.size(),
                     count(s.total_population()));

  out += "<h3>Conditions</h3>\n<table class=\"num\"><thead><tr><th>condition</th><th>specialty</th><th>severity</th>"
         "<th>required level</th><th>per 1,000 a year</th><th>mean service (min)</th><th>admitted</th>"
         "<th>time-critical</th></tr></thead><tbody>\n";
  for (const auto& cond : s.conditions) {
    const std::string specialty = cond.specialty < s.specialties.size() ? s.specialties[cond.specialty] : "?";
    out += fmt::format("<tr><th>{}</th><td class=\"text\">{}</td><td class=\"text\">{}</td><td>{}</td><td>{:g}</td>"
                       "<td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>\n",
                       html_escape(cond.name), html_escape(specialty), scenario::severity_name(cond.severity),
                       cond.required_level, cond.per_1000_per_year, num(cond.service.mean()),
                       cond.admission ? pct(cond.admission->probability, 0) : "–",
                       cond.time_critical ? "yes" : "no");
  }
  out += "</tbody></table>\n";

  const auto& p = s.policy;
  out += "<h3>Policy</h3>\n<table class=\"kv\"><tbody>\n";
  out += row("bypass to county tier", per_severity(p.bypass));
  out += row("straight out of county", per_severity(p.out_of_county));
  out += row("misjudgement", per_tier(p.misjudge));
  out += row("step-down (下转)", p.step_down ? "on" : "off");
  out += row("no free bed", p.when_full == scenario::WhenFull::kWait ? "wait for one" : "refer up");
  out += row("first contact closed", p.when_closed == scenario::WhenClosed::kWait ? "wait for opening" : "refer up");
  out += row("reneging", p.reneging ? fmt::format("on (mean patience {} min, then {})", num(p.reneging->patience.mean()),
                                                  p.reneging->go_up ? "go up" : "leave")
                                    : std::string("off"));
  out += row("green channel", p.green_channel.enabled
                                  ? fmt::format("on (tele-consult mean {} min, activation mean {} min)",
                                                num(p.green_channel.tele_consult.mean()), num(p.green_channel.activation.mean()))
                                  : std::string("off"));
  out += row("expert visit schedules", fmt::format("{}", p.expert_visits.size()));
  out += "</tbody></table>\n";
  out += "<p class=\"note\">Files beside this page: summary.json (every metric with its CI), replications.csv (every "
         "metric of every replication), facilities.csv (per facility and replication).</p>\n</section>\n";
  return out;
}

}  // namespace tiersim::report::html
