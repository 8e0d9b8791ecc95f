// The analytic model of a scenario: per patient class (condition x whether the patient will
// need a bed), the external arrival rates at first contact and the referral probabilities
// at each facility, as sim/flow/README.md states the rules; the traffic equations solved per
// class; then per facility the service mixture, utilisation, queue wait and bed blocking.
// Approximations and omissions are listed in sim/analytic/README.md.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "analytic/queueing.hpp"
#include "analytic/sites.hpp"
#include "analytic/traffic.hpp"
#include "tiersim/analytic/analytic.hpp"

namespace tiersim::analytic {

namespace {

using scenario::Condition;
using scenario::Scenario;
using scenario::Tier;
using random::DistKind;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr Eigen::Index kGreen = 0;     // column of patients on the green channel
constexpr Eigen::Index kStandard = 1;  // everyone else

int tier_index(Tier t) { return static_cast<int>(t); }

// What accumulates at one facility over all classes.
struct Load {
  double lambda = 0;        // visits served per minute
  double first = 0;         // sum of lambda x E[S]
  double second = 0;        // sum of lambda x E[S^2]
  double exp_mean = -1;     // the one exponential mean seen so far (-1: none yet)
  bool exponential = true;  // every visit so far exponential with that mean
  double admissions = 0;    // per minute
  double bed_load = 0;      // erlangs
};

void add_service(Load& load, double lambda, double mean, double second, bool exponential) {
  if (!(lambda > 0)) return;
  load.lambda += lambda;
  load.first += lambda * mean;
  load.second += lambda * second;
  if (!exponential) {
    load.exponential = false;
  } else if (load.exp_mean < 0) {
    load.exp_mean = mean;
  } else if (std::abs(load.exp_mean - mean) > 1e-12 * std::max(load.exp_mean, mean)) {
    load.exponential = false;  // a mixture of exponentials is not exponential
  }
}

std::string servers_text(double servers) {
  return std::abs(servers - std::round(servers)) < 1e-9 ? fmt::format("{:.0f}", servers) : fmt::format("{:.2f}", servers);
}

std::string open_text(double open_share) {
  return open_share < 1 ? fmt::format(", open {:.0f}% of the week", 100 * open_share) : std::string();
}

class Model {
 public:
  Model(const Scenario& s, const network::Network& net, const AnalyzeOptions& options)
      : s_(s), net_(net), sites_(s, net), solver_(sites_.ups(), options.dense_limit), loads_(s.facilities.size()) {
    if (s.policy.remote_consult) find_answerers();
  }

  Analysis run() {
    for (ConditionIndex c = 0; c < s_.conditions.size(); ++c) add_condition(c);
    return estimates();
  }

 private:
  // Remote consultation: the facility answering each consulting facility's consults, the
  // first of the `to` tier on its referral route (the flow model's rule).
  void find_answerers() {
    const auto& rc = *s_.policy.remote_consult;
    const std::size_t n = s_.facilities.size();
    answerer_.assign(n, kNoIndex);
    for (FacilityIndex f = 0; f < n; ++f) {
      if (!rc.from[static_cast<std::size_t>(s_.facilities[f].tier)]) continue;
      for (FacilityIndex g = sites_.up(f), hops = 0; g != kNoIndex && hops < n; g = sites_.up(g), ++hops) {
        const Tier t = s_.facilities[g].tier;
        if (t == rc.to) answerer_[f] = g;
        if (tier_index(t) >= tier_index(rc.to)) break;
      }
    }
  }

  // The share of visits at f whose referral decision asks a remote consult: every decision to
  // refer a case of a consulted specialty within reach, except one needing a bed f lacks.
  double consult_share(FacilityIndex f, const Condition& cond, bool admitted, double able, double m) const {
    if (answerer_.empty() || answerer_[f] == kNoIndex) return 0.0;
    const auto& rc = *s_.policy.remote_consult;
    const bool listed = cond.specialty >= rc.specialties.size() || rc.specialties[cond.specialty];
    if (!listed || (admitted && s_.facilities[f].beds <= 0)) return 0.0;
    const double within = sites_.level_share(f, cond.specialty, cond.required_level - rc.reach);
    // Able and misjudged, or unable (judged right) but within reach.
    return able * m + std::max(0.0, within - able) * (1.0 - m);
  }

