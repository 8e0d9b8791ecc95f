// `tiersim run [SCENARIO] [--out DIR] [--replications N] [--seed S] [--threads N] [--trace]
// [--quiet]`: loads a scenario (the embedded default when none is named), checks it with the
// analytic model (unstable facilities are warned about on stderr), runs the replications and
// writes summary.json, replications.csv, facilities.csv and report.html (and events.csv with
// --trace) into an output folder.
//
// Output hygiene: bad input exits 2 before anything is created; the folder is created only
// once the run has succeeded (with --trace, just before the run, and removed again if the run
// fails); the four files are written to temporary names and renamed together, so a folder
// never holds files of two runs. The default folder is new for every run.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/runner.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/report/events_csv.hpp"
#include "tiersim/report/output_folder.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

struct RunArgs {
  std::optional<std::string> scenario;
  std::optional<std::string> out;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 1;
  bool trace = false;
  bool quiet = false;
};

po::options_description visible_options() {
  po::options_description o("options");
  o.add_options()
      ("help,h", "print this help and exit")
      ("out,o", po::value<std::string>()->value_name("DIR"),
       "output folder (default: a new folder <scenario name>-output[-N] here); files of an earlier run there are replaced")
      ("replications,r", po::value<int>()->value_name("N"), "replications (default: the scenario's)")
      ("seed,s", po::value<std::uint64_t>()->value_name("S"), "master seed (default: the scenario's)")
      ("threads,j", po::value<int>()->value_name("N"), "threads running replications (default: the machine's cores; results do not depend on it)")
      ("trace", "also write events.csv: every patient event (large; runs on one thread)")
      ("quiet,q", "no progress line");
  return o;
}

void print_help(std::FILE* out) {
  std::ostringstream opts;
  opts << visible_options();
  std::fprintf(out,
               "usage: tiersim run [SCENARIO] [--out DIR] [--replications N] [--seed S] [--threads N] [--trace] [--quiet]\n\n"
               "Runs SCENARIO (a YAML file; without it, the embedded default %s) and writes summary.json,\n"
               "replications.csv, facilities.csv and report.html (and events.csv with --trace) into the output\n"
               "folder, whose name is printed at the end.\n\n%s\n"
               "exit status: 0 ok, 1 runtime or file failure, 2 bad input\n",
               std::string(scenario::embedded_default_name()).c_str(), opts.str().c_str());
}

RunArgs parse(const Args& args, bool& help) {
  po::options_description all = visible_options();
  all.add_options()("scenario", po::value<std::vector<std::string>>(), "scenario file");
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(fmt::format("tiersim run: {}\n(tiersim run --help for usage)", e.what()));
  }
  help = vm.count("help") > 0;
  RunArgs a;
  if (vm.count("scenario")) {
    const auto& files = vm["scenario"].as<std::vector<std::string>>();
    if (files.size() > 1) {
      throw Error("tiersim run: one scenario at a time (use tiersim compare to run several)");
    }
    a.scenario = files.front();
  }
  if (vm.count("out")) {
    a.out = vm["out"].as<std::string>();
    if (a.out->empty()) throw Error("tiersim run: --out needs a folder name");
  }
  if (vm.count("replications")) {
    a.replications = vm["replications"].as<int>();
    if (*a.replications < 1) throw Error(fmt::format("tiersim run: --replications must be at least 1, got {}", *a.replications));
  }
  if (vm.count("seed")) a.seed = vm["seed"].as<std::uint64_t>();
  a.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  if (vm.count("threads")) {
    a.threads = vm["threads"].as<int>();
    if (a.threads < 1) throw Error(fmt::format("tiersim run: --threads must be at least 1, got {}", a.threads));
  }
  a.trace = vm.count("trace") > 0;
  a.quiet = vm.count("quiet") > 0;
  return a;
}

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

/// Removes a folder this run created if the run fails (only if still empty: never a user's file).
class FolderGuard {
 public:
  void created(fs::path p) { path_ = std::move(p); }
  void keep() { path_.clear(); }
  ~FolderGuard() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove(path_, ec);  // fails harmlessly when not empty
  }

 private:
  fs::path path_;
};

/// `replications 3/10 · 1.2 M events/s`, rewritten in place on a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void update(int done, int total, std::uint64_t events) {
    if (!enabled_) return;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = secs > 0 ? static_cast<double>(events) / secs : 0;
    std::fprintf(stderr, "\r\033[Kreplications %d/%d · %.2f M events/s", done, total, rate / 1e6);
    std::fflush(stderr);
    shown_ = true;
  }
  ~Progress() {
    if (shown_) std::fputc('\n', stderr);
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

int cmd_run(const Args& args) {
  bool help = false;
  const RunArgs a = parse(args, help);
  if (help) {
    print_help(stdout);
    return 0;
  }

  // Input: any problem here exits 2 with nothing created.
  scenario::Scenario s = a.scenario ? scenario::load_scenario_file(*a.scenario) : scenario::load_default_scenario();
  if (a.seed) s.seed = *a.seed;
  if (a.replications) s.replications = *a.replications;
  const network::Network net = network::Network::build(s);

  const analytic::Analysis analysis = analytic::analyze(s, net);
  // At most 10 lines: a warning repeated for every village would bury the rest; all of them
  // are listed in report.html.
  constexpr std::size_t kMaxWarnings = 10;
  for (std::size_t i = 0; i < analysis.warnings.size() && i < kMaxWarnings; ++i) {
    std::fprintf(stderr, "tiersim run: warning: %s\n", analysis.warnings[i].c_str());
  }
  if (analysis.warnings.size() > kMaxWarnings) {
    std::fprintf(stderr, "tiersim run: warning: ... and %zu more (all listed in report.html)\n",
                 analysis.warnings.size() - kMaxWarnings);
  }

  const fs::path folder = a.out ? fs::path(*a.out) : report::default_output_folder(s.name, fs::path());
  if (fs::exists(folder) && !fs::is_directory(folder)) {
    throw Error(fmt::format("tiersim run: --out {}: exists and is not a folder", folder.string()));
  }
  check_writable(folder);

  FolderGuard guard;
  auto make_folder = [&] {
    if (fs::exists(folder)) return;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError(fmt::format("cannot create output folder {}: {}", folder.string(), ec.message()));
    guard.created(folder);
  };

  std::unique_ptr<report::EventsCsvWriter> trace;
  if (a.trace) {
    make_folder();  // the trace streams into the folder during the run
    trace = std::make_unique<report::EventsCsvWriter>(folder / report::kEventsCsv, s);
  }

  experiment::RunOptions options;
  options.replications = s.replications;
  options.seed = s.seed;
  options.threads = a.threads;
  options.trace = trace.get();
  stats::RunResult run;
  {
    Progress progress(!a.quiet && ::isatty(STDERR_FILENO) == 1);
    options.on_progress = [&progress](int done, int total, std::uint64_t events) { progress.update(done, total, events); };
    run = experiment::run_scenario(s, net, options);
  }

  make_folder();
  report::write_run_outputs(folder, run, s, &analysis, trace ? &trace->file() : nullptr);
  guard.keep();
  std::printf("%s\n", folder.string().c_str());
  return 0;
}

}  // namespace tiersim::cli
