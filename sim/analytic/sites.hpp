// File: analytic/sites.hpp
// What the analytic model needs to know about each facility apart from the conditions:
// servers on duty on average (expert visits move doctors), the share of the week open, the
// share of first contacts that find it closed, its referral target, and the probability
// that its level for a specialty reaches a required level when a patient's service starts.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::analytic::detail {

class Sites {
 public:
  Sites(const scenario::Scenario& s, const network::Network& net);

  /// Own servers + sum of visiting experts x duration / every - experts away x (duration +
  /// mean travel both ways) / every; at least 0.
  [[nodiscard]] double servers(FacilityIndex f) const { return servers_[f]; }
  /// Share of the week open (time-uniform), 0..1: simulated utilisation is per open hour.
  [[nodiscard]] double open_share(FacilityIndex f) const { return open_share_[f]; }
  /// Share of arrivals (weighted by the hourly arrival profile) that find the facility closed.
  [[nodiscard]] double closed_arrival_share(FacilityIndex f) const { return closed_arrivals_[f]; }
  /// Referral target, kNoIndex at the top.
  [[nodiscard]] FacilityIndex up(FacilityIndex f) const { return up_[f]; }
  [[nodiscard]] const std::vector<FacilityIndex>& ups() const { return up_; }

  /// Probability that the facility's level for `specialty` is at least `required` at a
  /// service start: the share of the measured window [warmup, warmup + horizon] in which its
  /// own level (raised by capacity building once the visits add up) reaches it, and otherwise
  /// the visiting experts' time share (duration / every, summed over schedules whose home
  /// level reaches it, at most 1).
  [[nodiscard]] double level_share(FacilityIndex f, SpecialtyIndex specialty, int required) const;

 private:
  struct HostSpecialty {
    std::vector<std::pair<double, int>> own_changes;  ///< (time, own level from then on), sorted
    std::vector<std::pair<double, int>> visits;       ///< (time share, home level)
  };
  const scenario::Scenario& s_;
  std::size_t specialties_;
  double window_begin_, window_end_;
  std::vector<double> servers_, open_share_, closed_arrivals_;
  std::vector<FacilityIndex> up_;
  std::unordered_map<std::size_t, HostSpecialty> hosts_;
};

}  // namespace tiersim::analytic::detail
