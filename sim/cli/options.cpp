// The options layer (see options.hpp for the rules it enforces and how commands use it).
//
// Every value option is declared to Boost as text and converted here, so that the rules for
// what a number is and the wording of every refusal live in one place: Boost's own converters
// accept `--seed -5` (lexical_cast wraps it round to 2^64 - 5) and word their refusals as
// "the argument ('1e30') for option '--seed' is invalid".
#include "cli/options.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>
#include <type_traits>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tiersim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultExitStatus = "exit status: 0 ok, 1 runtime or file failure, 2 bad input";

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// `a whole number from 1 to 1000000`, `a number in (0, 1)`, ...: what a value must be.
template <class T>
std::string describe(const Range<T>& r) {
  if constexpr (std::is_integral_v<T>) {
    const bool has_lo = r.lo != std::numeric_limits<T>::lowest() || std::is_unsigned_v<T>;
    const bool has_hi = r.hi != std::numeric_limits<T>::max() || std::is_unsigned_v<T>;
    if (has_lo && has_hi) return fmt::format("a whole number from {} to {}", r.lo, r.hi);
    if (has_lo) return fmt::format("a whole number of at least {}", r.lo);
    if (has_hi) return fmt::format("a whole number of at most {}", r.hi);
    return "a whole number";
  } else {
    const bool has_lo = r.lo != std::numeric_limits<T>::lowest();
    const bool has_hi = r.hi != std::numeric_limits<T>::max();
    if (has_lo && has_hi) {
      return fmt::format("a number in {}{:g}, {:g}{}", r.lo_open ? '(' : '[', r.lo, r.hi, r.hi_open ? ')' : ']');
    }
    if (has_lo) return fmt::format("a number {} {:g}", r.lo_open ? "above" : "of at least", r.lo);
    if (has_hi) return fmt::format("a number {} {:g}", r.hi_open ? "below" : "of at most", r.hi);
    return "a finite number";
  }
}

template <class T>
bool within(T v, const Range<T>& r) {
  if (r.lo_open ? !(v > r.lo) : !(v >= r.lo)) return false;
  if (r.hi_open ? !(v < r.hi) : !(v <= r.hi)) return false;
  return true;
}

/// The one converter: text to T within `r`, or a tiersim::Error in the house wording.
template <class T>
T convert(const std::string& command, const std::string& option, const std::string& text, const Range<T>& r) {
  const auto refuse = [&] {
    return Error(fmt::format("tiersim {}: --{}: expected {}, got '{}'", command, option, describe(r), text));
  };
  T v{};
  if constexpr (std::is_integral_v<T>) {
    // Digits only (a '-' for signed types): no spaces, no '+', no exponent, no fraction.
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (text.empty() || text.front() == '+') throw refuse();
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last) throw refuse();
  } else {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) throw refuse();
    char* end = nullptr;
    errno = 0;
    v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v) || errno == ERANGE) throw refuse();
  }
  if (!within(v, r)) throw refuse();
  return v;
}

template <class T>
std::string default_note(const T& v) {
  if constexpr (std::is_floating_point_v<T>) {
    return fmt::format(" (default {:g})", v);
  } else {
    return fmt::format(" (default {})", v);
  }
}

}  // namespace

bool CommonValues::progress() const { return !quiet && ::isatty(STDERR_FILENO) == 1; }

struct Command::Impl {
  std::string usage, about, exit_status = kDefaultExitStatus;
  po::options_description visible{"options", 100, 44};
  std::map<std::string, std::function<void(const std::string&)>> converters;  // long name -> setter
  std::map<std::string, bool*> flags;
  std::map<char, std::string> short_to_long;
  po::variables_map vm;
  unsigned common = 0;
  bool has_positionals = false;
  std::string pos_what;
  int pos_min = 0, pos_max = 0;
  std::string too_few, too_many;

