// "Did you mean": the closest known word by optimal-string-alignment distance, so that a
// swapped pair of letters (`sevrers`) counts as one edit.
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "scenario/yaml/diag.hpp"

namespace tiersim::scenario::yaml {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  // A third of the word's length, at least one edit: "sever" -> "severe", not "x" -> "id".
  const std::size_t budget = std::max<std::size_t>(1, (word.size() + 2) / 3);
  std::string best;
  std::size_t best_d = budget + 1;
  for (const auto& c : candidates) {
    const std::size_t dist = edit_distance(lower(word), lower(c));
    if (dist < best_d) {
      best_d = dist;
      best = c;
    }
  }
  return best;
}

std::string hint(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string c = closest(word, candidates);
  if (!c.empty()) return fmt::format(" (did you mean '{}'?)", c);
  if (candidates.empty()) return {};
  if (candidates.size() > 12) return fmt::format(" (expected one of: {}, ...)", fmt::join(candidates.begin(), candidates.begin() + 12, ", "));
  return fmt::format(" (expected one of: {})", fmt::join(candidates, ", "));
}

}  // namespace tiersim::scenario::yaml
