// File: tiersim/network/leaving.hpp
// Why patients can or cannot leave the county (大病不出县, 县域内就诊率), in words, for
// `tiersim validate`: a scenario where nobody can leave shows county retention of exactly 1,
// and the planner needs to see whether that is the policy or a setup that stops it (no
// regional facility, no link to it, every affected condition on the green channel, a county
// that treats everything).
#pragma once

#include <string>
#include <vector>

#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::network {

struct LeavingCounty {
  /// Expected patients a day sent straight out of the county at onset by
  /// `policy.out_of_county` (population x incidence x share, green-channel conditions and
  /// homes that reach no regional facility left out).
  double out_of_county_per_day = 0;
  /// One line per finding, plain text, most important first.
  std::vector<std::string> notes;
};

[[nodiscard]] LeavingCounty leaving_county(const scenario::Scenario& s, const Network& net);

}  // namespace tiersim::network