  // The shared options' raw values, turned into CommonValues after parsing.
  std::optional<std::string> out;
  std::optional<int> replications, threads, max_replications, precision_batch;
  std::optional<std::uint64_t> seed;
  std::optional<double> precision;
  std::optional<std::string> precision_metrics;
  bool quiet = false, json = false;

  static std::string long_name(const std::string& spec) { return spec.substr(0, spec.find(',')); }

  void note_short(const std::string& spec) {
    if (const auto comma = spec.find(','); comma != std::string::npos && comma + 1 < spec.size()) {
      short_to_long[spec[comma + 1]] = long_name(spec);
    }
  }

  void add_value(const std::string& spec, const std::string& value_name, const std::string& help,
                 std::function<void(const std::string&)> set) {
    visible.add_options()(spec.c_str(), po::value<std::string>()->value_name(value_name), help.c_str());
    converters[long_name(spec)] = std::move(set);
    note_short(spec);
  }

  void add_flag(const std::string& spec, bool* target, const std::string& help) {
    visible.add_options()(spec.c_str(), help.c_str());
    flags[long_name(spec)] = target;
    note_short(spec);
  }
};

Command::Command(std::string name, std::string usage, std::string about)
    : name_(std::move(name)), impl_(std::make_unique<Impl>()) {
  impl_->usage = std::move(usage);
  impl_->about = std::move(about);
  impl_->visible.add_options()("help,h", "print this help and exit");
}

Command::~Command() = default;

Command& Command::common(unsigned which, const std::string& help) {
  Impl& m = *impl_;
  const auto text = [&](const char* usual) { return help.empty() ? std::string(usual) : help; };
  const std::string& cmd = name_;
  if (which & kOut) {
    m.add_value("out,o", "DIR", text("output folder (default: a new folder named after the input, here)"),
                [&m, cmd](const std::string& v) {
                  if (v.empty()) throw Error(fmt::format("tiersim {}: --out needs a folder name", cmd));
                  m.out = v;
                });
  }
  if (which & kReplications) {
    m.add_value("replications,r", "N", text("replications (default: the scenario's)"), [&m, cmd](const std::string& v) {
      m.replications = convert(cmd, "replications", v, Range<int>{1, 1'000'000});
    });
  }
  if (which & kSeed) {
    m.add_value("seed,s", "S", text("master seed, 0 to 2^64-1 (default: the scenario's)"), [&m, cmd](const std::string& v) {
      m.seed = convert(cmd, "seed", v, Range<std::uint64_t>{});
    });
  }
  if (which & kThreads) {
    m.add_value("threads,j", "N", text("threads (default: the machine's cores; results do not depend on it)"),
                [&m, cmd](const std::string& v) { m.threads = convert(cmd, "threads", v, Range<int>{1, 4096}); });
  }
  if (which & kPrecision) {
    m.add_value("precision", "X",
                text("add replications (in batches) until the 95% CI half-widths are within X (e.g. 0.05) of the means"),
                [&m, cmd](const std::string& v) {
                  m.precision = convert(cmd, "precision", v, Range<double>{0, 1, true, true});
                });
    m.add_value("precision-metrics", "M1,M2", "metrics the precision rule watches (default: the three goal metrics)",
                [&m, cmd](const std::string& v) {
                  if (split_commas(v).empty()) {
                    throw Error(fmt::format("tiersim {}: --precision-metrics: expected metric names, got '{}'", cmd, v));
                  }
                  m.precision_metrics = v;
                });
    m.add_value("max-replications", "N", "cap of the precision rule (default 200)", [&m, cmd](const std::string& v) {
      m.max_replications = convert(cmd, "max-replications", v, Range<int>{1, 1'000'000});
    });
    m.add_value("precision-batch", "N", "replications added per step of the precision rule (default 5)",
                [&m, cmd](const std::string& v) {
                  m.precision_batch = convert(cmd, "precision-batch", v, Range<int>{1, 1'000'000});
                });
  }
  if (which & kJson) m.add_flag("json", &m.json, text("print the result as JSON on stdout"));
  if (which & kQuiet) m.add_flag("quiet,q", &m.quiet, text("no progress line"));
  m.common |= which;
  return *this;
}

