// `tiersim warmup [SCENARIO] [--out DIR] [--pilots N] [--seed S] [--threads N]`: pilot
// replications with no warm-up, MSER-5 on the daily patients-in-system series averaged over
// the pilots (include/tiersim/experiment/warmup.hpp); prints the suggested warm-up in days and,
// with --out, writes warmup.json and warmup.html (an inline SVG plot), renamed together.
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/warmup.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/report/atomic_file.hpp"
#include "tiersim/report/format.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description visible_options() {
  po::options_description o("options");
  o.add_options()
      ("help,h", "print this help and exit")
      ("out,o", po::value<std::string>()->value_name("DIR"), "also write warmup.json and warmup.html into DIR")
      ("pilots,p", po::value<int>()->value_name("N")->default_value(10), "pilot replications")
      ("seed,s", po::value<std::uint64_t>()->value_name("S"), "master seed (default: the scenario's)")
      ("threads,j", po::value<int>()->value_name("N"), "threads (default: the machine's cores)");
  return o;
}

}  // namespace

int cmd_warmup(const Args& args) {
  po::options_description all = visible_options();
  all.add_options()("scenario", po::value<std::vector<std::string>>(), "scenario file");
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(fmt::format("tiersim warmup: {}\n(tiersim warmup --help for usage)", e.what()));
  }
  if (vm.count("help")) {
    std::ostringstream opts;
    opts << visible_options();
    std::printf("usage: tiersim warmup [SCENARIO] [--out DIR] [--pilots N]\n\n"
                "Runs pilot replications of SCENARIO (default: the embedded one) with no warm-up over its warm-up +\n"
                "horizon, averages the daily patients-in-system series over the pilots and applies MSER-5 (batch\n"
                "means of 5; the truncation point minimising the MSER statistic over the first half of the run).\n"
                "Prints the suggested warm-up in days.\n\n%s\nexit status: 0 ok, 1 runtime or file failure, 2 bad input\n",
                opts.str().c_str());
    return 0;
  }
  std::vector<std::string> files;
  if (vm.count("scenario")) files = vm["scenario"].as<std::vector<std::string>>();
  if (files.size() > 1) throw Error("tiersim warmup: one scenario at a time");
  const int pilots = vm["pilots"].as<int>();
  if (pilots < 2) throw Error(fmt::format("tiersim warmup: --pilots must be at least 2, got {}", pilots));
  int threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  if (vm.count("threads")) {
    threads = vm["threads"].as<int>();
    if (threads < 1) throw Error(fmt::format("tiersim warmup: --threads must be at least 1, got {}", threads));
  }
  scenario::Scenario s = files.empty() ? scenario::load_default_scenario() : scenario::load_scenario_file(files.front());
  if (vm.count("seed")) s.seed = vm["seed"].as<std::uint64_t>();
  const network::Network net = network::Network::build(s);
  std::optional<fs::path> folder;
  if (vm.count("out")) {
    folder = fs::path(vm["out"].as<std::string>());
    if (folder->empty()) throw Error("tiersim warmup: --out needs a folder name");
    if (fs::exists(*folder) && !fs::is_directory(*folder)) {
      throw Error(fmt::format("tiersim warmup: --out {}: exists and is not a folder", folder->string()));
    }
  }

  const experiment::WarmupAdvice advice = experiment::advise_warmup(s, net, pilots, threads);
  if (folder) {
    std::error_code ec;
    fs::create_directories(*folder, ec);
    if (ec) throw IoError(fmt::format("cannot create output folder {}: {}", folder->string(), ec.message()));
    report::AtomicFile json(*folder / "warmup.json");
    json.write(experiment::warmup_json(advice));
    report::AtomicFile html(*folder / "warmup.html");
    html.write(experiment::warmup_html(advice));
    json.finish();
    html.finish();
    json.publish();
    html.publish();
  }
  std::printf("suggested warm-up: %g days (MSER-5 over %d pilots of %s; the scenario has %s)\n",
              advice.suggested_minutes / 1440.0, pilots, report::duration_text(advice.run_minutes).c_str(),
              report::duration_text(advice.current_warmup).c_str());
  if (advice.mser.at_limit) {
    std::fprintf(stderr, "tiersim warmup: warning: the MSER minimum is at the end of its search range (half the run): "
                         "no steady state visible; lengthen the horizon or check stability (tiersim analyze)\n");
  }
  return 0;
}

}  // namespace tiersim::cli
