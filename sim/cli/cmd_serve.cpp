// `tiersim serve [SCENARIO|DIR ...] [--port 8765] [--host 127.0.0.1] [--threads N]
// [--allow-host NAME,...]`: the planner's workbench in the browser (include/tiersim/serve/
// server.hpp, sim/serve/README.md). Loads every scenario first (a bad file named on the command
// line exits 2 before anything listens), prints the URL to open, and serves until Ctrl-C or
// SIGTERM, which cancel the runs and remove the server's temporary folder.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "tiersim/error.hpp"
#include "tiersim/serve/server.hpp"

namespace tiersim::cli {

namespace {

volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_signal(int sig) { g_signal = sig; }

}  // namespace

int cmd_serve(const Args& args) {
  int port = 8765;
  std::string host = "127.0.0.1";
  std::optional<std::string> allow;
  Command cmd("serve", "[SCENARIO|DIR ...] [--port N] [--host ADDR] [--threads N]",
              "Starts a local web server with the planner's workbench: pick a scenario, move its levers, run\n"
              "the variant against the unchanged scenario on common random numbers, and compare the goals,\n"
              "waits and utilisation with 95% CIs. Without arguments it serves the embedded default and the\n"
              "scenario files in ./scenarios/. Prints the URL to open; Ctrl-C stops it (runs are cancelled,\n"
              "temporary files removed). The JSON API the page uses is documented in sim/serve/README.md.");
  cmd.option("port,p", &port, "N", "TCP port (0: any free port)", Range<int>{0, 65535});
  cmd.option("host", &host, "ADDR", "address to listen on; anything but loopback makes the server reachable from other machines");
  cmd.option("allow-host", &allow, "NAME,...", "more host names accepted in the Host header (e.g. this machine's name with --host 0.0.0.0)");
  cmd.common(kThreads, "threads of each run (default: the machine's cores; results do not depend on it)");
  cmd.positionals("SCENARIO files or folders", 0, 10'000);
  if (!cmd.parse(args)) return 0;
  const CommonValues& c = cmd.values();
  if (host.empty()) throw cmd.usage_error("--host: expected an address, got ''");

  std::vector<std::string> skipped;
  auto catalogue = serve::collect_scenarios(c.positionals, skipped);
  for (const auto& s : skipped) std::fprintf(stderr, "tiersim serve: skipped %s\n", s.c_str());

  serve::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = c.threads;
  if (allow) options.allowed_hosts = split_commas(*allow);
  if (!serve::is_loopback_host(host)) {
    std::fprintf(stderr,
                 "tiersim serve: warning: listening on %s, not on loopback: other machines on the network can reach "
                 "this server and start runs on it (there is no login)\n",
                 host.c_str());
  }
  const std::size_t count = catalogue.size();
  serve::Server server(std::move(catalogue), options);

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  std::atomic<bool> done{false};
  std::thread watcher([&server, &done] {
    // A signal handler may not call stop() (it locks); this thread does, soon after.
    while (!done && g_signal == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop();
  });
  std::printf("tiersim serve: %zu scenario%s; open %s  (Ctrl-C stops)\n", count, count == 1 ? "" : "s",
              server.url().c_str());
  std::fflush(stdout);
  const bool ok = server.serve();
  done = true;
  watcher.join();
  server.stop();
  if (g_signal != 0) std::fprintf(stderr, "tiersim serve: stopped (runs cancelled, temporary files removed)\n");
  if (!ok && g_signal == 0) throw IoError(fmt::format("the server at {} stopped listening", server.url()));
  return 0;
}

}  // namespace tiersim::cli
