// The event handlers of one replication. The rules are in sim/flow/README.md; this file
// follows them in the same order.
#include "flow/replication.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "tiersim/error.hpp"

namespace tiersim::flow {

using scenario::Severity;
using scenario::Tier;

namespace {

constexpr double kMinutesPerYear = kYear;

int tier_index(Tier t) { return static_cast<int>(t); }

/// The next time after t at which `hours` opens (open == true) or closes.
SimTime next_transition(const scenario::OpeningHours& hours, SimTime t, bool want_open) {
  const double day_start = std::floor(t / kDay) * kDay;
  const double at = want_open ? hours.open : hours.close;
  double next = day_start + std::fmod(at, kDay);
  while (next <= t) next += kDay;
  return next;
}

}  // namespace

Replication::Replication(const scenario::Scenario& s, const network::Network& net, int replication,
                         const ReplicationOptions& options)
    : s_(s),
      net_(net),
      replication_(replication),
      options_(options),
      streams_(s.seed, static_cast<std::uint64_t>(replication)),
      specialties_(std::max<std::size_t>(1, s.specialties.size())),
      warmup_end_(s.warmup),
      end_(s.warmup + s.horizon) {
  const std::size_t n = s.facilities.size();
  facilities_.resize(n);
  levels_.assign(n * specialties_, Level{});
  visit_minutes_.assign(n * specialties_, 0.0);
  owed_home_.resize(n);
  owed_host_.resize(n);
  stats_.green.resize(s.conditions.size());

  const double mean_multiplier = s.arrivals.mean_multiplier();
  peak_multiplier_ = s.arrivals.max_multiplier();
  flat_profile_ = peak_multiplier_ == mean_multiplier;
  double incidence = 0;  // per person per minute, all conditions
  for (std::size_t c = 0; c < s.conditions.size(); ++c) {
    const double rate = s.conditions[c].per_1000_per_year / 1000.0 / kMinutesPerYear;
    if (rate <= 0) continue;
    incidence += rate;
    condition_of_.push_back(static_cast<std::uint32_t>(c));
    condition_cdf_.push_back(incidence);
  }
  for (double& x : condition_cdf_) x /= incidence;
  if (!condition_cdf_.empty()) condition_cdf_.back() = 1.0;
  tier_.reserve(n);
  for (std::size_t f = 0; f < n; ++f) {
    const auto& fac = s.facilities[f];
    auto& fs = facilities_[f];
    tier_.push_back(fac.tier);
    fs.base_capacity = fac.servers;
    fs.beds = fac.beds;
    fs.open = fac.hours.is_open(0);
    for (std::size_t sp = 0; sp < fac.capability.size() && sp < specialties_; ++sp) {
      levels_[f * specialties_ + sp].own = static_cast<std::int16_t>(fac.capability[sp]);
    }
    if (fac.population <= 0 || incidence <= 0 || mean_multiplier <= 0) continue;
    ArrivalStream st;
    st.facility = static_cast<FacilityIndex>(f);
    // The profile multiplies the rate; its weekly mean is normalised so that the incidence
    // written in the file is the yearly total whatever the profile's shape.
    st.peak_rate = fac.population * incidence * peak_multiplier_ / mean_multiplier;
    st.rng = streams_.stream("arrivals", f);
    arrivals_.push_back(st);
  }
  // Each facility's referral route, flattened: the hot path of a referral then reads two
  // small arrays instead of following the network's route tables.
  up_.resize(n);
  for (std::size_t f = 0; f < n; ++f) {
    const auto& r = net.referral(static_cast<FacilityIndex>(f));
    if (!r.exists()) continue;
    up_[f] = Hop{r.to, static_cast<std::uint32_t>(hop_links_.size()), static_cast<std::uint32_t>(r.links.size())};
    hop_links_.insert(hop_links_.end(), r.links.begin(), r.links.end());
  }
  visit_rng_.reserve(s.policy.expert_visits.size());
  for (std::size_t v = 0; v < s.policy.expert_visits.size(); ++v) visit_rng_.push_back(streams_.stream("visits", v));
}

// ---------------------------------------------------------------------------------------------
// The loop.

stats::ReplicationResult Replication::run() {
  const auto wall_start = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < arrivals_.size(); ++i) schedule_next_arrival(i);
  for (std::size_t f = 0; f < s_.facilities.size(); ++f) {
    const auto& hours = s_.facilities[f].hours;
    if (hours.always) continue;
    const bool open = facilities_[f].open;
    calendar_.schedule(next_transition(hours, 0, !open), open ? kClose : kOpen, static_cast<std::uint32_t>(f));
  }
  for (std::size_t f = 0; f < facilities_.size(); ++f) set_available(static_cast<FacilityIndex>(f));
  for (std::size_t v = 0; v < s_.policy.expert_visits.size(); ++v) {
    const auto& visit = s_.policy.expert_visits[v];
    if (visit.first < end_) calendar_.schedule(visit.first, kVisitDepart, static_cast<std::uint32_t>(v));
  }
  if (options_.sample_every > 0) calendar_.schedule(0, kSample, 0);
  if (warmup_end_ > 0) calendar_.schedule(warmup_end_, kWarmupEnd, 0);

