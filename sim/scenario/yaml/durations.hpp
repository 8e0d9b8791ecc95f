// File: scenario/yaml/durations.hpp
// Durations as planners write them (`30s`, `45min`, `2h`, `3d`, `1w`, `1y` = 365 days) to
// minutes and back, alone or as the parameters of a distribution.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tiersim/random/distributions.hpp"

namespace tiersim::scenario::yaml {

/// Minutes for `text`, or nullopt when it is not a number followed by one of the units.
/// Negative values parse (the caller checks bounds) so the message can say what is wrong.
[[nodiscard]] std::optional<double> parse_duration(std::string_view text);

/// The text of `minutes` in the largest unit that writes it exactly, such that
/// parse_duration(format_duration(m)) == m bit for bit (falls back to minutes).
[[nodiscard]] std::string format_duration(double minutes);

/// A distribution of durations as a scenario file writes it: `40min` for a constant, else
/// `{dist: lognormal, mean: 25min, sd: 10min}` (shape parameters and weights as numbers).
[[nodiscard]] std::string format_distribution(const random::Distribution& d);

/// A finite decimal number, whole text (no units); nullopt otherwise.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

}  // namespace tiersim::scenario::yaml
