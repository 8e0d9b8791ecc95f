// File: flow/replication.hpp (private)
// One replication: the model (model.hpp: the shared state and one object per mechanism) and
// the event loop that hands each event to its mechanism. The map of which file owns which mechanism,
// and the rules they follow, are in sim/flow/README.md.
#pragma once

#include <vector>

#include "flow/model.hpp"

namespace tiersim::flow {

class Replication {
 public:
  Replication(const scenario::Scenario& s, const network::Network& net, int replication,
              const ReplicationOptions& options);
  stats::ReplicationResult run();

 private:
  void prefetch_next() const;
  void prefetch_facility(std::uint32_t facility) const;
  stats::ReplicationResult build_result(double wall_seconds);

  Model m_;
  std::vector<double> in_system_samples_;
};

}  // namespace tiersim::flow