  while (!calendar_.empty()) {
    const core::Event e = calendar_.pop();
    if (e.time > end_) break;
    TIERSIM_ASSERT(e.time >= now_, "simulated time never goes backwards");
    now_ = e.time;
    ++events_;
    prefetch_next();
    switch (static_cast<EventKind>(e.kind & kKindMask)) {
      case kArrivalStream: on_arrival_stream(e.subject); break;
      case kArriveDoor: on_arrive_door(e.subject); break;
      case kActivationDone: on_activation_done(e.subject); break;
      case kServiceEnd: on_service_end(e.subject); break;
      case kRenege: on_renege(e.subject); break;
      case kBedPhaseEnd: on_bed_phase_end(e.subject); break;
      case kOpen: on_open(e.subject); break;
      case kClose: on_close(e.subject); break;
      case kVisitDepart: on_visit_depart(e.subject); break;
      case kVisitArrive: on_visit_arrive(e.subject); break;
      case kVisitEnd: on_visit_end(e.subject); break;
      case kVisitReturn: on_visit_return(e.subject); break;
      case kSample:
        in_system_samples_.push_back(static_cast<double>(created_ - resolved_ - left_));
        if (now_ + options_.sample_every <= end_) calendar_.schedule(now_ + options_.sample_every, kSample, 0);
        break;
      case kWarmupEnd:
        for (auto& fs : facilities_) {
          fs.busy.restart(now_);
          fs.available.restart(now_);
          fs.occupied.restart(now_);
        }
        break;
    }
  }
  now_ = end_;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return build_result(wall);
}

