// The JSON API of tiersim serve against a real server on a free loopback port: the listings,
// a run equal to `tiersim run` of the saved variant file, errors as 400 with the loader's
// text, the safety checks, the queue limit, cancel, and the temporary folder removed on stop.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "serve/serve_fixture.hpp"
#include "tiersim/error.hpp"
#include "tiersim/stats/metric_direction.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using tiersim::testing::ServeFixture;
namespace serve = tiersim::serve;

namespace {

const std::string kTutorial = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tutorial.yaml";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path temp_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() / ("tiersim-serve-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

int submit(ServeFixture& f, const json& body) {
  auto r = f.post("/api/runs", body.dump());
  EXPECT_TRUE(r);
  if (!r) return -1;
  EXPECT_EQ(r->status, 202) << r->body;
  return json::parse(r->body).value("id", -1);
}

}  // namespace

TEST(ServeApi, ListsScenariosLeversAndGoals) {
  ServeFixture f({kTutorial});
  const json list = f.get_json("/api/scenarios");
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0]["id"], "tutorial");
  EXPECT_EQ(list[0]["name"], "tutorial");
  EXPECT_FALSE(list[0]["description"].get<std::string>().empty());

  const json one = f.get_json("/api/scenarios/tutorial");
  EXPECT_NE(one["summary"].get<std::string>().find("facilities and population by tier"), std::string::npos);
  EXPECT_NE(one["network_html"].get<std::string>().find("<svg id=\"network-svg\""), std::string::npos);

  const json levers = f.get_json("/api/scenarios/tutorial/levers");
  ASSERT_TRUE(levers.is_array());
  std::set<std::string> paths;
  for (const auto& l : levers) {
    for (const char* k : {"path", "label", "kind", "value", "min", "max", "choices"}) EXPECT_TRUE(l.contains(k)) << l.dump();
    paths.insert(l["path"].get<std::string>());
  }
  for (const char* p : {"facilities[county].servers", "facilities[county].beds", "policy.bypass.minor",
                        "policy.misjudge.village", "replications"}) {
    EXPECT_EQ(paths.count(p), 1U) << p;
  }
  EXPECT_EQ(f.get_json("/api/goals").size(), 5U);
  EXPECT_EQ(f.get("/api/scenarios/nope/levers")->status, 404);
  EXPECT_EQ(f.get("/")->status, 200);
  EXPECT_NE(f.get("/")->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(f.get("/app.js")->status, 200);
  EXPECT_EQ(f.get("/no/such/page")->status, 404);
}

// Every lever's own value is accepted as an override (the paths are real `set:` paths).
TEST(ServeApi, EveryLeverPathLoads) {
  ServeFixture f({std::string(TIERSIM_SOURCE_DIR) + "/scenarios/hengkou.yaml"});
  const json levers = f.get_json("/api/scenarios/hengkou/levers");
  json set = json::object();
  for (const auto& l : levers) {
    if (l["path"] != "replications") set[l["path"].get<std::string>()] = l["value"];
  }
  auto r = f.post("/api/runs", json{{"scenario", "hengkou"}, {"set", set}, {"replications", 1}}.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202) << r->body;
  const int id = json::parse(r->body)["id"];
  EXPECT_EQ(f.client().Delete(("/api/runs/" + std::to_string(id)).c_str())->status, 200);
}

