// File: flow/expert_visits.hpp (private)
// Expert visits (下沉 / 坐诊): scheduled trips of a home facility's doctors to a host, where
// they add servers and their level for a specialty; home loses the servers for the trip;
// capacity building raises the host's own level for good. Rules: sim/flow/README.md,
// "Expert visits". The trip itself (servers leaving home, travel, servers and level at the
// host, owed doctors, the return and home's server-hours lost) is also what an outreach team
// does: outreach.cpp sends its teams through send_team.
#pragma once

#include <cstdint>
#include <vector>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

class ExpertVisits {
 public:
  explicit ExpertVisits(const Core& m);
  void start(Model& m);                              ///< schedules each entry's first departure
  void on_depart(Model& m, std::uint32_t schedule);    ///< kVisitDepart
  void on_arrive(Model& m, std::uint32_t instance);    ///< kVisitArrive
  void on_end(Model& m, std::uint32_t instance);       ///< kVisitEnd
  void on_return(Model& m, std::uint32_t instance);    ///< kVisitReturn

  /// A server of f finished a patient (before f takes the next one). A doctor who finishes
  /// while more are busy than the facility now has was one of those due to leave (on a
  /// visit, or home from one): they are released here.
  void on_server_freed(Core& m, FacilityIndex f, bool expert) {
    auto& fs = m.facilities[f];
    if (!expert && fs.departing_owed > 0 && fs.base_busy >= fs.base_capacity) {
      release_one_owed(m, owed_home_[f], fs.departing_owed, true);
    } else if (expert && fs.expert_leaving_owed > 0 && fs.expert_busy >= fs.expert_capacity) {
      release_one_owed(m, owed_host_[f], fs.expert_leaving_owed, false);
    }
  }

  /// At the end of the run: the time away of visits still out, into home server-hours lost.
  void close_accounts(Model& m);

  /// A team leaving home now for a host, as an expert visit does (see README, "Expert
  /// visits"); travel is drawn from `rng`, which must outlive the trip.
  struct Team {
    FacilityIndex from = 0, to = 0;
    SpecialtyIndex specialty = 0;
    int level = 0;                     ///< the team's level at the host
    int staff = 0;
    SimTime duration = 0;              ///< on site
    random::RandomStream* rng = nullptr;
    std::uint32_t outreach_event = 0;  ///< the outreach event it serves (Outreach's index)
  };
  /// Sends an outreach team: home loses min(staff, its servers now) at once. Returns the
  /// number of servers taken (0: nobody at home to send, and no trip).
  int send_team(Model& m, const Team& team);

 private:
  /// One trip out: the team as sent, and what became of it.
  struct Instance {
    Team team;                         ///< staff: asked for; experts below: actually taken
    std::uint32_t schedule = 0;        ///< index into policy.expert_visits (expert visits only)
    SimTime departed = 0;
    int experts = 0;                   ///< doctors actually taken from home
    int owed = 0;                      ///< experts not yet released (to leave home, or to leave host)
    bool outreach = false;             ///< an outreach team (its level is team.level; a visit brings home's own, read on arrival)
    bool on_site = false;
    bool free = true;
  };
  std::uint32_t new_instance();
  /// Takes up to team.staff of home's servers for a new trip now; kNoIndex when there are none.
  std::uint32_t depart(Model& m, const Team& team, std::uint32_t schedule, bool outreach);
  [[nodiscard]] int level_brought(const Core& m, const Instance& inst) const;
  /// Home's server-time lost by a trip, from its scheduled departure to `until`, clipped to
  /// the measured window, to the expert visits' or the outreach's account.
  void account_time_away(Model& m, const Instance& inst, SimTime until);
  /// Instance i's team sets off: to its host (to_host), or back home.
  void travel(Core& m, std::uint32_t i, bool to_host);
  /// The first instance waiting in `owed` gets one more doctor free; when it is owed nobody
  /// more, its team sets off (to its host, or home).
  void release_one_owed(Core& m, std::vector<std::uint32_t>& owed, int& owed_count, bool to_host);

  std::vector<Instance> instances_;
  std::vector<std::vector<std::uint32_t>> owed_home_;  ///< per facility: instances waiting for doctors to leave
  std::vector<std::vector<std::uint32_t>> owed_host_;  ///< per facility: instances waiting for experts to finish
  std::vector<random::RandomStream> rng_;              ///< per schedule entry
  std::vector<double> visit_minutes_;                  ///< on-site time so far, [facility * specialties + specialty]
};

}  // namespace tiersim::flow
