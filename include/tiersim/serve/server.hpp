// File: tiersim/serve/server.hpp
// `tiersim serve`: a planner's workbench in the browser. A local HTTP server (cpp-httplib)
// that serves one page of its own (no network, no CDN) and a JSON API (sim/serve/README.md):
// the scenarios it was started with, the levers generated from each, runs of a variant (the
// base with `set:` overrides) on common random numbers against the unchanged base, in the
// background, queued and cancellable, with their summary.json, comparison.json, report.html
// and the variant as a scenario file (`extends:` + `set:`).
//
// Safe by default: bound to 127.0.0.1 unless told otherwise; a request whose Host header is
// not an address the server answers to is refused (DNS rebinding); state-changing requests
// need a JSON body and, when they carry an Origin, the server's own; it never reads a path
// a request names, only the scenarios it was started with; bodies, queued runs and history
// are bounded; a malformed request gets 400. Reports live in one temporary folder, removed
// when the server stops.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "tiersim/scenario/scenario.hpp"

namespace tiersim::serve {

/// One scenario the server offers, loaded and checked when the server starts.
struct CatalogueEntry {
  std::string id;           ///< short, URL-safe, unique (the file's stem; "embedded" for the default)
  std::string file;         ///< the file as given; empty for the embedded default
  scenario::Scenario scenario;
};

/// The scenarios named on the command line: each SCENARIO file is loaded (a bad one throws
/// ScenarioError); each DIR contributes its *.yaml scenario files (not recursive; sweep files
/// and files that do not load are skipped with a line in `skipped`). With no argument: the
/// embedded default and ./scenarios/ when it exists. Ids are made unique ("x-2").
[[nodiscard]] std::vector<CatalogueEntry> collect_scenarios(const std::vector<std::string>& args,
                                                            std::vector<std::string>& skipped);

struct ServerOptions {
  std::string host = "127.0.0.1";      ///< address to bind
  int port = 8765;                     ///< 0: any free port (see Server::port())
  int threads = 1;                     ///< threads of each run (>= 1; numbers do not depend on it)
  /// Host names (without port) accepted in the Host header besides the loopback names and
  /// `host` itself, e.g. a machine name when bound to 0.0.0.0.
  std::vector<std::string> allowed_hosts;
  std::size_t max_body_bytes = 64 * 1024;  ///< larger request bodies get 413
  int max_pending = 8;                 ///< queued + running runs; more get 429
  int max_replications = 500;          ///< per run
  int max_history = 200;               ///< finished runs kept (oldest dropped first, with their reports)
  int max_set_entries = 200;           ///< overrides per run
};

/// The server. Thread-safe: stop() may be called from any thread while serve() blocks.
class Server {
 public:
  /// Binds the socket (throws IoError when it cannot, e.g. the port is taken) and creates the
  /// temporary folder for reports. Throws Error for an empty catalogue or bad options.
  Server(std::vector<CatalogueEntry> catalogue, ServerOptions options);
  ~Server();  ///< stops, cancels runs, removes the temporary folder
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Answers requests until stop(). Returns false when the listener failed.
  bool serve();
  /// Cancels queued and running runs, waits for the run in progress to stop, and makes
  /// serve() return. Idempotent.
  void stop();

  [[nodiscard]] int port() const noexcept;
  /// "http://127.0.0.1:8765/" (a bracketed address for IPv6).
  [[nodiscard]] std::string url() const;
  /// The temporary folder holding the runs' reports (removed by stop()).
  [[nodiscard]] std::string temp_folder() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// True for the loopback addresses a browser on this machine reaches (127.0.0.0/8, ::1,
/// localhost): binding anything else makes the server reachable from other machines.
[[nodiscard]] bool is_loopback_host(const std::string& host);

}  // namespace tiersim::serve
