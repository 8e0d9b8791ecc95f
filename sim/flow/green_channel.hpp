// File: flow/green_channel.hpp (private)
// The green channel for time-critical conditions (chest-pain and stroke centres): the route
// at onset with its tele-consult and pre-alerted team, the team's activation off the channel,
// and every time-critical metric (FMC to ECG, door to treatment, door in door out, targets).
// Rules: sim/flow/README.md, "Route at onset" 1 and "Metrics" (green channel).
#pragma once

#include <algorithm>
#include <cstdint>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

class GreenChannel {
 public:
  /// At onset of a time-critical patient: takes them onto the channel if it is enabled and
  /// some facility can treat. False: the usual routes apply.
  static bool at_onset(Model& m, std::uint32_t slot);

  /// At the door of a green-channel patient: treatment can start when patient and team are both there.
  static void at_door(Core& m, std::uint32_t slot) {
    Patient& p = m.patients[slot];
    p.state = PatientState::kActivating;
    const double ready = p.ecg + m.s.policy.green_channel.activation.sample(p.rng);
    m.calendar.schedule(std::max(m.now, ready), with_hint(kActivationDone, p.facility), slot);
  }

  /// Off the channel, a time-critical patient's team is activated only once a facility able
  /// to treat has seen them: the delay before treatment at service start (0 for others).
  static double activation_at_service(Core& m, Patient& p, const scenario::Condition& cond) {
    if (cond.time_critical && !p.green && p.level_at_start >= cond.required_level) {
      return m.s.policy.green_channel.activation.sample(p.rng);
    }
    return 0;
  }

  /// A time-critical patient leaves a door for another facility: door-in-door-out.
  static void on_transfer(Core& m, Patient& p) {
    if (p.counted) m.stats.green[p.condition].door_in_door_out.add(m.now - p.door);
    p.max_dido = std::max(p.max_dido, m.now - p.door);
  }

  /// A counted time-critical patient is treated: the channel's times and targets.
  static void record_treatment(Model& m, const Patient& p, const scenario::TimeCritical& tc);

};

}  // namespace tiersim::flow