#define TIERSIM_OPTION_PLAIN(T)                                                                                    \
  Command& Command::option(const std::string& name, T* target, const std::string& value_name,                     \
                           const std::string& help, Range<T> range) {                                             \
    const std::string cmd = name_;                                                                                 \
    const std::string opt = Impl::long_name(name);                                                                 \
    const std::string h = help.find("default") == std::string::npos ? help + default_note(*target) : help;         \
    impl_->add_value(name, value_name, h,                                                                          \
                     [=](const std::string& v) { *target = convert(cmd, opt, v, range); });                       \
    return *this;                                                                                                  \
  }
#define TIERSIM_OPTION_OPTIONAL(T)                                                                                 \
  Command& Command::option(const std::string& name, std::optional<T>* target, const std::string& value_name,      \
                           const std::string& help, Range<T> range) {                                             \
    const std::string cmd = name_;                                                                                 \
    const std::string opt = Impl::long_name(name);                                                                 \
    impl_->add_value(name, value_name, help, [=](const std::string& v) { *target = convert(cmd, opt, v, range); }); \
    return *this;                                                                                                  \
  }
TIERSIM_OPTION_PLAIN(int)
TIERSIM_OPTION_PLAIN(std::uint32_t)
TIERSIM_OPTION_PLAIN(std::uint64_t)
TIERSIM_OPTION_PLAIN(double)
TIERSIM_OPTION_OPTIONAL(int)
TIERSIM_OPTION_OPTIONAL(std::uint64_t)
TIERSIM_OPTION_OPTIONAL(double)
#undef TIERSIM_OPTION_PLAIN
#undef TIERSIM_OPTION_OPTIONAL

namespace {

/// Sets a text option's target (a string, or an optional one); an empty value is refused.
template <class Target>
std::function<void(const std::string&)> text_setter(std::string cmd, std::string opt, std::string value_name,
                                                    Target* target) {
  return [=](const std::string& v) {
    if (v.empty()) throw Error(fmt::format("tiersim {}: --{}: expected {}, got an empty value", cmd, opt, value_name));
    *target = v;
  };
}

}  // namespace

Command& Command::option(const std::string& name, std::string* target, const std::string& value_name,
                         const std::string& help) {
  impl_->add_value(name, value_name, help, text_setter(name_, Impl::long_name(name), value_name, target));
  return *this;
}

Command& Command::option(const std::string& name, std::optional<std::string>* target, const std::string& value_name,
                         const std::string& help) {
  impl_->add_value(name, value_name, help, text_setter(name_, Impl::long_name(name), value_name, target));
  return *this;
}

Command& Command::flag(const std::string& name, bool* target, const std::string& help) {
  impl_->add_flag(name, target, help);
  return *this;
}

Command& Command::positionals(const std::string& what, int min, int max, const std::string& too_few,
                              const std::string& too_many) {
  impl_->has_positionals = true;
  impl_->pos_what = what;
  impl_->pos_min = min;
  impl_->pos_max = max;
  impl_->too_few = too_few;
  impl_->too_many = too_many;
  return *this;
}

Command& Command::exit_status(const std::string& text) {
  impl_->exit_status = text;
  return *this;
}

std::string Command::help() const {
  std::ostringstream opts;
  opts << impl_->visible;
  return fmt::format("usage: tiersim {} {}\n\n{}\n\n{}\n{}\n", name_, impl_->usage, impl_->about, opts.str(),
                     impl_->exit_status);
}

Error Command::usage_error(const std::string& message) const {
  return Error(fmt::format("tiersim {}: {}\n(tiersim {} --help for usage)", name_, message, name_));
}

bool Command::given(const std::string& name) const { return impl_->vm.count(name) > 0; }

