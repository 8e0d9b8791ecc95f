// Text to tree, with the checks yaml-cpp does not make. See tree.hpp.
#include "scenario/yaml/tree.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace tiersim::scenario::yaml {

namespace {

YAML::Mark mark_at(int line, int column) {
  YAML::Mark m;
  m.line = line;
  m.column = column;
  return m;
}

// The position (0-based) of byte `offset` of `text`.
YAML::Mark mark_of_offset(std::string_view text, std::size_t offset) {
  int line = 0, column = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
  }
  return mark_at(line, column);
}

// Offset of the first byte that makes `text` not UTF-8 text (a NUL, or a malformed sequence),
// or npos.
std::size_t first_binary_byte(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return i;
    int extra = 0;
    if (c < 0x80) extra = 0;
    else if ((c & 0xE0) == 0xC0 && c >= 0xC2) extra = 1;
    else if ((c & 0xF0) == 0xE0) extra = 2;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4) extra = 3;
    else return i;
    for (int k = 1; k <= extra; ++k) {
      if (i + static_cast<std::size_t>(k) >= text.size()) return i;
      if ((static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80) return i;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return std::string_view::npos;
}

// A cheap over-estimate of the nesting depth, so that yaml-cpp (which recurses once per level)
// never sees a document deep enough to exhaust the stack. Block nesting is counted from
// indentation and leading "- ", flow nesting from brackets outside quotes and comments.
// Returns the 0-based line where the depth first exceeds kMaxDepth, or -1.
int too_deep_line(std::string_view text) {
  std::vector<std::size_t> indents;
  int flow = 0;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    const bool blank = i == line.size() || line[i] == '#' || line[i] == '\r';
    if (!blank && flow == 0) {
      while (!indents.empty() && indents.back() > i) indents.pop_back();
      if (indents.empty() || indents.back() < i) indents.push_back(i);
    }
    int dashes = 0;
    std::size_t j = i;
    while (j + 1 < line.size() && line[j] == '-' && line[j + 1] == ' ') {
      ++dashes;
      j += 2;
      while (j < line.size() && line[j] == ' ') ++j;
    }
    char quote = 0;
    int line_max_flow = flow;
    for (std::size_t k = j; k < line.size(); ++k) {
      const char c = line[k];
      if (quote) {
        if (c == '\\' && quote == '"') ++k;
        else if (c == quote) quote = 0;
        continue;
      }
      const bool token_start = k == 0 || line[k - 1] == ' ' || line[k - 1] == '[' || line[k - 1] == '{' ||
                               line[k - 1] == ',' || line[k - 1] == ':';
      if ((c == '"' || c == '\'') && token_start) quote = c;
      else if (c == '#' && (k == 0 || line[k - 1] == ' ')) break;
      else if (c == '[' || c == '{') line_max_flow = std::max(line_max_flow, ++flow);
      else if ((c == ']' || c == '}') && flow > 0) --flow;
    }
    const int depth = static_cast<int>(indents.size()) + dashes + line_max_flow;
    if (depth > kMaxDepth) return line_no;
    ++line_no;
    pos = end + 1;
  }
  return -1;
}

// Where each document starts; nothing else of the event stream is needed.
struct DocumentStarts : YAML::EventHandler {
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

struct Walker {
  const Origin& origin;
  Diagnostics& diags;
  std::size_t nodes = 0;
  bool stopped = false;

  void walk(const YAML::Node& n, int depth, const std::string& path) {
    if (stopped) return;
    if (++nodes > kMaxNodes || depth > kMaxDepth) {
      diags.add(origin, n.Mark(), path,
                fmt::format("expected at most {} nodes nested at most {} deep, got more (aliases expanding?)",
                            kMaxNodes, kMaxDepth));
      stopped = true;
      return;
    }
    if (n.IsScalar()) {
      if (n.Tag() != "!" && looks_numeric(n)) {
        const std::string& s = n.Scalar();
        const bool nan_or_inf = s.find("nan") != std::string::npos || s.find("NaN") != std::string::npos ||
                                s.find("NAN") != std::string::npos || s.find("inf") != std::string::npos ||
                                s.find("Inf") != std::string::npos || s.find("INF") != std::string::npos;
        if (nan_or_inf) diags.add(origin, n.Mark(), path, fmt::format("expected a finite number, got {}", s));
      }
      return;
    }
    if (n.IsSequence()) {
      std::size_t i = 0;
      for (const auto& e : n) walk(e, depth + 1, fmt::format("{}[{}]", path, i++));
      return;
    }
    if (!n.IsMap()) return;
    std::vector<std::string> keys;
    for (auto it = n.begin(); it != n.end(); ++it) {
      const YAML::Node k = it->first;  // a copy: `it->first` lives in a temporary proxy
      if (!k.IsScalar()) {
        diags.add(origin, k.Mark(), path, fmt::format("expected a plain key, got {}", show(k)));
        continue;
      }
      const std::string child = path.empty() ? k.Scalar() : path + "." + k.Scalar();
      if (std::find(keys.begin(), keys.end(), k.Scalar()) != keys.end()) {
        diags.add(origin, k.Mark(), child,
                  fmt::format("expected each key once in a mapping, got \"{}\" a second time", k.Scalar()));
      } else {
        keys.push_back(k.Scalar());
      }
      walk(it->second, depth + 1, child);
    }
  }
};

}  // namespace

