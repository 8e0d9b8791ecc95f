// File: flow/model.hpp (private)
// The whole model of one replication: the shared state (Core) and one object per mechanism.
// Every handler takes the Model by reference and reaches the shared state and the other
// mechanisms through it, so all of them work off one address in a register (no per-mechanism
// back-pointers to load on the hot path, no virtual calls).
#pragma once

#include "flow/arrivals.hpp"
#include "flow/beds.hpp"
#include "flow/core.hpp"
#include "flow/expert_visits.hpp"
#include "flow/green_channel.hpp"
#include "flow/opening_hours.hpp"
#include "flow/outreach.hpp"
#include "flow/remote_consult.hpp"
#include "flow/reneging.hpp"
#include "flow/service.hpp"

namespace tiersim::flow {

struct Model : Core {
  Model(const scenario::Scenario& scenario, const network::Network& network, int replication_index,
        const ReplicationOptions& opts)
      : Core(scenario, network, replication_index, opts),
        visits(*this),
        outreach(*this),
        arrivals(*this),
        consult(*this) {}

  GreenChannel green;
  Beds beds;
  Service service;
  Reneging reneging;
  OpeningHours hours;
  ExpertVisits visits;
  Outreach outreach;
  Arrivals arrivals;
  RemoteConsult consult;
};

}  // namespace tiersim::flow
