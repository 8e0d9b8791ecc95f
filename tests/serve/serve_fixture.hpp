// A tiersim serve server on a free loopback port, in a thread of the test, and a client for it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tiersim/serve/server.hpp"

namespace tiersim::testing {

class ServeFixture {
 public:
  explicit ServeFixture(const std::vector<std::string>& scenarios, serve::ServerOptions options = {}) {
    options.port = 0;
    options.host = "127.0.0.1";
    std::vector<std::string> skipped;
    server_ = std::make_unique<serve::Server>(serve::collect_scenarios(scenarios, skipped), options);
    thread_ = std::thread([this] { server_->serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30, 0);
    // Ready when it answers.
    for (int i = 0; i < 200 && !client_->Get("/api/scenarios"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~ServeFixture() { stop(); }
  void stop() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  serve::Server& server() { return *server_; }
  httplib::Client& client() { return *client_; }
  [[nodiscard]] std::string host() const { return "127.0.0.1:" + std::to_string(server_->port()); }

  httplib::Result get(const std::string& path) { return client_->Get(path.c_str()); }
  httplib::Result post(const std::string& path, const std::string& body) {
    return client_->Post(path.c_str(), body, "application/json");
  }
  nlohmann::json get_json(const std::string& path) {
    auto r = get(path);
    return r ? nlohmann::json::parse(r->body) : nlohmann::json();
  }
  /// Polls a run until it is no longer queued or running (at most about a minute).
  nlohmann::json wait(int id) {
    nlohmann::json j;
    for (int i = 0; i < 1200; ++i) {
      j = get_json("/api/runs/" + std::to_string(id));
      if (j.is_object() && j["status"] != "queued" && j["status"] != "running") return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return j;
  }

 private:
  std::unique_ptr<serve::Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace tiersim::testing
