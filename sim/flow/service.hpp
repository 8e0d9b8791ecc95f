// File: flow/service.hpp (private)
// Service and referral: a visit at a facility, from the door through the priority queue and
// a server to the decision at service end (resolve here, or refer up along the referral
// hop), and the episode goals counted at resolution. The other mechanisms hook in at named
// points: the green channel (door, activation, times), reneging (patience at queueing),
// opening hours (closed door, no new service while closed), expert visits (servers freed,
// levels), beds (admission), remote consultation (the referral decision at service end). Rules: sim/flow/README.md, "At a facility".
#pragma once

#include <cstdint>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

class Service {
 public:
  static void on_arrive_door(Model& m, std::uint32_t slot);      ///< kArriveDoor (and first contact at home)
  static void on_activation_done(Model& m, std::uint32_t slot);  ///< kActivationDone
  static void on_service_end(Model& m, std::uint32_t slot);      ///< kServiceEnd

  /// Starts service for waiting patients while f is open and has a free server.
  static void dispatch(Model& m, FacilityIndex f);
  /// Sends a patient along a route (bypass, out of county): a new visit at its end.
  static void send(Model& m, std::uint32_t slot, const network::Route& route, random::RandomStream& rng);
  /// Refers a patient up to f's referral target.
  static void refer_up(Model& m, std::uint32_t slot, FacilityIndex f);
  /// The patient leaves f's queue unseen (reneging).
  static void leave_unseen(Model& m, std::uint32_t slot, FacilityIndex f);
  /// The patient is given definitive treatment at f (then a bed, or leaves).
  static void resolve(Model& m, std::uint32_t slot, FacilityIndex f);
  /// A server of f is free (a patient or a remote consult finished): owed doctors leave, then dispatch.
  static void server_freed(Model& m, FacilityIndex f, bool expert);

 private:
  static void enqueue(Model& m, std::uint32_t slot, FacilityIndex f);
  static void start_service(Model& m, std::uint32_t slot, FacilityIndex f);
  static void finish(Model& m, std::uint32_t slot);  ///< the patient leaves the model (resolved, or gone unseen)

};

}  // namespace tiersim::flow
