// File: analytic/queueing.hpp
// Queue formulas behind the analytic estimate, for server counts that may be fractional
// (visiting experts add a time share of a doctor). The integer-server Erlang functions are
// in the public header; these extend them and add the M/G/c approximation.
#pragma once

namespace tiersim::analytic::detail {

/// Erlang-B for a real server count x >= 0 and offered load a >= 0 (erlangs). Exact at
/// integer x (the recursion B(k) = a B(k-1) / (k + a B(k-1)), no factorials); between
/// integers, B at the fractional part is interpolated linearly between B(0) = 1 and
/// B(1) = a / (1 + a) and carried up by the same recursion.
[[nodiscard]] double erlang_b_real(double servers, double offered_load) noexcept;

/// Erlang-C (probability of waiting) from Erlang-B: C = c B / (c - a (1 - B)); 1 when a >= c.
[[nodiscard]] double erlang_c_real(double servers, double offered_load) noexcept;

/// Mean wait in queue (minutes) of M/G/c by Allen-Cunneen: (1 + scv) / 2 x the M/M/c wait
/// at the same mean. With scv = 1 it is the exact M/M/c wait. Infinity when unstable.
[[nodiscard]] double allen_cunneen_wait(double lambda, double mean_service, double scv, double servers) noexcept;

}  // namespace tiersim::analytic::detail
