// The HTTP side of `tiersim serve`: routes of the JSON API (sim/serve/README.md), the page,
// and the safety checks every request passes first (Host, Origin, content type).
#include "tiersim/serve/server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "serve/levers.hpp"
#include "serve/page.hpp"
#include "serve/run_queue.hpp"
#include "serve/variant.hpp"
#include "tiersim/error.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/report/goals.hpp"
#include "tiersim/report/report_html.hpp"
#include "tiersim/report/scenario_summary.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::serve {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

void send_json(httplib::Response& res, int status, const ordered_json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, ordered_json{{"error", message}});
}

/// The run id of /api/runs/ID..., or -1.
int run_id(const httplib::Request& req) {
  if (req.matches.size() < 2) return -1;
  const std::string s = req.matches[1];
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && v > 0 ? v : -1;
}

fs::path make_temp_folder() {
  std::string tmpl = (fs::temp_directory_path() / "tiersim-serve-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw IoError(fmt::format("cannot create a temporary folder in {}", fs::temp_directory_path().string()));
  return tmpl;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  const std::string h = lower(host);
  return h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

struct Server::Impl {
  std::vector<CatalogueEntry> catalogue;
  ServerOptions options;
  std::vector<ordered_json> levers;           ///< per scenario
  std::vector<std::string> summaries;         ///< per scenario: validate's text
  std::vector<std::string> networks;          ///< per scenario: the network section (structure only)
  std::set<std::string> allowed_hosts;        ///< Host header values, lower case, with port
  fs::path folder;
  std::unique_ptr<RunQueue> queue;
  httplib::Server http;
  int port = 0;
  std::once_flag stopped;
  std::atomic<bool> serving{false};
  std::atomic<bool> stopping{false};

  [[nodiscard]] const CatalogueEntry* find(const std::string& id, std::size_t* index = nullptr) const {
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
      if (catalogue[i].id != id) continue;
      if (index != nullptr) *index = i;
      return &catalogue[i];
    }
    return nullptr;
  }

  [[nodiscard]] scenario::Scenario load(const CatalogueEntry& e, const std::vector<scenario::Override>& set) const {
    return e.file.empty() ? scenario::load_default_scenario(set) : scenario::load_scenario_file(e.file, set);
  }

  /// nullopt: allowed; else the reason the request is refused.
  [[nodiscard]] std::optional<std::pair<int, std::string>> refuse(const httplib::Request& req) const {
    const std::string host = lower(req.get_header_value("Host"));
    if (allowed_hosts.count(host) == 0) {
      return std::make_pair(403, fmt::format("Host: expected one of the addresses this server answers to, got \"{}\" "
                                             "(start it with --allow-host NAME to add one)",
                                             host));
    }
    if (req.method == "GET" || req.method == "HEAD") return std::nullopt;
    if (req.has_header("Origin")) {
      const std::string origin = lower(req.get_header_value("Origin"));
      const std::string prefix = "http://";
      if (origin.rfind(prefix, 0) != 0 || allowed_hosts.count(origin.substr(prefix.size())) == 0) {
        return std::make_pair(403, fmt::format("Origin: expected this server's own page, got \"{}\"", origin));
      }
    }
    if (req.method == "POST") {
      const std::string type = lower(req.get_header_value("Content-Type"));
      if (type.rfind("application/json", 0) != 0) {
        return std::make_pair(415, fmt::format("Content-Type: expected application/json, got \"{}\"", type));
      }
    }
    return std::nullopt;
  }

  void routes();
  void post_run(const httplib::Request& req, httplib::Response& res);
};

void Server::Impl::post_run(const httplib::Request& req, httplib::Response& res) {
  const ordered_json body = ordered_json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    send_error(res, 400, "request body: expected a JSON object {\"scenario\": ID, \"set\": {...}, \"replications\": N}");
    return;
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "scenario" && key != "set" && key != "replications") {
      send_error(res, 400, fmt::format("{}: expected one of scenario, set, replications, got an unknown key", key));
      return;
    }
  }
  if (!body.contains("scenario") || !body["scenario"].is_string()) {
    send_error(res, 400, "scenario: expected the id of a scenario (GET /api/scenarios lists them)");
    return;
  }
  std::size_t index = 0;
  const std::string id = body["scenario"].get<std::string>();
  const CatalogueEntry* entry = find(id, &index);
  if (entry == nullptr) {
    send_error(res, 400, fmt::format("scenario: expected the id of a scenario (GET /api/scenarios lists them), got {}",
                                     ordered_json(id).dump()));
    return;
  }
  int replications = entry->scenario.replications;
  if (body.contains("replications")) {
    const auto& r = body["replications"];
    if (!r.is_number_integer() || r.get<long long>() < 1 || r.get<long long>() > options.max_replications) {
      send_error(res, 400, fmt::format("replications: expected a whole number 1-{}, got {}", options.max_replications, r.dump()));
      return;
    }
    replications = static_cast<int>(r.get<long long>());
  }
  RunRequest run;
  run.scenario = index;
  run.replications = replications;
  try {
    run.set = overrides_from_json(body.contains("set") ? body["set"] : ordered_json(nullptr), options.max_set_entries);
    run.variant = load(*entry, run.set);
    (void)network::Network::build(run.variant);  // unreachable treatment is bad input, before queueing
  } catch (const BadRequest& e) {
    send_error(res, 400, e.what());
    return;
  } catch (const Error& e) {  // ScenarioError: the loader's `path: expected ..., got ...`
    send_error(res, 400, e.what());
    return;
  }
  run.variant.replications = replications;
  run.variant.seed = entry->scenario.seed;
  try {
    const int rid = queue->submit(std::move(run));
    res.set_header("Location", fmt::format("/api/runs/{}", rid));
    send_json(res, 202, ordered_json{{"id", rid}});
  } catch (const QueueFull& e) {
    send_error(res, 429, e.what());
  }
}

