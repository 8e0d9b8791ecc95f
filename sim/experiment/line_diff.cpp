// diff_lines(): which lines of one resolved scenario differ from another's, each with the
// YAML path it sits under, so that "what changed" reads as `facilities[east].servers: 1 -> 2`.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tiersim/experiment/compare.hpp"

namespace tiersim::experiment {

namespace {

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \r");
  return s.substr(b, e - b + 1);
}

/// The YAML path of every line of a block-style YAML text (as yaml-cpp emits it): keys joined
/// by '.', sequence items shown by their first key's value (`facilities[east]`) or index.
std::vector<std::string> contexts(const std::vector<std::string>& lines) {
  struct Level {
    std::size_t indent;
    std::string label;
    bool item;
    int items = 0;  // items seen directly under this key
  };
  std::vector<Level> stack;
  std::vector<std::string> out;
  out.reserve(lines.size());
  auto path = [&] {
    std::string p;
    for (const auto& l : stack) {
      if (!l.item && !p.empty()) p += '.';
      p += l.label;
    }
    return p;
  };
  for (const auto& raw : lines) {
    const std::size_t indent = raw.find_first_not_of(' ');
    if (indent == std::string::npos || raw[indent] == '#') {
      out.push_back(path());
      continue;
    }
    std::string content = raw.substr(indent);
    std::size_t key_indent = indent;
    bool item = false;
    while (!stack.empty() && stack.back().indent > indent) stack.pop_back();
    if (content.rfind("- ", 0) == 0 || content == "-") {
      item = true;
      while (!stack.empty() && stack.back().indent >= indent && stack.back().item) stack.pop_back();
      // The item belongs to the key above it (yaml-cpp may indent items at the key's column).
      int index = 0;
      if (!stack.empty()) index = stack.back().items++;
      content = content.size() > 2 ? content.substr(2) : std::string();
      key_indent = indent + 2;
      const auto colon = content.find(": ");
      std::string label = colon == std::string::npos ? std::to_string(index) : trim(content.substr(colon + 2));
      if (label.empty() || label.size() > 40) label = std::to_string(index);
      stack.push_back({indent, "[" + label + "]", true});
    } else {
      while (!stack.empty() && stack.back().indent >= indent && !stack.back().item) stack.pop_back();
    }
    const auto colon = content.find(':');
    std::string key = colon == std::string::npos ? std::string() : trim(content.substr(0, colon));
    const bool opens_block = colon != std::string::npos && trim(content.substr(colon + 1)).empty();
    if (key.empty() || content.front() == '{' || content.front() == '[') {
      out.push_back(path());
      continue;
    }
    stack.push_back({key_indent, key, false});
    out.push_back(path());
    if (!opens_block) stack.pop_back();
    (void)item;
  }
  return out;
}

}  // namespace

std::vector<LineChange> diff_lines(std::string_view a_text, std::string_view b_text) {
  const auto a = split(a_text);
  const auto b = split(b_text);
  const auto ca = contexts(a);
  const auto cb = contexts(b);
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  const std::size_t n = a.size() - pre - suf;
  const std::size_t m = b.size() - pre - suf;
  std::vector<LineChange> out;
  auto minus = [&](std::size_t i) { out.push_back({'-', static_cast<int>(i + 1), ca[i], trim(a[i])}); };
  auto plus = [&](std::size_t j) { out.push_back({'+', static_cast<int>(j + 1), cb[j], trim(b[j])}); };
  constexpr std::size_t kMaxCells = 4'000'000;  // 16 MB of table; beyond it a set difference
  if ((n + 1) * (m + 1) <= kMaxCells) {
    // Longest common subsequence of the differing middles, then walk it.
    std::vector<std::uint32_t> L((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return L[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        minus(pre + i++);  // removals before additions, as diff prints them
      } else {
        plus(pre + j++);
      }
    }
    return out;
  }
  std::map<std::string, int> count;
  for (std::size_t j = pre; j < pre + m; ++j) ++count[b[j]];
  for (std::size_t i = pre; i < pre + n; ++i) {
    if (count[a[i]]-- <= 0) minus(i);
  }
  count.clear();
  for (std::size_t i = pre; i < pre + n; ++i) ++count[a[i]];
  for (std::size_t j = pre; j < pre + m; ++j) {
    if (count[b[j]]-- <= 0) plus(j);
  }
  return out;
}

}  // namespace tiersim::experiment
