// File: flow/outreach.hpp (private)
// Outreach events (义诊 free clinics, 体检车 health-check vehicle): a team leaves its home
// facility on a schedule for each host in turn, serves there for `duration` as an expert
// visit's team does, and people who would not otherwise have come arrive evenly over the
// event. The trip (servers away from home, travel, owed doctors, home's server-hours lost) is
// the expert visits' (ExpertVisits::send_team); this file owns the schedule, the attendees
// and the outreach metrics. Rules: sim/flow/README.md, "Outreach events".
#pragma once

#include <cstdint>
#include <vector>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

/// Patient::outreach: where an attendee is in their event's story.
enum : std::uint8_t {
  kNotOutreach = 0,    ///< an ordinary patient (or an attendee past their host)
  kAttendeeWaiting,    ///< at the event, not yet seen
  kAttendeeSeen,       ///< seen at the event: a referral from here counts as outreach.referred
};

class Outreach {
 public:
  explicit Outreach(const Core& m);
  void start(Model& m);                            ///< schedules each entry's first departure
  void on_depart(Model& m, std::uint32_t entry);     ///< kOutreachDepart
  void on_attendee(Model& m, std::uint32_t event);   ///< kOutreachAttendee

  /// Hooks: the team reached its host (ExpertVisits); its home lost server-minutes.
  void on_team_arrived(Model& m, std::uint32_t event);
  void add_home_minutes_lost(FacilityIndex home, double minutes) {
    home_minutes_lost_ += minutes;
    per_facility_[home].home_minutes_lost += minutes;
  }
  /// Service start of an attendee still waiting at their event (Service::start_service).
  void on_seen(Core& m, Patient& p, FacilityIndex f) {
    p.outreach = kAttendeeSeen;
    if (!m.counting()) return;
    ++served_;
    ++per_facility_[f].served;
  }
  /// An attendee leaves for the referral target (Service::refer_up): after being seen at the
  /// event it is an outreach referral; from then on they are an ordinary patient.
  void on_referred(Core& m, Patient& p, FacilityIndex f) {
    if (p.outreach == kAttendeeSeen && m.counting()) {
      ++referred_;
      ++per_facility_[f].referred;
    }
    p.outreach = kNotOutreach;
  }

  struct FacilityTotals {
    std::uint64_t events = 0;        ///< events hosted (counted at departure)
    std::uint64_t served = 0;        ///< attendees seen here
    std::uint64_t referred = 0;      ///< attendees referred up from here after being seen
    double home_minutes_lost = 0;    ///< server-minutes lost as a team's home
  };
  [[nodiscard]] std::uint64_t events() const noexcept { return events_; }
  [[nodiscard]] std::uint64_t served() const noexcept { return served_; }
  [[nodiscard]] std::uint64_t referred() const noexcept { return referred_; }
  [[nodiscard]] double home_minutes_lost() const noexcept { return home_minutes_lost_; }
  [[nodiscard]] const std::vector<FacilityTotals>& per_facility() const noexcept { return per_facility_; }

 private:
  struct Event {
    std::uint32_t entry = 0;      ///< index into policy.outreach
    FacilityIndex host = 0;
    SimTime opened = 0;           ///< the team's arrival at the host
    int arrived = 0;              ///< attendees so far
    bool free = true;
  };
  std::uint32_t new_event();
  [[nodiscard]] std::uint32_t draw_condition(const Core& m, std::uint32_t entry);

  std::vector<Event> events_list_;
  std::vector<random::RandomStream> rng_;        ///< per entry: travel and attendees' conditions
  std::vector<std::uint64_t> departures_;        ///< per entry: departures so far (the host's turn)
  std::vector<std::uint64_t> attendees_;         ///< per entry: attendees so far (their streams' numbers)
  std::vector<FacilityTotals> per_facility_;
  std::uint64_t events_ = 0, served_ = 0, referred_ = 0;
  double home_minutes_lost_ = 0;
};

}  // namespace tiersim::flow