void Server::Impl::routes() {
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    if (auto why = refuse(req)) {
      send_error(res, why->first, why->second);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send_error(res, 500, "internal error: " + what);
  });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler's own error message
    if (res.status == 404) send_error(res, 404, fmt::format("{} {}: no such page or API route", req.method, req.path));
    else if (res.status == 413) send_error(res, 413, "request body too large");
    else if (res.status == 400) send_error(res, 400, "malformed request");
  });

  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kPagePolicy);
    res.set_content(std::string(page_html()), "text/html; charset=utf-8");
  });
  http.Get("/app.js", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(page_js()), "text/javascript; charset=utf-8");
  });
  http.Get("/app.css", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(report::report_css()) + std::string(page_css()), "text/css; charset=utf-8");
  });
  http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });

  http.Get("/api/goals", [](const httplib::Request&, httplib::Response& res) {
    ordered_json out = ordered_json::array();
    for (const auto& g : report::goals()) {
      out.push_back(ordered_json{{"metric", g.metric}, {"zh", g.zh}, {"en", g.en}, {"definition", g.definition},
                                 {"target", g.target ? ordered_json(*g.target) : ordered_json(nullptr)}});
    }
    send_json(res, 200, out);
  });
  http.Get("/api/scenarios", [this](const httplib::Request&, httplib::Response& res) {
    ordered_json out = ordered_json::array();
    for (const auto& e : catalogue) {
      out.push_back(ordered_json{{"id", e.id},
                                 {"name", e.scenario.name},
                                 {"description", e.scenario.description},
                                 {"file", e.file.empty() ? e.scenario.source_file : e.file},
                                 {"replications", e.scenario.replications}});
    }
    send_json(res, 200, out);
  });
  http.Get(R"(/api/scenarios/([A-Za-z0-9_-]+))", [this](const httplib::Request& req, httplib::Response& res) {
    std::size_t i = 0;
    if (find(req.matches[1], &i) == nullptr) return send_error(res, 404, fmt::format("no scenario {}", std::string(req.matches[1])));
    const auto& e = catalogue[i];
    send_json(res, 200,
              ordered_json{{"id", e.id},
                           {"name", e.scenario.name},
                           {"description", e.scenario.description},
                           {"file", e.file.empty() ? e.scenario.source_file : e.file},
                           {"replications", e.scenario.replications},
                           {"seed", e.scenario.seed},
                           {"summary", summaries[i]},
                           {"network_html", networks[i]}});
  });
  http.Get(R"(/api/scenarios/([A-Za-z0-9_-]+)/levers)", [this](const httplib::Request& req, httplib::Response& res) {
    std::size_t i = 0;
    if (find(req.matches[1], &i) == nullptr) return send_error(res, 404, fmt::format("no scenario {}", std::string(req.matches[1])));
    send_json(res, 200, levers[i]);
  });

  http.Post("/api/runs", [this](const httplib::Request& req, httplib::Response& res) { post_run(req, res); });
  http.Get("/api/runs", [this](const httplib::Request&, httplib::Response& res) { send_json(res, 200, queue->list_json()); });
  http.Get(R"(/api/runs/(\d{1,9}))", [this](const httplib::Request& req, httplib::Response& res) {
    const auto j = queue->run_json(run_id(req));
    if (!j) return send_error(res, 404, fmt::format("no run {}", std::string(req.matches[1])));
    send_json(res, 200, *j);
  });
  http.Delete(R"(/api/runs/(\d{1,9}))", [this](const httplib::Request& req, httplib::Response& res) {
    const int id = run_id(req);
    switch (queue->cancel(id)) {
      case RunQueue::Cancel::kUnknown: return send_error(res, 404, fmt::format("no run {}", std::string(req.matches[1])));
      case RunQueue::Cancel::kFinished: return send_error(res, 409, fmt::format("run {} has already finished", id));
      case RunQueue::Cancel::kCancelled: break;
    }
    send_json(res, 200, *queue->run_json(id));
  });
  http.Get(R"(/api/runs/(\d{1,9})/report.html)", [this](const httplib::Request& req, httplib::Response& res) {
    const auto file = queue->report_file(run_id(req));  // a path the server made, never one from the request
    if (!file) return send_error(res, 404, fmt::format("run {} has no report (not finished)", std::string(req.matches[1])));
    std::ifstream in(*file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in) return send_error(res, 404, "the report is gone");
    res.set_header("Content-Security-Policy", kReportPolicy);
    res.set_content(ss.str(), "text/html; charset=utf-8");
  });
  http.Get(R"(/api/runs/(\d{1,9})/scenario.yaml)", [this](const httplib::Request& req, httplib::Response& res) {
    const auto file = queue->variant_file(run_id(req));
    if (!file) return send_error(res, 404, fmt::format("no run {}", std::string(req.matches[1])));
    res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file->first));
    res.set_content(file->second, "application/yaml; charset=utf-8");
  });
}

