// File: tiersim/report/scenario_summary.hpp
// The summary of a scenario a planner reads before running it (what `tiersim validate` prints
// and `tiersim serve` shows): facilities, servers, beds and population by tier, links,
// capability levels, expected arrivals per day, the expert-visit schedules and why patients
// leave the county (network/leaving.hpp).
#pragma once

#include <string>

#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::report {

/// The summary as plain text (UTF-8, lines ending in a newline).
[[nodiscard]] std::string scenario_summary_text(const scenario::Scenario& s, const network::Network& net);

}  // namespace tiersim::report