  // First contact at `dest` (home, or the bypass / out-of-county destination): with
  // `when_closed: refer` the share that finds it closed goes on to its referral target
  // unseen; everyone else is served there.
  void first_contact(Eigen::MatrixXd& gamma, FacilityIndex dest, double rate) const {
    const FacilityIndex up = sites_.up(dest);
    const double closed = sites_.closed_arrival_share(dest);
    if (s_.policy.when_closed == scenario::WhenClosed::kRefer && up != kNoIndex && closed > 0) {
      gamma(up, kStandard) += rate * closed;
      gamma(dest, kStandard) += rate * (1.0 - closed);
    } else {
      gamma(dest, kStandard) += rate;
    }
  }

  Eigen::MatrixXd arrivals(ConditionIndex c, double weight) const {
    const Condition& cond = s_.conditions[c];
    const auto n = static_cast<Eigen::Index>(s_.facilities.size());
    Eigen::MatrixXd gamma = Eigen::MatrixXd::Zero(n, 2);
    const auto sev = static_cast<std::size_t>(cond.severity);
    const bool green = s_.policy.green_channel.enabled && cond.time_critical.has_value();
    // The flow model normalises the arrival profile to a weekly mean of 1: the yearly
    // incidence is the yearly total whatever the profile's shape.
    const double per_person = weight * cond.per_1000_per_year / 1000.0 / kYear;
    for (FacilityIndex home = 0; home < s_.facilities.size(); ++home) {
      const auto& fac = s_.facilities[home];
      if (!(fac.population > 0)) continue;
      const double rate = fac.population * per_person;
      if (green) {
        const auto& dest = net_.nearest_able(home, c);
        if (dest.exists()) {
          gamma(dest.to, kGreen) += rate;
          continue;
        }
      }
      double out = 0, bypass = 0;
      const network::Route* regional = nullptr;
      const network::Route* county = nullptr;
      if (tier_index(fac.tier) < tier_index(Tier::kRegional)) {
        regional = &net_.nearest_of_tier(home, Tier::kRegional);
        if (regional->exists()) out = s_.policy.out_of_county[sev];
      }
      if (tier_index(fac.tier) < tier_index(Tier::kCounty)) {
        county = &net_.nearest_of_tier(home, Tier::kCounty);
        if (county->exists()) bypass = s_.policy.bypass[sev];  // a share of all, as out is
      }
      if (out > 0) first_contact(gamma, regional->to, rate * out);
      if (bypass > 0) first_contact(gamma, county->to, rate * bypass);
      first_contact(gamma, home, rate * (1.0 - out - bypass));
    }
    // Outreach attendees: extra first contacts at each host, per_event x share every
    // `every x hosts` (a host listed twice takes two turns); no route at onset.
    for (const auto& o : s_.policy.outreach) {
      if (!(o.every > 0) || o.to.empty()) continue;
      for (const auto& sh : o.conditions) {
        if (sh.condition != c) continue;
        const double rate = weight * o.per_event * sh.share / (o.every * static_cast<double>(o.to.size()));
        for (const FacilityIndex host : o.to) first_contact(gamma, host, rate);
      }
    }
    return gamma;
  }

  [[nodiscard]] bool has_attendees(ConditionIndex c) const {
    for (const auto& o : s_.policy.outreach) {
      for (const auto& sh : o.conditions) {
        if (sh.condition == c && sh.share > 0 && o.per_event > 0) return true;
      }
    }
    return false;
  }

  void add_condition(ConditionIndex c) {
    const Condition& cond = s_.conditions[c];
    if (!(cond.per_1000_per_year > 0) && !has_attendees(c)) return;
    const double admit = cond.admission ? std::clamp(cond.admission->probability, 0.0, 1.0) : 0.0;
    if (admit < 1) add_class(c, false, 1.0 - admit);
    if (admit > 0) add_class(c, true, admit);
  }