// The numbers of a run through the API are those of `tiersim run` of the saved variant file.
TEST(ServeApi, RunEqualsTiersimRunOfTheSavedVariant) {
  ServeFixture f({kTutorial});
  const json body = {{"scenario", "tutorial"},
                     {"set", {{"facilities[county].servers", 2}, {"policy.bypass.minor", 0.2}}},
                     {"replications", 3}};
  const int id = submit(f, body);
  const json run = f.wait(id);
  ASSERT_EQ(run["status"], "done") << run.dump();
  EXPECT_EQ(run["progress"], 1.0);
  EXPECT_EQ(run["summary"]["replications"], 3);
  EXPECT_EQ(run["comparison"]["arms"].size(), 2U);
  EXPECT_EQ(run["set"], body["set"]);
  ASSERT_TRUE(run["comparison"]["metrics"].contains("county_retention"));
  EXPECT_EQ(run["comparison"]["metrics"]["county_retention"]["arms"][1]["mean"],
            run["summary"]["metrics"]["county_retention"]["mean"]);
  // Every metric carries its good direction, the one rule every page colours by.
  for (const auto& [name, m] : run["comparison"]["metrics"].items()) {
    EXPECT_EQ(m["better"], tiersim::stats::direction_word(tiersim::stats::metric_direction(name))) << name;
  }
  EXPECT_EQ(run["comparison"]["metrics"]["county_retention"]["better"], "higher");
  EXPECT_EQ(run["comparison"]["metrics"]["wait_minutes.county.mean"]["better"], "lower");
  EXPECT_EQ(run["comparison"]["metrics"]["utilisation.county"]["better"], "neither");

  const auto yaml = f.get("/api/runs/" + std::to_string(id) + "/scenario.yaml");
  ASSERT_EQ(yaml->status, 200);
  EXPECT_NE(yaml->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(yaml->body.find("extends: \"" + fs::path(kTutorial).lexically_normal().string() + "\""), std::string::npos)
      << yaml->body;
  EXPECT_NE(yaml->body.find("facilities[county].servers: 2"), std::string::npos) << yaml->body;

  const auto dir = temp_dir("equal");
  std::ofstream(dir / "variant.yaml") << yaml->body;
  const std::string cmd = std::string("'") + TIERSIM_BINARY + "' run '" + (dir / "variant.yaml").string() +
                          "' --threads 2 --quiet --out '" + (dir / "out").string() + "' >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const json cli = json::parse(slurp(dir / "out" / "summary.json"));
  EXPECT_EQ(cli["replications"], 3);
  EXPECT_EQ(cli["seed"], run["summary"]["seed"]);
  EXPECT_EQ(cli["metrics"], run["summary"]["metrics"]);  // byte for byte, whatever the threads

  // The base arm is `tiersim run` of the unchanged scenario.
  const std::string base_cmd = std::string("'") + TIERSIM_BINARY + "' run '" + kTutorial +
                               "' --replications 3 --quiet --out '" + (dir / "base").string() + "' >/dev/null";
  ASSERT_EQ(std::system(base_cmd.c_str()), 0);
  const json base = json::parse(slurp(dir / "base" / "summary.json"));
  EXPECT_EQ(base["metrics"]["county_retention"]["mean"], run["comparison"]["metrics"]["county_retention"]["arms"][0]["mean"]);

  EXPECT_NE(run["network_html"].get<std::string>().find("class=\"flow up\""), std::string::npos);
  const auto report = f.get("/api/runs/" + std::to_string(id) + "/report.html");
  ASSERT_EQ(report->status, 200);
  EXPECT_NE(report->body.find("id=\"goals\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(ServeApi, BadRunsAre400WithTheLoadersText) {
  ServeFixture f({kTutorial});
  auto expect400 = [&](const std::string& body, const std::string& needle) {
    auto r = f.post("/api/runs", body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body;
    const json j = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r->body;
    EXPECT_NE(j["error"].get<std::string>().find(needle), std::string::npos) << j["error"];
  };
  expect400(R"({"scenario": "tutorial", "set": {"facilities[county].servers": "six"}})",
            "facilities[county].servers: expected a whole number");
  expect400(R"({"scenario": "tutorial", "set": {"facilities[nowhere].servers": 3}})", "facilities[nowhere]");
  expect400(R"({"scenario": "tutorial", "set": {"seed": 3}})", "seed");
  expect400(R"({"scenario": "tutorial", "set": {"extends": "/etc/passwd"}})", "extends");
  expect400(R"({"scenario": "tutorial", "replications": 0})", "replications: expected a whole number");
  expect400(R"({"scenario": "tutorial", "replications": 2.5})", "replications: expected a whole number");
  expect400(R"({"scenario": "../../etc/passwd"})", "scenario: expected the id");
  expect400(R"({"scenario": "tutorial", "set": [1, 2]})", "set: expected an object");
  expect400(R"({"scenario": "tutorial", "sett": {}})", "sett");
  expect400(R"({"scenario": "tutorial", "set": {"policy.bypass.minor": null}})", "null");
  expect400("{not json", "expected a JSON object");
  expect400("[]", "expected a JSON object");
  expect400("", "expected a JSON object");
  EXPECT_EQ(f.get_json("/api/runs").size(), 0U);  // nothing was queued
  EXPECT_EQ(f.get("/api/runs/99")->status, 404);
  EXPECT_EQ(f.get("/api/runs/99999999999999")->status, 404);
  EXPECT_EQ(f.get("/api/runs/99/report.html")->status, 404);
}

TEST(ServeApi, SafetyChecks) {
  serve::ServerOptions o;
  o.max_body_bytes = 1024;
  ServeFixture f({kTutorial}, o);
  // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host.
  auto r = f.client().Get("/api/scenarios", {{"Host", "evil.example:" + std::to_string(f.server().port())}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(f.client().Get("/api/scenarios", {{"Host", "localhost:" + std::to_string(f.server().port())}})->status, 200);
  // Cross-site writes: another origin, or a body a form could send.
  const std::string ok = R"({"scenario": "tutorial", "replications": 1})";
  r = f.client().Post("/api/runs", {{"Origin", "http://evil.example"}}, ok, "application/json");
  EXPECT_EQ(r->status, 403);
  r = f.client().Post("/api/runs", ok, "text/plain");
  EXPECT_EQ(r->status, 415);
  r = f.client().Post("/api/runs", std::string(4096, ' '), "application/json");
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(f.get_json("/api/runs").size(), 0U);
  r = f.client().Post("/api/runs", {{"Origin", "http://" + f.host()}}, ok, "application/json");
  EXPECT_EQ(r->status, 202) << r->body;
}

TEST(ServeApi, QueueLimitCancelAndCleanUp) {
  serve::ServerOptions o;
  o.max_pending = 2;
  o.threads = 1;
  ServeFixture f({kTutorial}, o);
  const fs::path temp = f.server().temp_folder();
  EXPECT_TRUE(fs::is_directory(temp));
  const json slow = {{"scenario", "tutorial"}, {"replications", 400}};
  const int a = submit(f, slow);
  const int b = submit(f, {{"scenario", "tutorial"}, {"set", {{"facilities[county].servers", 3}}}, {"replications", 400}});
  auto full = f.post("/api/runs", slow.dump());
  EXPECT_EQ(full->status, 429) << full->body;

  EXPECT_EQ(f.get_json("/api/runs/" + std::to_string(b))["status"], "queued");
  EXPECT_EQ(f.get_json("/api/runs/" + std::to_string(b))["queue_position"], 1);
  EXPECT_EQ(f.client().Delete(("/api/runs/" + std::to_string(b)).c_str())->status, 200);
  EXPECT_EQ(f.get_json("/api/runs/" + std::to_string(b))["status"], "cancelled");
  EXPECT_EQ(f.client().Delete(("/api/runs/" + std::to_string(a)).c_str())->status, 200);
  EXPECT_EQ(f.wait(a)["status"], "cancelled");
  EXPECT_EQ(f.client().Delete("/api/runs/12345")->status, 404);

  const int c = submit(f, {{"scenario", "tutorial"}, {"replications", 2}});
  EXPECT_EQ(f.wait(c)["status"], "done");
  EXPECT_EQ(f.client().Delete(("/api/runs/" + std::to_string(c)).c_str())->status, 409);
  EXPECT_EQ(f.get_json("/api/runs").size(), 3U);
  EXPECT_TRUE(fs::exists(temp / ("run-" + std::to_string(c)) / "report.html"));

  // Stopping with a run in progress cancels it and removes every temporary file.
  submit(f, slow);
  f.stop();
  EXPECT_FALSE(fs::exists(temp));
}

// A port another server holds is an error, not a second listener sharing it.
TEST(ServeApi, TakenPortIsAnError) {
  ServeFixture f({kTutorial});
  std::vector<std::string> skipped;
  serve::ServerOptions o;
  o.port = f.server().port();
  EXPECT_THROW(serve::Server(serve::collect_scenarios({kTutorial}, skipped), o), tiersim::IoError);
}

TEST(ServeApi, LoopbackHosts) {
  EXPECT_TRUE(serve::is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(serve::is_loopback_host("localhost"));
  EXPECT_TRUE(serve::is_loopback_host("::1"));
  EXPECT_FALSE(serve::is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(serve::is_loopback_host("192.168.1.5"));
}

// A folder of scenarios may hold sweep, calibration and optimisation files beside them (as
// scenarios/ does): each is skipped saying what it is, not listed as failing to load; a file
// that really does not load still says so.
TEST(ServeApi, FolderSkipsSweepCalibrationAndOptimisationFiles) {
  const auto dir = temp_dir("catalogue");
  const std::string src = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/";
  fs::copy_file(kTutorial, dir / "a-tutorial.yaml");
  fs::copy_file(src + "hengkou-targets.yaml", dir / "b-targets.yaml");
  fs::copy_file(src + "optimize-township-doctors.yaml", dir / "c-optimize.yaml");
  fs::copy_file(src + "tests/sweep_small.yaml", dir / "d-sweep.yaml");
  std::ofstream(dir / "e-broken.yaml") << "name: [\n";
  std::vector<std::string> skipped;
  const auto entries = serve::collect_scenarios({dir.string()}, skipped);
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].id, "a-tutorial");
  ASSERT_EQ(skipped.size(), 4U);
  EXPECT_EQ(skipped[0], (dir / "b-targets.yaml").string() + ": a calibration file, not a scenario");
  EXPECT_EQ(skipped[1], (dir / "c-optimize.yaml").string() + ": an optimisation file, not a scenario");
  EXPECT_EQ(skipped[2], (dir / "d-sweep.yaml").string() + ": a sweep file, not a scenario");
  EXPECT_EQ(skipped[3].rfind((dir / "e-broken.yaml").string() + ": does not load: ", 0), 0U) << skipped[3];
  fs::remove_all(dir);
}