bool Command::parse(const Args& raw) {
  Impl& m = *impl_;
  // `--seed -5`: Boost would read "-5" as an option and say the value is missing; glue a value
  // that looks like a negative number to its option so the value check can name it.
  Args args;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string& a = raw[i];
    std::string long_opt;
    if (a.size() > 2 && a.compare(0, 2, "--") == 0 && a.find('=') == std::string::npos) long_opt = a.substr(2);
    if (a.size() == 2 && a[0] == '-' && m.short_to_long.count(a[1])) long_opt = m.short_to_long[a[1]];
    const bool takes_value = !long_opt.empty() && m.converters.count(long_opt) > 0;
    if (takes_value && i + 1 < raw.size()) {
      const std::string& next = raw[i + 1];
      if (next.size() > 1 && next[0] == '-' && (std::isdigit(static_cast<unsigned char>(next[1])) || next[1] == '.')) {
        args.push_back("--" + long_opt + "=" + next);
        ++i;
        continue;
      }
    }
    args.push_back(a);
  }

  po::options_description all;
  all.add(m.visible);
  po::positional_options_description pos;
  if (m.has_positionals) {
    all.add_options()("tiersim-positional", po::value<std::vector<std::string>>(), "");
    pos.add("tiersim-positional", -1);
  }
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), m.vm);
    po::notify(m.vm);
  } catch (const po::error& e) {
    throw usage_error(e.what());
  }
  if (m.vm.count("help")) {
    std::fputs(help().c_str(), stdout);
    return false;
  }
  // Values, in the order the options were declared to Boost (the map is by name: stable).
  for (const auto& [name, set] : m.converters) {
    if (m.vm.count(name)) set(m.vm[name].as<std::string>());
  }
  for (const auto& [name, target] : m.flags) *target = m.vm.count(name) > 0;

  if (m.has_positionals) {
    if (m.vm.count("tiersim-positional")) values_.positionals = m.vm["tiersim-positional"].as<std::vector<std::string>>();
    const int n = static_cast<int>(values_.positionals.size());
    if (n < m.pos_min) {
      throw usage_error(!m.too_few.empty() ? m.too_few
                        : m.pos_min == 1   ? fmt::format("expected {}", m.pos_what)
                                           : fmt::format("expected at least {} {}", m.pos_min, m.pos_what));
    }
    if (n > m.pos_max) {
      throw usage_error(!m.too_many.empty() ? m.too_many
                                            : fmt::format("expected at most {} {}, got {}", m.pos_max, m.pos_what, n));
    }
  }

  CommonValues& c = values_;
  if (m.out) c.out = fs::path(*m.out);
  c.replications = m.replications;
  c.seed = m.seed;
  c.threads_given = m.threads.has_value();
  c.threads = m.threads.value_or(static_cast<int>(std::max(1U, std::thread::hardware_concurrency())));
  c.quiet = m.quiet;
  c.json = m.json;
  if (m.precision) c.precision.relative = *m.precision;
  if (m.precision_metrics) c.precision.metrics = split_commas(*m.precision_metrics);
  if (m.max_replications) c.precision.max_replications = *m.max_replications;
  if (m.precision_batch) c.precision.batch = *m.precision_batch;
  return true;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// ---- progress line ----

Progress::Progress(bool enabled) : enabled_(enabled), start_(now_seconds()) {}

Progress::~Progress() {
  if (shown_) std::fputc('\n', stderr);
}

void Progress::show(const std::string& line) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void Progress::replications(int done, int total, std::uint64_t events) {
  if (!enabled_) return;
  const double secs = now_seconds() - start_;
  const double rate = secs > 0 ? static_cast<double>(events) / secs : 0;
  show(fmt::format("replications {}/{} · {:.2f} M events/s", done, total, rate / 1e6));
}

// ---- output folders ----

namespace {

/// `summary.json.tmp.4711`: the temporary name report::AtomicFile writes under, left behind
/// only when a tiersim process was killed before it could rename or remove it.
bool is_temporary_name(const std::string& name) {
  const auto at = name.rfind(".tmp.");
  if (at == std::string::npos || at == 0 || at + 5 == name.size()) return false;
  for (std::size_t i = at + 5; i < name.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  }
  return true;
}

}  // namespace