  // One class: condition c, patients who will (admitted) or will not need a bed. The flow
  // model decides `needs_admission` at onset, and a facility without beds is not able to
  // treat such a patient, so the two classes route differently.
  void add_class(ConditionIndex c, bool admitted, double weight) {
    const Condition& cond = s_.conditions[c];
    const std::size_t n = s_.facilities.size();
    const Eigen::MatrixXd gamma = arrivals(c, weight);
    if (gamma.isZero(0)) return;
    std::vector<double> refer(n, 0.0), level_ok(n, 0.0), consult(n, 0.0);
    for (FacilityIndex f = 0; f < n; ++f) {
      level_ok[f] = sites_.level_share(f, cond.specialty, cond.required_level);
      if (sites_.up(f) == kNoIndex) continue;  // treats what it gets
      const double m = s_.policy.misjudge[static_cast<std::size_t>(s_.facilities[f].tier)];
      if (admitted && s_.facilities[f].beds <= 0) {
        refer[f] = 1.0;  // no bed here: referred whatever the judgement (the flow's rule)
        continue;
      }
      const double able = level_ok[f];
      // Able and misjudged: referred anyway; not able and judged right: referred.
      refer[f] = able * m + (1.0 - able) * (1.0 - m);
      // A consult that succeeds keeps the case: only the failed share is referred.
      consult[f] = consult_share(f, cond, admitted, able, m);
      if (consult[f] > 0) refer[f] -= consult[f] * s_.policy.remote_consult->success;
    }
    const Eigen::MatrixXd lambda = solver_.solve(refer, gamma);
    if (!answerer_.empty()) add_consults(lambda, consult);

    const auto& activation = s_.policy.green_channel.activation;
    const double act_mean = activation.mean();
    const double act_second = activation.variance() + act_mean * act_mean;
    for (FacilityIndex f = 0; f < n; ++f) {
      const double green = std::max(0.0, lambda(f, kGreen));
      const double standard = std::max(0.0, lambda(f, kStandard));
      if (green + standard <= 0) continue;
      const auto& service = cond.service_at(s_.facilities[f].tier);
      const double mean = service.mean();
      const double second = service.variance() + mean * mean;
      const bool exponential = service.kind() == DistKind::kExponential;
      Load& load = loads_[f];
      add_service(load, green, mean, second, exponential);
      // Off the green channel a time-critical patient seen by a facility able to treat holds
      // the server through the team's activation too (the flow model's start_service).
      const double q = cond.time_critical && act_mean > 0 ? level_ok[f] : 0.0;
      if (q > 0) {
        add_service(load, standard * q, mean + act_mean, second + 2 * mean * act_mean + act_second, false);
        add_service(load, standard * (1 - q), mean, second, exponential);
      } else {
        add_service(load, standard, mean, second, exponential);
      }
      if (admitted) {
        const double admissions = (green + standard) * (1.0 - refer[f]);
        load.admissions += admissions;
        load.bed_load += admissions * cond.admission->stay.mean();
      }
    }
  }

  // The consults' load on the answering facilities: one server busy for `answer` each, in the
  // same queue as the patients (so the answer time enters that facility's utilisation and wait).
  void add_consults(const Eigen::MatrixXd& lambda, const std::vector<double>& consult) {
    const auto& answer = s_.policy.remote_consult->answer;
    const double mean = answer.mean();
    const double second = answer.variance() + mean * mean;
    const bool exponential = answer.kind() == DistKind::kExponential;
    for (FacilityIndex f = 0; f < consult.size(); ++f) {
      if (!(consult[f] > 0)) continue;
      const double visits = std::max(0.0, lambda(f, kGreen)) + std::max(0.0, lambda(f, kStandard));
      add_service(loads_[answerer_[f]], visits * consult[f], mean, second, exponential);
    }
  }

