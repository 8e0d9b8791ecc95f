// File: tiersim/fwd.hpp
// The few names every part of tiersim shares: the unit of time and the small integer ids.
#pragma once

#include <cstdint>
#include <limits>

namespace tiersim {

/// Simulated time, in minutes since the start of the run (warm-up included).
/// Every duration in tiersim is in minutes; YAML values carry units and are converted on load.
using SimTime = double;

inline constexpr SimTime kMinute = 1.0;
inline constexpr SimTime kHour = 60.0;
inline constexpr SimTime kDay = 24.0 * kHour;
inline constexpr SimTime kWeek = 7.0 * kDay;
inline constexpr SimTime kYear = 365.0 * kDay;
inline constexpr SimTime kNever = std::numeric_limits<double>::infinity();

/// Index of a facility in Scenario::facilities (and a vertex of the network graph).
using FacilityIndex = std::uint32_t;
/// Index of a condition in Scenario::conditions.
using ConditionIndex = std::uint32_t;
/// Index of a specialty in Scenario::specialties.
using SpecialtyIndex = std::uint32_t;

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

}  // namespace tiersim