// While one event is handled, the records the next one will need are fetched into the cache:
// at province scale each handler otherwise waits on a patient, a facility or an arrival
// stream in main memory. A hint only: it never changes what happens.
void Replication::prefetch_next() const {
  std::uint32_t kind = 0, subject = 0;
  if (!calendar_.peek(kind, subject)) return;
  const auto facility = kind >> kHintShift;
  switch (static_cast<EventKind>(kind & kKindMask)) {
    case kArrivalStream:
      __builtin_prefetch(&arrivals_[subject]);
      break;
    case kArriveDoor:
    case kActivationDone:
    case kServiceEnd:
    case kRenege: {
      const auto* p = reinterpret_cast<const char*>(&patients_[subject]);
      __builtin_prefetch(p);
      __builtin_prefetch(p + 64);
      __builtin_prefetch(p + 128);
      if (facility < facilities_.size()) __builtin_prefetch(&facilities_[facility]);
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Arrivals and routes at onset.

void Replication::schedule_next_arrival(std::uint32_t stream) {
  auto& st = arrivals_[stream];
  // Thinning (Lewis and Shedler): candidates at the peak rate, each kept with probability
  // multiplier(t) / peak. Rejected candidates cost two draws and no event.
  double t = now_;
  for (;;) {
    t += -std::log(st.rng.uniform_open0()) / st.peak_rate;
    if (t > end_) return;
    if (flat_profile_ || st.rng.uniform01() * peak_multiplier_ < s_.arrivals.multiplier(t)) break;
  }
  calendar_.schedule(t, kArrivalStream, stream);
}

void Replication::on_arrival_stream(std::uint32_t stream) {
  auto& st = arrivals_[stream];
  const double u = st.rng.uniform01();
  const auto pick = static_cast<std::size_t>(std::upper_bound(condition_cdf_.begin(), condition_cdf_.end(), u) -
                                             condition_cdf_.begin());
  const std::uint32_t c = condition_of_[std::min(pick, condition_of_.size() - 1)];
  const FacilityIndex home = st.facility;
  const std::uint64_t number = st.count++;
  schedule_next_arrival(stream);

  const std::uint32_t slot = patients_.acquire();
  Patient& p = patients_[slot];
  const auto& cond = s_.conditions[c];
  p.rng = random::RandomStream(streams_.seed("patient", home, number));
  p.id = created_++;
  p.created = now_;
  p.home = home;
  p.facility = home;
  p.condition = c;
  p.counted = counting();
  p.priority = static_cast<std::uint8_t>(kPriorityLevels - 1 - static_cast<int>(cond.severity));
  p.needs_admission = cond.admission && p.rng.bernoulli(cond.admission->probability);
  p.onset = now_;
  if (cond.time_critical) p.onset = now_ - cond.time_critical->onset_to_contact.sample(p.rng);
  // Route draws are made whatever the policy, so both arms of a comparison stay aligned.
  const double u_out = p.rng.uniform01();
  const double u_bypass = p.rng.uniform01();
  trace(slot, home, TraceEvent::kCreated);

  const auto sev = static_cast<std::size_t>(cond.severity);
  const Tier home_tier = tier_[home];
  const auto& gc = s_.policy.green_channel;
  if (gc.enabled && cond.time_critical) {
    const auto& dest = net_.nearest_able(home, c);
    if (dest.exists()) {
      p.green = true;
      p.priority = 0;
      p.first_visit = false;
      p.door = now_;
      p.ecg = now_ + gc.tele_consult.sample(p.rng);
      auto& fc = facilities_[home].counters;
      if (counting()) {
        ++fc.visits;
        stats_.primary_share.add(tier_index(home_tier) <= tier_index(Tier::kTownship));
      }
      trace(slot, home, TraceEvent::kArrive);
      if (dest.to == home) {
        // Pre-alerted by the tele-consult: the team is ready `activation` after it.
        p.state = PatientState::kActivating;
        calendar_.schedule(p.ecg + gc.activation.sample(p.rng), with_hint(kActivationDone, home), slot);
        return;
      }
      // Door in at home now, door out when the tele-consult is done.
      if (p.counted) stats_.green[c].door_in_door_out.add(p.ecg - now_);
      p.max_dido = p.ecg - now_;
      trace(slot, home, TraceEvent::kGreenChannel);
      p.state = PatientState::kTravelling;
      p.facility = dest.to;
      calendar_.schedule(p.ecg + travel_time(dest, p.rng), with_hint(kArriveDoor, dest.to), slot);
      return;
    }
  }
  // out_of_county and bypass are both shares of all the severity's patients (their sum is at
  // most 1): those who did not leave the county bypass with probability bypass / (1 - out).
  double out = 0;
  if (tier_index(home_tier) < tier_index(Tier::kRegional)) {
    const auto& r = net_.nearest_of_tier(home, Tier::kRegional);
    if (r.exists()) {
      out = s_.policy.out_of_county[sev];
      if (u_out < out) {
        if (p.counted) ++stats_.out_of_county;
        trace(slot, home, TraceEvent::kBypass);
        send(slot, r, p.rng);
        return;
      }
    }
  }
  if (tier_index(home_tier) < tier_index(Tier::kCounty) && u_bypass * (1.0 - out) < s_.policy.bypass[sev]) {
    const auto& r = net_.nearest_of_tier(home, Tier::kCounty);
    if (r.exists()) {
      if (p.counted) ++stats_.bypass;
      trace(slot, home, TraceEvent::kBypass);
      send(slot, r, p.rng);
      return;
    }
  }
  on_arrive_door(slot);
}

double Replication::travel_time(const network::Route& route, random::RandomStream& rng) const {
  double t = 0;
  for (const std::uint32_t l : route.links) t += s_.links[l].travel.sample(rng);
  return t;
}

void Replication::send(std::uint32_t slot, const network::Route& route, random::RandomStream& rng) {
  Patient& p = patients_[slot];
  p.state = PatientState::kTravelling;
  p.facility = route.to;
  calendar_.schedule(now_ + travel_time(route, rng), with_hint(kArriveDoor, route.to), slot);
}

// ---------------------------------------------------------------------------------------------
// At a facility.

void Replication::on_arrive_door(std::uint32_t slot) {
  Patient& p = patients_[slot];
  const FacilityIndex f = p.facility;
  const bool first_contact = p.first_visit;
  p.door = now_;
  if (p.first_visit) {
    p.created = now_;
    p.first_visit = false;
  }
  if (counting()) {
    ++facilities_[f].counters.visits;
    stats_.primary_share.add(tier_index(tier_[f]) <= tier_index(Tier::kTownship));
  }
  trace(slot, f, TraceEvent::kArrive);
  if (p.green) {
    // The team was alerted at the tele-consult and activated while the patient travelled:
    // treatment can start when both the patient and the team are there.
    p.state = PatientState::kActivating;
    const double ready = p.ecg + s_.policy.green_channel.activation.sample(p.rng);
    calendar_.schedule(std::max(now_, ready), with_hint(kActivationDone, p.facility), slot);
    return;
  }
  if (first_contact && !facilities_[f].open && s_.policy.when_closed == scenario::WhenClosed::kRefer) {
    if (up_[f].exists()) {
      refer_up(slot, f);
      return;
    }
  }
  enqueue(slot, f);
}

void Replication::on_activation_done(std::uint32_t slot) { enqueue(slot, patients_[slot].facility); }

void Replication::enqueue(std::uint32_t slot, FacilityIndex f) {
  Patient& p = patients_[slot];
  auto& fs = facilities_[f];
  p.state = PatientState::kWaiting;
  const auto& ren = s_.policy.reneging;
  // Patience is drawn whether or not the patient will wait, so the patient's later draws do
  // not depend on the queue they found (common random numbers across scenario arms).
  const bool may_renege = ren && !p.green && ren->tiers[static_cast<std::size_t>(tier_[f])];
  p.renege_at = may_renege ? now_ + ren->patience.sample(p.rng) : kNever;
  ++fs.waiting;
  if (fs.waiting == 1 && fs.open && fs.in_service() < fs.capacity()) {
    start_service(slot, f);  // nobody ahead and a server free: the queue is never touched
    return;
  }
  fs.queue[p.priority].push({slot, p.generation});
  if (may_renege) calendar_.schedule(p.renege_at, with_hint(kRenege, f), slot);
  dispatch(f);
}

void Replication::dispatch(FacilityIndex f) {
  auto& fs = facilities_[f];
  while (fs.open && fs.waiting > 0 && fs.in_service() < fs.capacity()) {
    std::uint32_t chosen = kNoIndex;
    for (auto& q : fs.queue) {
      while (!q.empty()) {
        const QueueEntry e = q.pop();
        const Patient& p = patients_[e.slot];
        if (p.generation == e.generation && p.state == PatientState::kWaiting && p.facility == f) {
          chosen = e.slot;
          break;
        }
      }
      if (chosen != kNoIndex) break;
    }
    TIERSIM_ASSERT(chosen != kNoIndex, "a facility's waiting count matches its queue");
    start_service(chosen, f);
  }
}

void Replication::start_service(std::uint32_t slot, FacilityIndex f) {
  Patient& p = patients_[slot];
  auto& fs = facilities_[f];
  const auto& cond = s_.conditions[p.condition];
    --fs.waiting;
  p.state = PatientState::kInService;
  const std::size_t idx = f * specialties_ + cond.specialty;
  // A visiting expert takes the patients of their own specialty first, and others when the
  // facility's own doctors are all busy.
  const bool expert_free = fs.expert_busy < fs.expert_capacity;
  p.expert_server = expert_free && (levels_[idx].experts > 0 || fs.base_busy >= fs.base_capacity);
  if (p.expert_server) {
    ++fs.expert_busy;
    if (counting()) {
      ++stats_.expert_patients;
      ++facilities_[f].counters.expert_patients;
    }
  } else {
    ++fs.base_busy;
  }
  set_busy(f);
  const double wait = now_ - p.door;
  if (counting()) {
    stats_.wait_by_tier[static_cast<std::size_t>(tier_[f])].add(wait);
    stats_.wait_by_severity[static_cast<std::size_t>(cond.severity)].add(wait);
    facilities_[f].counters.wait.add(wait);
  }
  p.service_start = now_;
  p.level_at_start = static_cast<std::uint8_t>(level(f, cond.specialty));
  // Off the green channel the ECG (or first specialist look) is taken at the first facility
  // with any capability in the specialty: a village clinic without one only passes it on.
  if (p.first_service < 0 && p.level_at_start >= 1) p.first_service = now_;
  // Off the green channel, a time-critical patient's team is activated only once a facility
  // able to treat has seen them: treatment starts `activation` after service begins.
  double activation = 0;
  if (cond.time_critical && !p.green && p.level_at_start >= cond.required_level) {
    activation = s_.policy.green_channel.activation.sample(p.rng);
  }
  p.treatment = now_ + activation;
  trace(slot, f, TraceEvent::kServiceStart);
  calendar_.schedule(p.treatment + cond.service_at(tier_[f]).sample(p.rng), with_hint(kServiceEnd, f), slot);
}

void Replication::on_service_end(std::uint32_t slot) {
  Patient& p = patients_[slot];
  const FacilityIndex f = p.facility;
  auto& fs = facilities_[f];
  const auto& cond = s_.conditions[p.condition];
    const bool expert = p.expert_server;
  p.expert_server = false;
  if (expert) {
    --fs.expert_busy;
  } else {
    --fs.base_busy;
  }
  TIERSIM_ASSERT(fs.base_busy >= 0 && fs.expert_busy >= 0, "busy server counts are never negative");
  set_busy(f);
  trace(slot, f, TraceEvent::kServiceEnd);

  const bool can_refer = up_[f].exists();
  const bool able = p.level_at_start >= cond.required_level && (!p.needs_admission || fs.beds > 0);
  const bool flip = p.rng.uniform01() < s_.policy.misjudge[static_cast<std::size_t>(tier_[f])];
  if (able && flip && can_refer) {
    if (p.counted) ++stats_.misjudged_referred;
    refer_up(slot, f);
  } else if (!able && can_refer && (!flip || (p.needs_admission && fs.beds == 0))) {
    // Misjudgement can keep a patient the facility cannot treat, but not admit one where
    // there is no bed: that patient goes up whatever the judgement.
    refer_up(slot, f);
  } else if (able && p.needs_admission && fs.beds_used >= fs.beds && can_refer &&
             s_.policy.when_full == scenario::WhenFull::kRefer) {
    if (counting()) {
      ++stats_.blocked;
      ++facilities_[f].counters.blocked;
    }
    refer_up(slot, f);
  } else {
    if (!able && flip && can_refer && p.counted) ++stats_.misjudged_kept;
    resolve(slot, f);
  }
  server_freed(f, expert);
}

void Replication::resolve(std::uint32_t slot, FacilityIndex f) {
  Patient& p = patients_[slot];
  const auto& cond = s_.conditions[p.condition];
  const Tier tier = tier_[f];
  const Tier home_tier = tier_[p.home];
  ++resolved_;
  if (counting()) ++facilities_[f].counters.resolved;
  if (p.counted) {
    const int t = tier_index(tier);
    switch (cond.severity) {
      case Severity::kMinor:
        if (home_tier == Tier::kVillage) stats_.minor_village.add(t == tier_index(Tier::kVillage));
        break;
      case Severity::kModerate:
        if (tier_index(home_tier) <= tier_index(Tier::kTownship)) {
          stats_.moderate_township.add(t <= tier_index(Tier::kTownship));
        }
        break;
      case Severity::kSevere:
      case Severity::kCritical:
        stats_.severe_county.add(t <= tier_index(Tier::kCounty));
        break;
    }
    stats_.county_retention.add(t <= tier_index(Tier::kCounty));
    stats_.time_in_system[static_cast<std::size_t>(cond.severity)].add(now_ - p.created);
    if (cond.time_critical) {
      const auto& tc = *cond.time_critical;
      auto& g = stats_.green[p.condition];
      const double treatment = p.treatment;
      const double d2t = treatment - p.door;
      const double f2t = treatment - p.created;
      ++g.patients;
      g.door_to_treatment.add(d2t);
      g.fmc_to_treatment.add(f2t);
      g.onset_to_treatment.add(treatment - p.onset);
      g.door_to_treatment_bins.add(d2t);
      g.fmc_to_treatment_bins.add(f2t);
      const double ecg = (p.green ? p.ecg : (p.first_service >= 0 ? p.first_service : treatment)) - p.created;
      g.fmc_to_ecg.add(ecg);
      if (tc.targets.door_to_treatment) g.door_within_target.add(d2t <= *tc.targets.door_to_treatment);
      if (tc.targets.fmc_to_treatment) g.fmc_within_target.add(f2t <= *tc.targets.fmc_to_treatment);
      // Reperfusion within target, as a chest-pain centre audits it: a patient treated where
      // they first arrived is judged by door-to-treatment; a transferred one by
      // FMC-to-treatment (against door_to_treatment when no fmc_to_treatment target is set).
      const bool transferred = p.max_dido >= 0;
      const auto& target = transferred && tc.targets.fmc_to_treatment ? tc.targets.fmc_to_treatment
                                                                        : tc.targets.door_to_treatment;
      if (target) g.within_target.add((transferred ? f2t : d2t) <= *target);
      g.outside_window.add(treatment - p.onset > tc.window);
    }
  }
  trace(slot, f, TraceEvent::kResolved);
  // A top-tier facility without beds (nowhere to refer) treats as an outpatient.
  if (p.needs_admission && facilities_[f].beds > 0) {
    admit(slot, f);
  } else {
    finish(slot);
  }
}

void Replication::refer_up(std::uint32_t slot, FacilityIndex f) {
  Patient& p = patients_[slot];
  if (counting()) {
    ++stats_.referrals_up;
    ++facilities_[f].counters.referred_up;
  }
  if (s_.conditions[p.condition].time_critical) {
    if (p.counted) stats_.green[p.condition].door_in_door_out.add(now_ - p.door);
    p.max_dido = std::max(p.max_dido, now_ - p.door);
  }
  trace(slot, f, TraceEvent::kReferUp);
  // Along the referral route: one draw of each link's travel time.
  const Hop& hop = up_[f];
  double t = 0;
  for (std::uint32_t i = hop.first; i < hop.first + hop.count; ++i) t += s_.links[hop_links_[i]].travel.sample(p.rng);
  p.state = PatientState::kTravelling;
  p.facility = hop.to;
  calendar_.schedule(now_ + t, with_hint(kArriveDoor, hop.to), slot);
}

void Replication::on_renege(std::uint32_t slot) {
  Patient& p = patients_[slot];
  if (p.state != PatientState::kWaiting || p.renege_at != now_) return;  // served or gone already
  const FacilityIndex f = p.facility;
  --facilities_[f].waiting;  // its queue entry is skipped when reached
  trace(slot, f, TraceEvent::kRenege);
  const auto& up = net_.referral(f);
  if (s_.policy.reneging->go_up && up.exists()) {
    refer_up(slot, f);
  } else {
    leave_unseen(slot, f);
  }
}

void Replication::leave_unseen(std::uint32_t slot, FacilityIndex f) {
  Patient& p = patients_[slot];
  ++left_;
  if (counting()) ++facilities_[f].counters.left_unseen;
  if (p.counted) {
    ++stats_.left_unseen;
    // Someone who left unseen was not looked after at their own tier: the goals count them
    // as not met, and county retention as not resolved at all (it counts resolutions only).
    const auto& cond = s_.conditions[p.condition];
    const Tier home_tier = tier_[p.home];
    if (cond.severity == Severity::kMinor && home_tier == Tier::kVillage) stats_.minor_village.add(false);
    if (cond.severity == Severity::kModerate && tier_index(home_tier) <= tier_index(Tier::kTownship)) {
      stats_.moderate_township.add(false);
    }
    if (cond.severity == Severity::kSevere || cond.severity == Severity::kCritical) stats_.severe_county.add(false);
  }
  finish(slot);
}

void Replication::finish(std::uint32_t slot) {
  trace(slot, patients_[slot].facility, TraceEvent::kDischarge);
  patients_[slot].state = PatientState::kFree;
  patients_.release(slot);
}

// ---------------------------------------------------------------------------------------------
// Beds and step-down.

void Replication::admit(std::uint32_t slot, FacilityIndex f) {
  // The patient is resolved: from here on a compact bed-stay record carries them.
  Patient& p = patients_[slot];
  const auto& cond = s_.conditions[p.condition];
  const std::uint32_t b = beds_.acquire();
  BedStay& stay = beds_[b];
  stay.id = p.id;
  stay.home = p.home;
  stay.facility = f;
  stay.stay = cond.admission->stay.sample(p.rng);
  if (s_.policy.step_down && cond.step_down > 0 && net_.step_down_target(p.home, tier_[f]) != kNoIndex) {
    stay.stay_left = std::min(stay.stay, cond.step_down);
  }
  p.state = PatientState::kFree;
  patients_.release(slot);
  auto& fs = facilities_[f];
  if (fs.beds_used < fs.beds) {
    take_bed(b, f);
    return;
  }
  if (counting()) {
    ++stats_.blocked;
    ++facilities_[f].counters.blocked;
  }
  fs.bed_queue.push({b, stay.generation});
  trace_id(stay.id, f, TraceEvent::kBedWait);
}

void Replication::take_bed(std::uint32_t b, FacilityIndex f) {
  auto& fs = facilities_[f];
  BedStay& stay = beds_[b];
  ++fs.beds_used;
  TIERSIM_ASSERT(fs.beds_used <= fs.beds, "occupied beds never exceed beds");
  set_occupied(f);
  stay.in_bed = true;
  stay.facility = f;
  trace_id(stay.id, f, TraceEvent::kAdmit);
  calendar_.schedule(now_ + (stay.stay - stay.stay_left), kBedPhaseEnd, b);
}

void Replication::on_bed_phase_end(std::uint32_t b) {
  BedStay& stay = beds_[b];
  const FacilityIndex f = stay.facility;
  if (stay.stay_left > 0) {
    const double rest = stay.stay_left;
    stay.stay_left = 0;
    const FacilityIndex target = net_.step_down_target(stay.home, tier_[f]);
    auto& ts = facilities_[target];
    if (ts.beds_used < ts.beds) {
      release_bed(f);
      if (counting()) {
        ++stats_.referrals_down;
        ++facilities_[f].counters.referred_down;
        stats_.add_down(f, target);
      }
      // The lower bed is held from the moment of transfer: the ambulance is on its way.
      ++ts.beds_used;
      set_occupied(target);
      stay.facility = target;
      trace_id(stay.id, target, TraceEvent::kStepDown);
    } else if (counting()) {
      ++stats_.step_down_skipped;
    }
    calendar_.schedule(now_ + rest, kBedPhaseEnd, b);
    return;
  }
  release_bed(f);
  trace_id(stay.id, f, TraceEvent::kDischarge);
  beds_.release(b);
}

void Replication::release_bed(FacilityIndex f) {
  auto& fs = facilities_[f];
  --fs.beds_used;
  TIERSIM_ASSERT(fs.beds_used >= 0, "occupied beds are never negative");
  set_occupied(f);
  while (!fs.bed_queue.empty()) {
    const QueueEntry e = fs.bed_queue.pop();
    if (beds_.live(e.slot) && beds_[e.slot].generation == e.generation && !beds_[e.slot].in_bed) {
      take_bed(e.slot, f);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Opening hours.

void Replication::on_open(FacilityIndex f) {
  facilities_[f].open = true;
  set_available(f);
  calendar_.schedule(next_transition(s_.facilities[f].hours, now_, false), kClose, f);
  dispatch(f);
}

void Replication::on_close(FacilityIndex f) {
  facilities_[f].open = false;
  set_available(f);
  calendar_.schedule(next_transition(s_.facilities[f].hours, now_, true), kOpen, f);
}

// ---------------------------------------------------------------------------------------------
// Expert visits.

std::uint32_t Replication::new_instance() {
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    if (instances_[i].free) {
      instances_[i] = VisitInstance{};
      instances_[i].free = false;
      return i;
    }
  }
  instances_.push_back(VisitInstance{});
  instances_.back().free = false;
  return static_cast<std::uint32_t>(instances_.size() - 1);
}

void Replication::on_visit_depart(std::uint32_t schedule) {
  const auto& v = s_.policy.expert_visits[schedule];
  if (now_ + v.every < end_) calendar_.schedule(now_ + v.every, kVisitDepart, schedule);
  auto& home = facilities_[v.from];
  const int taken = std::min(v.experts, home.base_capacity);
  if (taken <= 0) return;  // nobody at home to send
  const std::uint32_t i = new_instance();
  auto& inst = instances_[i];
  inst.schedule = schedule;
  inst.departed = now_;
  inst.experts = taken;
  home.base_capacity -= taken;
  set_available(v.from);
  if (counting()) ++stats_.expert_visits;
  // Doctors busy with a patient finish first; only the idle ones leave now.
  const int excess = std::max(0, home.base_busy - home.base_capacity - home.departing_owed);
  inst.owed = std::min(taken, excess);
  if (inst.owed == 0) {
    calendar_.schedule(now_ + travel_time(net_.route(v.from, v.to), visit_rng_[schedule]), kVisitArrive, i);
  } else {
    home.departing_owed += inst.owed;
    owed_home_[v.from].push_back(i);
  }
}

void Replication::release_owed_home(FacilityIndex f) {
  auto& fs = facilities_[f];
  auto& owed = owed_home_[f];
  const std::uint32_t i = owed.front();
  auto& inst = instances_[i];
  --inst.owed;
  --fs.departing_owed;
  if (inst.owed == 0) {
    owed.erase(owed.begin());
    const auto& v = s_.policy.expert_visits[inst.schedule];
    calendar_.schedule(now_ + travel_time(net_.route(v.from, v.to), visit_rng_[inst.schedule]), kVisitArrive, i);
  }
}

void Replication::release_owed_host(FacilityIndex f) {
  auto& fs = facilities_[f];
  auto& owed = owed_host_[f];
  const std::uint32_t i = owed.front();
  auto& inst = instances_[i];
  --inst.owed;
  --fs.expert_leaving_owed;
  if (inst.owed == 0) {
    owed.erase(owed.begin());
    const auto& v = s_.policy.expert_visits[inst.schedule];
    calendar_.schedule(now_ + travel_time(net_.route(v.to, v.from), visit_rng_[inst.schedule]), kVisitReturn, i);
  }
}

void Replication::server_freed(FacilityIndex f, bool expert) {
  auto& fs = facilities_[f];
  // A doctor who finishes while more are busy than the facility now has was one of those
  // due to leave (on a visit, or home from one): release them before taking a new patient.
  if (!expert && fs.departing_owed > 0 && fs.base_busy >= fs.base_capacity) {
    release_owed_home(f);
  } else if (expert && fs.expert_leaving_owed > 0 && fs.expert_busy >= fs.expert_capacity) {
    release_owed_host(f);
  }
  dispatch(f);
}

void Replication::on_visit_arrive(std::uint32_t i) {
  auto& inst = instances_[i];
  const auto& v = s_.policy.expert_visits[inst.schedule];
  auto& host = facilities_[v.to];
  const std::size_t idx = v.to * specialties_ + v.specialty;
  inst.on_site = true;
  host.expert_capacity += inst.experts;
  levels_[idx].experts += inst.experts;
  levels_[idx].visiting = std::max(levels_[idx].visiting, levels_[v.from * specialties_ + v.specialty].own);
  set_available(v.to);
  calendar_.schedule(now_ + v.duration, kVisitEnd, i);
  dispatch(v.to);
}

void Replication::on_visit_end(std::uint32_t i) {
  auto& inst = instances_[i];
  const auto& v = s_.policy.expert_visits[inst.schedule];
  auto& host = facilities_[v.to];
  const std::size_t idx = v.to * specialties_ + v.specialty;
  inst.on_site = false;
  host.expert_capacity -= inst.experts;
  levels_[idx].experts -= inst.experts;
  // The level on offer is the best of the visits still on site for this specialty.
  levels_[idx].visiting = 0;
  for (const auto& other : instances_) {
    if (other.free || !other.on_site) continue;
    const auto& ov = s_.policy.expert_visits[other.schedule];
    if (ov.to == v.to && ov.specialty == v.specialty) {
      levels_[idx].visiting = std::max(levels_[idx].visiting, levels_[ov.from * specialties_ + ov.specialty].own);
    }
  }
  set_available(v.to);
  visit_minutes_[idx] += v.duration;
  if (v.capacity_building && visit_minutes_[idx] >= v.capacity_building->after) {
    levels_[idx].own = std::max<std::int16_t>(levels_[idx].own, static_cast<std::int16_t>(v.capacity_building->raise_to));
  }
  const int excess = std::max(0, host.expert_busy - host.expert_capacity - host.expert_leaving_owed);
  inst.owed = std::min(inst.experts, excess);
  if (inst.owed == 0) {
    calendar_.schedule(now_ + travel_time(net_.route(v.to, v.from), visit_rng_[inst.schedule]), kVisitReturn, i);
  } else {
    host.expert_leaving_owed += inst.owed;
    owed_host_[v.to].push_back(i);
  }
}

void Replication::on_visit_return(std::uint32_t i) {
  auto& inst = instances_[i];
  const auto& v = s_.policy.expert_visits[inst.schedule];
  auto& home = facilities_[v.from];
  home.base_capacity += inst.experts;
  set_available(v.from);
  const double from = std::max(inst.departed, warmup_end_);
  if (now_ > from) stats_.home_server_minutes_lost += inst.experts * (now_ - from);
  inst.free = true;
  dispatch(v.from);
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

int Replication::level(FacilityIndex f, SpecialtyIndex sp) const noexcept {
  const std::size_t idx = f * specialties_ + sp;
  return levels_[idx].experts > 0 ? std::max(levels_[idx].own, levels_[idx].visiting) : levels_[idx].own;
}

void Replication::set_busy(FacilityIndex f) {
  auto& fs = facilities_[f];
  fs.busy.set(now_, fs.in_service());
}

void Replication::set_available(FacilityIndex f) {
  auto& fs = facilities_[f];
  fs.available.set(now_, fs.open ? fs.capacity() : 0);
}

void Replication::set_occupied(FacilityIndex f) {
  auto& fs = facilities_[f];
  fs.occupied.set(now_, fs.beds_used);
}

void Replication::trace(std::uint32_t slot, FacilityIndex f, TraceEvent e) {
  if (options_.trace) options_.trace->on_event(replication_, now_, patients_[slot].id, f, e);
}

void Replication::trace_id(std::uint64_t id, FacilityIndex f, TraceEvent e) {
  if (options_.trace) options_.trace->on_event(replication_, now_, id, f, e);
}

}  // namespace tiersim::flow
