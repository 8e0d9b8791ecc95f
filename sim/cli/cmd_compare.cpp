// `tiersim compare A B [...] [--out DIR] [--replications N] [--seed S] [--threads N]
// [--precision X ...]`: runs the scenarios on common random numbers (one master seed, the first
// arm's unless --seed) and writes comparison.json and comparison.html (layout in
// include/tiersim/experiment/compare.hpp). Bad input exits 2 before anything is created; the
// folder is created only after the runs succeeded; its name is printed at the end.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/compare.hpp"
#include "tiersim/report/output_folder.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description visible_options() {
  po::options_description o("options");
  o.add_options()
      ("help,h", "print this help and exit")
      ("out,o", po::value<std::string>()->value_name("DIR"), "output folder (default: a new folder comparison-output[-N] here)")
      ("replications,r", po::value<int>()->value_name("N"), "replications of every arm (default: the first scenario's)")
      ("seed,s", po::value<std::uint64_t>()->value_name("S"), "master seed of every arm (default: the first scenario's)")
      ("threads,j", po::value<int>()->value_name("N"), "threads (default: the machine's cores; results do not depend on it)")
      ("precision", po::value<double>()->value_name("X"),
       "add replications (in batches) until every arm's 95% CI half-widths are within X (e.g. 0.05) of the means")
      ("precision-metrics", po::value<std::string>()->value_name("M1,M2"), "metrics the precision rule watches (default: the three goal metrics)")
      ("max-replications", po::value<int>()->value_name("N"), "cap of the precision rule (default 200)")
      ("precision-batch", po::value<int>()->value_name("N"), "replications added per step (default 5)")
      ("quiet,q", "no progress line");
  return o;
}

void print_help(std::FILE* out) {
  std::ostringstream opts;
  opts << visible_options();
  std::fprintf(out,
               "usage: tiersim compare A.yaml B.yaml [...] [--out DIR] [--replications N] [--seed S] [--threads N]\n\n"
               "Runs every scenario with the same seed and replications (common random numbers) and writes\n"
               "comparison.json and comparison.html: each arm's means with 95%% CIs, the paired differences\n"
               "from the first arm with 95%% CIs, and the lines in which the resolved scenarios differ.\n\n%s\n"
               "exit status: 0 ok, 1 runtime or file failure, 2 bad input\n",
               opts.str().c_str());
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

}  // namespace

int cmd_compare(const Args& args) {
  po::options_description all = visible_options();
  all.add_options()("scenario", po::value<std::vector<std::string>>(), "scenario files");
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(fmt::format("tiersim compare: {}\n(tiersim compare --help for usage)", e.what()));
  }
  if (vm.count("help")) {
    print_help(stdout);
    return 0;
  }
  const auto files = vm.count("scenario") ? vm["scenario"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() < 2) throw Error("tiersim compare: name at least two scenario files (tiersim compare --help for usage)");

  experiment::CompareOptions options;
  if (vm.count("replications")) {
    options.replications = vm["replications"].as<int>();
    if (*options.replications < 1) {
      throw Error(fmt::format("tiersim compare: --replications must be at least 1, got {}", *options.replications));
    }
  }
  if (vm.count("seed")) options.seed = vm["seed"].as<std::uint64_t>();
  options.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  if (vm.count("threads")) {
    options.threads = vm["threads"].as<int>();
    if (options.threads < 1) throw Error(fmt::format("tiersim compare: --threads must be at least 1, got {}", options.threads));
  }
  if (vm.count("precision")) {
    options.precision.relative = vm["precision"].as<double>();
    if (!(options.precision.relative > 0 && options.precision.relative < 1)) {
      throw Error(fmt::format("tiersim compare: --precision must be in (0, 1), got {}", options.precision.relative));
    }
  }
  if (vm.count("precision-metrics")) options.precision.metrics = split_commas(vm["precision-metrics"].as<std::string>());
  if (vm.count("max-replications")) options.precision.max_replications = vm["max-replications"].as<int>();
  if (vm.count("precision-batch")) options.precision.batch = vm["precision-batch"].as<int>();

  // Input: every file loads before anything runs or is created.
  std::vector<std::pair<std::string, scenario::Scenario>> scenarios;
  for (const auto& f : files) scenarios.emplace_back(f, scenario::load_scenario_file(f));

  const fs::path folder = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : report::default_output_folder("comparison");
  if (folder.empty()) throw Error("tiersim compare: --out needs a folder name");
  if (fs::exists(folder) && !fs::is_directory(folder)) {
    throw Error(fmt::format("tiersim compare: --out {}: exists and is not a folder", folder.string()));
  }

  const bool show = vm.count("quiet") == 0 && ::isatty(STDERR_FILENO) == 1;
  bool shown = false;
  if (show) {
    options.on_progress = [&shown](int done, int total) {
      std::fprintf(stderr, "\r\033[Kreplications %d/%d (all arms)", done, total);
      std::fflush(stderr);
      shown = true;
    };
  }
  const auto arms = experiment::run_comparison(std::move(scenarios), options);
  if (shown) std::fputc('\n', stderr);

  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw IoError(fmt::format("cannot create output folder {}: {}", folder.string(), ec.message()));
  experiment::write_comparison(folder, arms, options.precision);
  std::printf("%s\n", folder.string().c_str());
  return 0;
}

}  // namespace tiersim::cli