  Analysis estimates() {
    Analysis out;
    out.solver = solver_.sparse() ? "sparse LU" : "dense LU";
    std::size_t bedless = 0;
    double bedless_admissions = 0;
    std::string first_bedless;
    for (FacilityIndex f = 0; f < s_.facilities.size(); ++f) {
      const auto& fac = s_.facilities[f];
      const Load& load = loads_[f];
      FacilityEstimate e;
      e.id = fac.id;
      e.tier = scenario::tier_name(fac.tier);
      e.servers = fac.servers;
      e.effective_servers = sites_.servers(f);
      e.open_share = sites_.open_share(f);
      e.arrival_rate_per_min = load.lambda;
      e.offered_load = load.first;
      if (load.lambda > 0) {
        e.mean_service_minutes = load.first / load.lambda;
        const double m = e.mean_service_minutes;
        e.service_scv = m > 0 ? std::max(0.0, load.second / load.lambda / (m * m) - 1.0) : 0.0;
      }
      const double capacity = e.effective_servers * e.open_share;
      e.utilisation = capacity > 0 ? e.offered_load / capacity : (e.offered_load > 0 ? kInf : 0.0);
      if (!(load.lambda > 0)) {
        e.method = "no arrivals";
      } else if (!(capacity > 0)) {
        e.method = "no servers";
        e.expected_wait_minutes = kInf;
        out.warnings.push_back(fmt::format("{}: no servers on duty for {:.1f} arrivals/day: patients wait without end",
                                           fac.id, load.lambda * kDay));
      } else if (e.utilisation >= 1) {
        e.method = "unstable";
        e.expected_wait_minutes = kInf;
        out.warnings.push_back(fmt::format(
            "{}: utilisation {:.2f} (offered load {:.1f} erlangs on {} servers{}): unstable, queues grow without bound",
            fac.id, e.utilisation, e.offered_load, servers_text(e.effective_servers), open_text(e.open_share)));
      } else {
        // The queue while open: the whole day's work offered over the open hours.
        const bool erlang = load.exponential;
        e.method = erlang ? "erlang-c" : "allen-cunneen";
        e.expected_wait_minutes = detail::allen_cunneen_wait(load.lambda / e.open_share, e.mean_service_minutes,
                                                             erlang ? 1.0 : e.service_scv, e.effective_servers);
      }
      e.beds = fac.beds;
      e.admissions_per_min = load.admissions;
      e.bed_offered_load = load.bed_load;
      e.bed_blocking_probability = load.bed_load > 0 ? detail::erlang_b_real(fac.beds, load.bed_load) : 0.0;
      if (load.bed_load > 0 && fac.beds <= 0) {
        // Only patients kept by misjudgement (or at a top facility without beds) are admitted
        // here; one summary line instead of one per village clinic.
        if (bedless == 0) first_bedless = fac.id;
        ++bedless;
        bedless_admissions += load.admissions;
      } else if (load.bed_load > 0 && load.bed_load >= fac.beds && s_.policy.when_full == scenario::WhenFull::kWait) {
        out.warnings.push_back(fmt::format(
            "{}: bed occupancy {:.2f} (offered load {:.1f} erlangs on {} beds): admissions wait for a bed without bound",
            fac.id, load.bed_load / fac.beds, load.bed_load, fac.beds));
      }
      out.facilities.push_back(std::move(e));
    }
    if (bedless > 0) {
      out.warnings.push_back(fmt::format(
          "{} {} without beds ({}{}) keep {:.2f} patients a day who need admission (misjudged as able, or with "
          "nowhere to refer): they wait for a bed without end",
          bedless, bedless == 1 ? "facility" : "facilities", first_bedless, bedless > 1 ? ", ..." : "",
          bedless_admissions * kDay));
    }
    return out;
  }

  const Scenario& s_;
  const network::Network& net_;
  detail::Sites sites_;
  detail::TrafficSolver solver_;
  std::vector<Load> loads_;
  std::vector<FacilityIndex> answerer_;  ///< remote consult: per facility (empty: policy off)
};

}  // namespace

Analysis analyze(const scenario::Scenario& s, const network::Network& net) { return analyze(s, net, AnalyzeOptions{}); }

Analysis analyze(const scenario::Scenario& s, const network::Network& net, const AnalyzeOptions& options) {
  return Model(s, net, options).run();
}

}  // namespace tiersim::analytic
