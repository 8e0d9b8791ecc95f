// tiersim's entry point: picks the sub-command and turns exceptions into exit statuses
// (2 bad input, 1 runtime failure), as docs/CLI.md promises.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "cli/commands.hpp"
#include "tiersim/error.hpp"
#include "tiersim/version.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(const tiersim::cli::Args&);
  const char* summary;
};

constexpr Command kCommands[] = {
    {"serve", tiersim::cli::cmd_serve, "the planner's workbench in the browser: move levers, run, compare (local web server)"},
    {"run", tiersim::cli::cmd_run, "run a scenario (default: the embedded Hengkou alliance) and write its report"},
    {"compare", tiersim::cli::cmd_compare, "run scenarios on common random numbers; paired differences with 95% CIs"},
    {"sweep", tiersim::cli::cmd_sweep, "run every point of a sweep into SQLite (resumable; threads, shards, MPI)"},
    {"optimize", tiersim::cli::cmd_optimize, "the best plan within a budget, with a probability of correct selection"},
    {"validate", tiersim::cli::cmd_validate, "load and check scenario files, print a summary, run nothing"},
    {"analyze", tiersim::cli::cmd_analyze, "analytic estimate: traffic equations, Erlang-C waits, Erlang-B beds"},
    {"calibrate", tiersim::cli::cmd_calibrate, "fit a scenario's uncertain parameters to observed figures (NLopt)"},
    {"warmup", tiersim::cli::cmd_warmup, "suggest a warm-up length from pilot replications (MSER-5)"},
    {"bench", tiersim::cli::cmd_bench, "engine throughput figures"},
};

void usage(std::FILE* out) {
  std::fprintf(out, "tiersim %s: a discrete-event simulator for tiered care networks\n\n", tiersim::kVersion);
  std::fprintf(out, "usage: tiersim <command> [options]   (tiersim <command> --help for each)\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-9s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(stdout);
    return 0;
  }
  if (name == "--version") {
    std::printf("tiersim %s\n", tiersim::kVersion);
    return 0;
  }
  for (const auto& c : kCommands) {
    if (name != c.name) continue;
    tiersim::cli::Args args(argv + 2, argv + argc);
    try {
      return c.run(args);
    } catch (const tiersim::IoError& e) {
      std::fprintf(stderr, "tiersim %s: error: %s\n", c.name, e.what());
      return 1;
    } catch (const tiersim::Error& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return 2;
    } catch (const tiersim::InternalError& e) {
      std::fprintf(stderr, "tiersim %s: %s\n", c.name, e.what());
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "tiersim %s: error: %s\n", c.name, e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "tiersim: unknown command '%s'\n\n", name.c_str());
  usage(stderr);
  return 2;
}