Server::Server(std::vector<CatalogueEntry> catalogue, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  if (catalogue.empty()) throw Error("tiersim serve: no scenario to serve");
  if (options.threads < 1) throw Error("tiersim serve: threads must be at least 1");
  m.catalogue = std::move(catalogue);
  m.options = std::move(options);
  for (const auto& e : m.catalogue) {
    const auto probe = [&m, &e](const std::string& path, const std::string& value) {
      try {
        (void)m.load(e, {{path, value}});
        return true;
      } catch (const Error&) {
        return false;
      }
    };
    m.levers.push_back(levers_json(scenario_levers(e.scenario, probe)));
    m.summaries.push_back(report::scenario_summary_text(e.scenario, network::Network::build(e.scenario)));
    m.networks.push_back(report::network_section_html(stats::RunResult{}, e.scenario));
  }

  m.http.new_task_queue = [] { return new httplib::ThreadPool(4); };
  // httplib's default also sets SO_REUSEPORT, with which a second server on the same port
  // binds too and the kernel splits the connections between them: keep SO_REUSEADDR only,
  // so a taken port is an error.
  m.http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  m.http.set_payload_max_length(m.options.max_body_bytes);
  m.http.set_read_timeout(10, 0);
  m.http.set_write_timeout(10, 0);
  if (m.options.port == 0) {
    m.port = m.http.bind_to_any_port(m.options.host);  // tells the port it got
    if (m.port <= 0) throw IoError(fmt::format("cannot listen on {}", m.options.host));
  } else {
    if (!m.http.bind_to_port(m.options.host, m.options.port)) {
      throw IoError(fmt::format("cannot listen on {}:{} (in use? --port 0 picks a free one)", m.options.host, m.options.port));
    }
    m.port = m.options.port;
  }
  std::vector<std::string> names = {"127.0.0.1", "localhost", "[::1]"};
  const std::string bound = lower(m.options.host);
  if (bound != "0.0.0.0" && bound != "::" && bound != "[::]") names.push_back(bracketed(bound));
  for (const auto& h : m.options.allowed_hosts) names.push_back(bracketed(lower(h)));
  for (const auto& n : names) {
    m.allowed_hosts.insert(fmt::format("{}:{}", n, m.port));
    if (m.port == 80) m.allowed_hosts.insert(n);
  }
  m.folder = make_temp_folder();
  m.queue = std::make_unique<RunQueue>(m.catalogue, m.options.threads, m.options.max_pending, m.options.max_history, m.folder);
  m.routes();
}

Server::~Server() { stop(); }

bool Server::serve() {
  Impl& m = *impl_;
  m.serving.store(true);
  if (m.stopping.load()) return true;
  return m.http.listen_after_bind();
}

void Server::stop() {
  Impl& m = *impl_;
  std::call_once(m.stopped, [&m] {
    m.stopping.store(true);
    if (m.serving.load()) {
      // serve() may not have reached its loop yet; httplib's stop() acts only on a running one.
      for (int i = 0; i < 200 && !m.http.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      m.http.stop();
    }
    if (m.queue) m.queue->stop();
    std::error_code ec;
    if (!m.folder.empty()) fs::remove_all(m.folder, ec);
  });
}

int Server::port() const noexcept { return impl_->port; }

std::string Server::url() const {
  const std::string h = lower(impl_->options.host);
  const std::string shown = (h == "0.0.0.0" || h == "::" || h == "[::]") ? "127.0.0.1" : bracketed(impl_->options.host);
  return fmt::format("http://{}:{}/", shown, impl_->port);
}

std::string Server::temp_folder() const { return impl_->folder.string(); }

}  // namespace tiersim::serve
