#include "tiersim/experiment/warmup.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "experiment/html_text.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/runner.hpp"
#include "tiersim/report/format.hpp"
#include "tiersim/version.hpp"

namespace tiersim::experiment {

MserResult mser(const std::vector<double>& series, int batch_size) {
  if (batch_size < 1) throw Error("MSER: batch size must be at least 1");
  MserResult r;
  r.batch_size = batch_size;
  const std::size_t b = static_cast<std::size_t>(batch_size);
  const std::size_t m = series.size() / b;
  if (m < 2) {
    throw Error(fmt::format("MSER-{}: need at least {} observations, got {} (make the horizon longer)", batch_size,
                            2 * batch_size, series.size()));
  }
  for (std::size_t j = 0; j < m; ++j) {
    double sum = 0;
    for (std::size_t k = 0; k < b; ++k) sum += series[j * b + k];
    r.batch_means.push_back(sum / static_cast<double>(b));
  }
  double best = std::numeric_limits<double>::infinity();
  const std::size_t last = m / 2;
  for (std::size_t d = 0; d <= last; ++d) {
    const double kept = static_cast<double>(m - d);
    double mean = 0;
    for (std::size_t j = d; j < m; ++j) mean += r.batch_means[j];
    mean /= kept;
    double ss = 0;
    for (std::size_t j = d; j < m; ++j) ss += (r.batch_means[j] - mean) * (r.batch_means[j] - mean);
    const double stat = ss / (kept * kept);
    r.statistic.push_back(stat);
    if (stat < best) {  // strict: ties keep the shorter truncation
      best = stat;
      r.truncation_batches = static_cast<int>(d);
    }
  }
  r.truncation_observations = r.truncation_batches * batch_size;
  r.at_limit = last > 0 && static_cast<std::size_t>(r.truncation_batches) == last;
  return r;
}

WarmupAdvice advise_warmup(const scenario::Scenario& s, const network::Network& net, int pilots, int threads) {
  if (pilots < 1) throw Error(fmt::format("tiersim warmup: --pilots must be at least 1, got {}", pilots));
  scenario::Scenario pilot = s;
  pilot.horizon = s.warmup + s.horizon;  // the whole run, watched from time 0
  pilot.warmup = 0;
  RunOptions options;
  options.replications = pilots;
  options.threads = threads;
  const stats::RunResult run = run_scenario(pilot, net, options);

  WarmupAdvice a;
  a.scenario = s.name;
  a.source_file = s.source_file;
  a.pilots = pilots;
  a.seed = s.seed;
  a.run_minutes = pilot.horizon;
  a.current_warmup = s.warmup;
  std::size_t len = std::numeric_limits<std::size_t>::max();
  for (const auto& r : run.reps) len = std::min(len, r.in_system_series.size());
  if (run.reps.empty() || len == 0) throw Error("tiersim warmup: the pilots produced no in-system samples");
  for (std::size_t i = 0; i < len; ++i) {
    double sum = 0;
    for (const auto& r : run.reps) sum += r.in_system_series[i].second;
    a.times.push_back(run.reps.front().in_system_series[i].first);
    a.mean_in_system.push_back(sum / static_cast<double>(run.reps.size()));
  }
  a.mser = mser(a.mean_in_system, 5);
  const auto k = static_cast<std::size_t>(a.mser.truncation_observations);
  // Delete the first k samples: the kept data start at the k-th sample's time; whole days.
  const double t = k == 0 ? 0.0 : a.times[std::min(k, a.times.size() - 1)];
  a.suggested_minutes = std::max(0.0, std::ceil(t / 1440.0 - 1e-9)) * 1440.0 + 0.0;  // never -0
  return a;
}

std::string warmup_json(const WarmupAdvice& a) {
  nlohmann::ordered_json j;
  j["tiersim_version"] = kVersion;
  j["scenario"] = a.scenario;
  j["source_file"] = a.source_file;
  j["pilots"] = a.pilots;
  j["seed"] = a.seed;
  j["method"] = "MSER-5";
  j["pilot_length_minutes"] = a.run_minutes;
  j["current_warmup_minutes"] = a.current_warmup;
  j["suggested_warmup_minutes"] = a.suggested_minutes;
  j["suggested_warmup_days"] = a.suggested_minutes / 1440.0;
  j["suggested_warmup"] = report::duration_text(a.suggested_minutes);
  j["truncation_batches"] = a.mser.truncation_batches;
  j["truncation_observations"] = a.mser.truncation_observations;
  j["at_search_limit"] = a.mser.at_limit;
  j["batch_size"] = a.mser.batch_size;
  j["batch_means"] = a.mser.batch_means;
  j["mser"] = a.mser.statistic;
  j["series"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < a.times.size(); ++i) {
    j["series"].push_back({{"minutes", a.times[i]}, {"mean_in_system", a.mean_in_system[i]}});
  }
  return j.dump(2) + "\n";
}

std::string warmup_html(const WarmupAdvice& a) {
  using detail::html_escape;
  std::string h = detail::page_head("tiersim warm-up advice: " + a.scenario,
                                    "svg{background:#fff;border:1px solid #ddd} .big{font-size:20px;font-weight:600}");
  h += fmt::format("<h1>Warm-up advice <span class=\"note\">预热期建议</span>: {}</h1>\n", html_escape(a.scenario));
  h += fmt::format("<p class=\"big\">Suggested warm-up: {} <span class=\"note\">(the scenario has {})</span></p>\n",
                   html_escape(report::duration_text(a.suggested_minutes)), html_escape(report::duration_text(a.current_warmup)));
  if (a.mser.at_limit) {
    h += "<p><b>Caution:</b> the MSER statistic is smallest at the end of its search range (the first half of the run): "
         "no steady state is visible. Lengthen the horizon, or check whether the system is stable (tiersim analyze).</p>\n";
  }
  h += fmt::format(
      "<p class=\"note\">{} pilot replications (seed {}) of {} each, with no warm-up; patients in system sampled every "
      "day and averaged across pilots (the line). MSER-5: the series in batch means of 5 samples; the truncation point "
      "minimises the squared standard error of the mean of the batches kept, searched over the first half of the run "
      "(White 1997). The shaded part is what the suggested warm-up discards.</p>\n",
      a.pilots, a.seed, html_escape(report::duration_text(a.run_minutes)));
  // The plot: days on x, patients in system on y.
  const double W = 900, H = 320, L = 60, R = 20, T = 20, B = 40;
  const double tmax = a.times.empty() ? 1 : std::max(1.0, a.times.back());
  double ymax = 0;
  for (double v : a.mean_in_system) ymax = std::max(ymax, v);
  ymax = ymax > 0 ? ymax * 1.1 : 1;
  auto X = [&](double minutes) { return L + (W - L - R) * minutes / tmax; };
  auto Y = [&](double v) { return T + (H - T - B) * (1 - v / ymax); };
  h += fmt::format("<svg viewBox=\"0 0 {} {}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                   "aria-label=\"patients in system by day\">\n", W, H);
  h += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#f3e6c8\"/>\n", X(0), T,
                   X(a.suggested_minutes) - X(0), H - T - B);
  for (int i = 0; i <= 4; ++i) {
    const double v = ymax * i / 4;
    h += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eee\"/><text x=\"{}\" y=\"{:.1f}\" "
                     "font-size=\"11\" text-anchor=\"end\">{}</text>\n",
                     L, W - R, Y(v), Y(v), L - 4, Y(v) + 4, detail::short_number(v));
  }
  const int days = static_cast<int>(tmax / 1440);
  const int step = std::max(1, days / 10);
  for (int d = 0; d <= days; d += step) {
    h += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n", X(d * 1440.0),
                     H - B + 16, d);
  }
  h += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">day</text>\n", (L + W - R) / 2, H - 4);
  h += fmt::format("<text x=\"14\" y=\"{}\" font-size=\"12\" transform=\"rotate(-90 14 {})\" text-anchor=\"middle\">"
                   "patients in system</text>\n", (T + H - B) / 2, (T + H - B) / 2);
  std::string pts;
  for (std::size_t i = 0; i < a.times.size(); ++i) pts += fmt::format("{:.1f},{:.1f} ", X(a.times[i]), Y(a.mean_in_system[i]));
  h += fmt::format("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\" points=\"{}\"/>\n", pts);
  h += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#c0392b\" stroke-width=\"2\" "
                   "stroke-dasharray=\"5,3\"><title>suggested warm-up {3}</title></line>\n",
                   X(a.suggested_minutes), T, H - B, html_escape(report::duration_text(a.suggested_minutes)));
  h += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\" fill=\"#c0392b\">warm-up {}</text>\n",
                   X(a.suggested_minutes) + 4, T + 12, html_escape(report::duration_text(a.suggested_minutes)));
  h += "</svg>\n</body>\n</html>\n";
  return h;
}

}  // namespace tiersim::experiment