bool looks_numeric(const YAML::Node& n) {
  if (!n.IsScalar() || n.Tag() == "!") return false;
  const std::string& s = n.Scalar();
  if (s.empty()) return false;
  static const char* const kSpecial[] = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
                                         "+.INF", "-.inf", "-.Inf", "-.INF"};
  for (const char* sp : kSpecial) {
    if (s == sp) return true;
  }
  std::size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  bool digits = false, dot = false, exp = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') digits = true;
    else if (c == '.' && !dot && !exp) dot = true;
    else if ((c == 'e' || c == 'E') && digits && !exp) {
      exp = true;
      digits = false;
      if (i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-')) ++i;
    } else {
      return false;
    }
  }
  return digits;
}

std::string show(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  const std::string& s = n.Scalar();
  if (looks_numeric(n) || (n.Tag() != "!" && (s == "true" || s == "false"))) return s;
  std::string out = "\"";
  for (const char c : s.substr(0, 80)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  if (s.size() > 80) out += "...";
  return out + "\"";
}

std::optional<YAML::Node> parse_text(std::string_view text, const Origin& origin, Diagnostics& diags,
                                     bool empty_is_error) {
  const std::size_t before = diags.size();
  if (text.size() > kMaxFileBytes) {
    diags.add(origin, YAML::Mark::null_mark(), "",
              fmt::format("expected a scenario of at most 16 MiB, got {} bytes", text.size()));
    return std::nullopt;
  }
  if (const std::size_t bad = first_binary_byte(text); bad != std::string_view::npos) {
    diags.add(origin, mark_of_offset(text, bad), "",
              fmt::format("expected YAML text (UTF-8), got binary data (byte 0x{:02x} at offset {})",
                          static_cast<unsigned>(static_cast<unsigned char>(text[bad])), bad));
    return std::nullopt;
  }
  if (const int line = too_deep_line(text); line >= 0) {
    diags.add(origin, mark_at(line, 0), "",
              fmt::format("expected mappings and lists nested at most {} deep, got deeper nesting", kMaxDepth));
    return std::nullopt;
  }
  YAML::Node doc;
  try {
    const std::string owned(text);
    // Documents are counted with the event parser, stopping at three, and only the first is
    // built: yaml-cpp 0.7's LoadAll loops for ever, allocating, on a ',' where a block node
    // ends (found by libFuzzer), its parser starting empty document after empty document at
    // the same place.
    std::istringstream in(owned);
    YAML::Parser parser(in);
    DocumentStarts starts;
    int count = 0;
    while (count < 3 && parser.HandleNextDocument(starts)) ++count;
    for (std::size_t i = 1; i < starts.marks.size(); ++i) {
      const YAML::Mark m = starts.marks[i];
      if (m.pos != starts.marks[i - 1].pos) continue;
      const char c = m.pos >= 0 && static_cast<std::size_t>(m.pos) < text.size() ? text[static_cast<std::size_t>(m.pos)] : '?';
      diags.add(origin, m, "", fmt::format("expected valid YAML, got a syntax error: unexpected '{}'", c));
      return std::nullopt;
    }
    if (count > 1) {
      diags.add(origin, starts.marks[1], "", "expected one YAML document, got more (the second starts here)");
      return std::nullopt;
    }
    doc = YAML::Load(owned);
  } catch (const YAML::Exception& e) {
    diags.add(origin, e.mark, "", fmt::format("expected valid YAML, got a syntax error: {}", e.msg));
    return std::nullopt;
  }
  if (doc.IsNull()) {
    if (!empty_is_error) return doc;
    diags.add(origin, mark_at(0, 0), "", "expected a mapping of scenario keys, got an empty file");
    return std::nullopt;
  }
  Walker w{origin, diags};
  w.walk(doc, 0, "");
  if (diags.size() > before) return std::nullopt;
  return doc;
}

std::optional<std::string> read_file_text(const std::string& path, const Diagnostic& where, Diagnostics& diags) {
  auto fail = [&](const std::string& why) {
    Diagnostic d = where;
    d.message = why;
    diags.add(d);
    return std::nullopt;
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail(fmt::format("expected an existing file, got \"{}\" (not found)", path));
  if (std::filesystem::is_directory(path, ec)) return fail(fmt::format("expected a file, got \"{}\" (a directory)", path));
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    return fail(fmt::format("expected a scenario of at most 16 MiB, got \"{}\" of {} bytes", path, size));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(fmt::format("expected a readable file, got \"{}\" ({})", path, std::strerror(errno)));
  // Stop one chunk past the limit: a device or pipe (`extends: /dev/zero`) reports no
  // size above, and must not be read without end.
  std::string text;
  char chunk[1 << 16];
  while (text.size() <= kMaxFileBytes && in.read(chunk, sizeof chunk).gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > kMaxFileBytes) {
    return fail(fmt::format("expected a scenario of at most 16 MiB, got \"{}\" of more", path));
  }
  return text;
}

}  // namespace tiersim::scenario::yaml