bool is_tiersim_output_folder(const fs::path& folder) {
  // Bounded: a folder full of unrelated large JSON files is not read to the end.
  constexpr std::uintmax_t kMaxJsonBytes = 512ULL << 20;
  constexpr int kMaxJsonFiles = 64;
  std::error_code ec;
  int seen = 0;
  bool only_temporary = true;  // a killed run's leftovers (e.g. a --trace run killed mid-run)
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    only_temporary = only_temporary && is_temporary_name(p.filename().string());
    if (p.extension() != ".json" || !it->is_regular_file(ec)) continue;
    if (++seen > kMaxJsonFiles) break;
    if (it->file_size(ec) > kMaxJsonBytes || ec) continue;
    std::ifstream in(p, std::ios::binary);
    const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("tiersim_version")) return true;
    // calibration.json keeps exactly the keys its issue lists (no tiersim_version): know it by them.
    if (j.is_object() && j.size() == 6 && j.contains("parameters") && j.contains("uncertainty") && j.contains("targets") &&
        j.contains("loss") && j.contains("evaluations") && j.contains("replications_run")) {
      return true;
    }
  }
  return !ec && only_temporary;
}

namespace {

/// Fails before a long run when the folder could never be written: its nearest existing
/// ancestor must be a folder we may write into.
void check_writable(const fs::path& folder) {
  fs::path p = fs::absolute(folder);
  std::error_code ec;
  while (!fs::exists(fs::symlink_status(p, ec)) && p.has_parent_path() && p != p.parent_path()) p = p.parent_path();
  if (!fs::is_directory(p)) {
    throw IoError(fmt::format("cannot create output folder {}: {} is not a folder", folder.string(), p.string()));
  }
  if (::access(p.c_str(), W_OK | X_OK) != 0) {
    throw IoError(fmt::format("cannot write into {}: {}", p.string(), std::strerror(errno)));
  }
}

/// The alphabetically first entry of `folder` (for the message; empty when there is none) and
/// how many entries it has.
std::pair<std::string, std::size_t> first_entry(const fs::path& folder) {
  std::error_code ec;
  std::string first;
  std::size_t n = 0;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (first.empty() || name < first) first = name;
    ++n;
  }
  if (ec) throw IoError(fmt::format("cannot read output folder {}: {}", folder.string(), ec.message()));
  return {first, n};
}

}  // namespace

OutputFolder::OutputFolder(const std::string& command, fs::path folder) : path_(std::move(folder)) {
  if (path_.empty()) throw Error(fmt::format("tiersim {}: --out needs a folder name", command));
  std::error_code ec;
  const auto st = fs::status(path_, ec);
  if (fs::exists(st) && !fs::is_directory(st)) {
    throw Error(fmt::format("tiersim {}: --out {}: exists and is not a folder", command, path_.string()));
  }
  if (fs::is_directory(st)) {
    const auto [first, count] = first_entry(path_);
    if (count > 0 && !is_tiersim_output_folder(path_)) {
      throw Error(fmt::format(
          "tiersim {}: --out {}: the folder is not empty (it holds '{}'{}) and is not an earlier tiersim output folder; "
          "name a new or empty folder, or leave --out out for a fresh one",
          command, path_.string(), first, count > 1 ? fmt::format(" and {} more", count - 1) : ""));
    }
  }
  check_writable(path_);
}

OutputFolder::~OutputFolder() {
  if (!created_) return;
  std::error_code ec;
  fs::remove(path_, ec);  // fails harmlessly when not empty
}

void OutputFolder::create() {
  std::error_code ec;
  if (fs::is_directory(path_, ec)) return;
  fs::create_directories(path_, ec);
  if (ec) throw IoError(fmt::format("cannot create output folder {}: {}", path_.string(), ec.message()));
  created_ = true;
}

}  // namespace tiersim::cli
