// File: tiersim/report/format.hpp
// Small text formatting shared by the report writers: CSV fields, numbers that round-trip,
// durations as a planner writes them ("30d", "2h 30min").
#pragma once

#include <string>
#include <string_view>

namespace tiersim::report {

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF (quotes doubled).
[[nodiscard]] std::string csv_field(std::string_view text);

/// A number for CSV: the shortest text that reads back to the same double; NaN and
/// infinities as an empty field (read as missing by pandas and R).
[[nodiscard]] std::string csv_number(double value);

/// A duration in minutes as text: whole days, hours and minutes ("365d", "1d 6h", "45min",
/// "2.5min" below a minute's precision). Negative or non-finite values print as numbers.
[[nodiscard]] std::string duration_text(double minutes);

}  // namespace tiersim::report
