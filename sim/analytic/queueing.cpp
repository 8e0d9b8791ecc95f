// Erlang-B/C and the M/M/c and M/G/c waits. Everything goes through the Erlang-B recursion,
// which stays in [0, 1] for any server count and load: no factorials or powers that
// overflow at a province hospital's hundreds of servers.
#include "analytic/queueing.hpp"

#include <cmath>
#include <limits>

#include "tiersim/analytic/analytic.hpp"

namespace tiersim::analytic {

namespace detail {

double erlang_b_real(double servers, double offered_load) noexcept {
  if (!(servers > 0)) return 1.0;  // no server: every arrival is blocked
  if (!(offered_load > 0)) return 0.0;
  const double a = offered_load;
  const double whole = std::floor(servers);
  const double frac = servers - whole;
  // Start at the fractional part: B(0) = 1, or the interpolation between B(0) and B(1).
  double b = frac > 0 ? (1.0 - frac) + frac * (a / (1.0 + a)) : 1.0;
  const auto steps = static_cast<long long>(whole);
  for (long long k = 1; k <= steps; ++k) b = a * b / (static_cast<double>(k) + frac + a * b);
  return b;
}

double erlang_c_real(double servers, double offered_load) noexcept {
  if (!(offered_load > 0)) return 0.0;
  if (offered_load >= servers) return 1.0;
  const double b = erlang_b_real(servers, offered_load);
  return servers * b / (servers - offered_load * (1.0 - b));
}

double allen_cunneen_wait(double lambda, double mean_service, double scv, double servers) noexcept {
  if (!(lambda > 0) || !(mean_service > 0)) return 0.0;
  const double a = lambda * mean_service;
  if (a >= servers) return std::numeric_limits<double>::infinity();
  // M/M/c: Wq = C / (c mu - lambda) = C x mean / (c - a).
  const double mmc = erlang_c_real(servers, a) * mean_service / (servers - a);
  return 0.5 * (1.0 + scv) * mmc;
}

}  // namespace detail

double erlang_b(int c, double offered_load) { return detail::erlang_b_real(c < 0 ? 0 : c, offered_load); }

double erlang_c(int c, double offered_load) { return detail::erlang_c_real(c < 0 ? 0 : c, offered_load); }

double mmc_mean_wait(double lambda, double mean_service, int c) {
  return detail::allen_cunneen_wait(lambda, mean_service, 1.0, c < 0 ? 0 : c);
}

}  // namespace tiersim::analytic

namespace tiersim::analytic {
double mgc_mean_wait(double lambda, double mean_service, double scv, double servers) {
  return detail::allen_cunneen_wait(lambda, mean_service, scv, servers);
}
}  // namespace tiersim::analytic
