// Utilisation and bed occupancy per facility (above 85% highlighted: the level beyond which
// queues grow quickly and beds turn patients away), and the analytic estimate beside the
// simulated utilisation when `tiersim analyze` results are given.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "report/html_parts.hpp"

namespace tiersim::report::html {

namespace {

constexpr double kHigh = 0.85;

/// Facilities in display order: highest tier first, then file order.
std::vector<std::size_t> display_order(const Context& c) {
  std::vector<std::size_t> order(c.s.facilities.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return c.s.facilities[a].tier > c.s.facilities[b].tier;
  });
  return order;
}

/// Bars of one per-facility metric (`utilisation` or `bed_occupancy`); villages per owner
/// when there are many (the bar is their mean, the whisker their range).
std::string facility_chart(const Context& c, const std::string& group, const std::string& what) {
  const bool aggregate = aggregate_villages(c);
  const auto owner = village_owner(c);
  std::vector<BarRow> rows;
  std::vector<std::string> high_villages;
  std::map<FacilityIndex, std::vector<double>> village_values;
  for (std::size_t f : display_order(c)) {
    const auto& fac = c.s.facilities[f];
    const auto* m = c.metric(group + "." + fac.id);
    if (!m) continue;
    if (aggregate && fac.tier == scenario::Tier::kVillage) {
      village_values[owner[f]].push_back(m->mean);
      if (m->mean > kHigh) high_villages.push_back(fac.id);
      continue;
    }
    BarRow r;
    r.label = fac.id;
    r.mean = m->mean;
    r.lo = m->lo;
    r.hi = m->hi;
    r.alert = m->mean > kHigh;
    r.value_text = with_ci(*m, true);
    r.tooltip = fmt::format("{} ({}): {}", fac.name, scenario::tier_name(fac.tier), with_ci(*m, true));
    rows.push_back(std::move(r));
  }
  for (const auto& [own, values] : village_values) {
    double sum = 0;
    for (double v : values) sum += v;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    BarRow r;
    const std::string owner_id = own == kNoIndex ? "unattached" : c.s.facilities[own].id;
    r.label = fmt::format("{} villages of {}", values.size(), owner_id);
    r.mean = sum / static_cast<double>(values.size());
    r.lo = *lo;
    r.hi = *hi;
    r.alert = *hi > kHigh;
    r.value_text = fmt::format("mean {}, range {}–{}", pct(r.mean), num(100 * *lo), pct(*hi));
    rows.push_back(std::move(r));
  }
  if (rows.empty()) return fmt::format("<p class=\"note\">No {} recorded.</p>\n", what);
  BarChartOptions o;
  o.percent = true;
  o.threshold = kHigh;
  o.threshold_label = "85%";
  o.aria_label = what + " per facility";
  std::string out = bar_chart_svg(rows, o);
  if (!village_values.empty()) {
    out += "<p class=\"note\">Villages are grouped by their township: the bar is their mean, the whisker their "
           "range (not a CI).";
    if (!high_villages.empty()) {
      out += " Above 85%:";
      for (const auto& v : high_villages) out += " " + html_escape(v);
      out += ".";
    }
    out += "</p>\n";
  }
  return out;
}

std::string analytic_table(const Context& c) {
  if (c.analysis == nullptr) return {};
  std::string out =
      "<h3>Analytic estimate and simulation <span class=\"zh\">解析估计与仿真对比</span></h3>\n<p class=\"lead\">The "
      "analytic model (<code>tiersim analyze</code>: traffic equations, Erlang-C or Allen-Cunneen per facility) "
      "assumes stationary Poisson arrivals, takes opening hours and expert visits as time shares, and ignores "
      "reneging and full beds; a simulated interval that misses the estimate points at one of those effects (or "
      "at an unstable facility).</p>\n";
  if (!c.analysis->warnings.empty()) {
    out += "<ul class=\"warnings\">";
    for (const auto& w : c.analysis->warnings) out += "<li>" + html_escape(w) + "</li>";
    out += "</ul>\n";
  }
  std::string rows;
  int villages = 0;
  for (const auto& e : c.analysis->facilities) {
    const auto fi = c.s.find_facility(e.id);
    const bool village = e.tier == "village";
    if (village && aggregate_villages(c)) {
      ++villages;
      continue;
    }
    const auto* m = c.metric("utilisation." + e.id);
    const double sim_wait = fi ? c.facility_mean(*fi, &stats::FacilityResult::mean_wait) : NAN;
    const char* agree = "–";
    if (m && m->n >= 2) agree = e.utilisation >= m->lo && e.utilisation <= m->hi ? "inside CI" : "outside CI";
    rows += fmt::format(
        "<tr{}><th>{}</th><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td>"
        "<td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>\n",
        e.utilisation >= 1 || (m && m->mean > kHigh) ? " class=\"alert\"" : "", html_escape(e.id),
        html_escape(e.tier), e.servers, num(e.offered_load, 2), pct(e.utilisation), m ? with_ci(*m, true) : "–",
        agree, std::isfinite(e.expected_wait_minutes) ? num(e.expected_wait_minutes) : "unstable", num(sim_wait),
        html_escape(e.method));
  }
  out += "<table class=\"num\"><thead><tr><th>facility</th><th>tier</th><th>servers</th><th>offered load "
         "(erlangs)</th><th>analytic utilisation</th><th>simulated utilisation</th><th>agreement</th><th>analytic "
         "wait (min)</th><th>simulated mean wait (min)</th><th>method</th></tr></thead><tbody>\n" +
         rows + "</tbody></table>\n";
  if (villages > 0) {
    out += fmt::format("<p class=\"note\">{} village clinics left out of this table; facilities.csv has every "
                       "facility.</p>\n",
                       villages);
  }
  return out;
}

}  // namespace

std::string capacity_section(const Context& c) {
  std::string out =
      "<section id=\"capacity\">\n<h2>Utilisation and beds <span class=\"zh\">医生与床位使用率</span></h2>\n<p "
      "class=\"lead\">Server utilisation is busy doctor-time over doctor-time available while open; bed occupancy "
      "is occupied bed-time over bed-time, both over the horizon after warm-up. Facilities above 85% are in red.</p>\n";
  out += "<h3>Doctors <span class=\"zh\">医生利用率</span></h3>\n" + facility_chart(c, "utilisation", "utilisation");
  out += "<h3>Beds <span class=\"zh\">床位使用率</span></h3>\n" + facility_chart(c, "bed_occupancy", "bed occupancy");
  const auto* blocked = c.metric("blocked_admissions");
  if (blocked) {
    out += fmt::format("<p>Blocked admissions (no free bed) per replication: {}.</p>\n", with_ci(*blocked, false));
  }
  out += analytic_table(c);
  out += "</section>\n";
  return out;
}

}  // namespace tiersim::report::html
