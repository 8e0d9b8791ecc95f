// json_schema(): a JSON Schema (draft 2020-12) of the scenario format, for YAML language
// servers (`# yaml-language-server: $schema=tiersim.schema.json`). Every object's properties
// are built from the key lists of keys.hpp, and a key without a schema entry is a bug caught
// by TIERSIM_ASSERT, so the schema cannot lag behind the decoder.
#include <map>

#include <nlohmann/json.hpp>

#include "scenario/yaml/keys.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario {

namespace {

using nlohmann::json;
using yaml::Keys;

json ref(const char* name) { return json{{"$ref", std::string("#/$defs/") + name}}; }

json described(json schema, const char* description) {
  schema["description"] = description;
  return schema;
}

// An object with exactly the keys `keys`, each given a schema in `props`.
json object(const Keys& keys, const Keys& required, std::map<std::string, json> props, const char* description) {
  json out{{"type", "object"}, {"additionalProperties", false}, {"description", description}};
  json p = json::object();
  for (const auto& k : keys) {
    const auto it = props.find(k);
    TIERSIM_ASSERT(it != props.end(), "every key of the format has a schema entry");
    p[k] = it->second;
    props.erase(it);
  }
  TIERSIM_ASSERT(props.empty(), "the schema describes no key the decoder refuses");
  out["properties"] = p;
  if (!required.empty()) out["required"] = required;
  return out;
}

json by_names(const Keys& names, const json& value, const char* description) {
  json p = json::object();
  for (const auto& n : names) p[n] = value;
  return json{{"type", "object"}, {"additionalProperties", false}, {"properties", p}, {"description", description}};
}

json list_of(const json& item, const char* description) {
  return json{{"type", "array"}, {"items", item}, {"description", description}};
}

json defs() {
  json d;
  d["duration"] = {{"type", "string"},
                   {"pattern", R"(^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)? *(s|min|h|d|w|y)$)"},
                   {"description", "a duration with a unit: 30s, 45min, 2h, 3d, 1w, 1y (365 days)"}};
  d["level"] = {{"type", "integer"}, {"minimum", 0}, {"maximum", 3}, {"description", "capability level 0-3"}};
  d["probability"] = {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
  d["hours"] = {{"type", "string"},
                {"pattern", "^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$"},
                {"description", "daily opening hours, \"08:00-20:00\"; absent: always open"}};
  d["levels"] = {{"type", "object"},
                 {"additionalProperties", ref("level")},
                 {"description", "capability level per specialty (names from `specialties`)"}};
  d["population"] = {{"type", "number"}, {"minimum", 0}, {"maximum", 1e10}};
  const json dur = ref("duration");
  json variants = json::array();
  variants.push_back(described(dur, "shorthand for {dist: constant, value: D}"));
  auto dist = [&](const char* kind, std::map<std::string, json> params) {
    Keys keys{"dist"};
    Keys required{"dist"};
    params["dist"] = json{{"const", kind}};
    for (const auto& [k, v] : params) {
      if (k == "dist") continue;
      keys.push_back(k);
      required.push_back(k);
    }
    variants.push_back(object(keys, required, params, kind));
  };
  dist("constant", {{"value", dur}});
  dist("exponential", {{"mean", dur}});
  dist("uniform", {{"min", dur}, {"max", dur}});
  dist("triangular", {{"min", dur}, {"mode", dur}, {"max", dur}});
  dist("normal", {{"mean", dur}, {"sd", dur}});
  dist("lognormal", {{"mean", dur}, {"sd", dur}});
  dist("gamma", {{"mean", dur}, {"sd", dur}});
  dist("erlang", {{"k", json{{"type", "integer"}, {"minimum", 1}}}, {"mean", dur}});
  dist("weibull", {{"shape", json{{"type", "number"}, {"exclusiveMinimum", 0}}}, {"scale", dur}});
  dist("empirical", {{"values", list_of(dur, "values")}, {"weights", list_of(json{{"type", "number"}, {"minimum", 0}}, "weights")}});
  d["distribution"] = {{"oneOf", variants}, {"description", "a distribution of durations (docs/SCENARIO.md)"}};
  return d;
}

json scenario_schema() {
  using namespace yaml::keys;
  const json dur = ref("duration"), dist = ref("distribution"), prob = ref("probability");
  const json count{{"type", "integer"}, {"minimum", 0}};
  const json id{{"type", "string"}, {"pattern", "^[A-Za-z0-9_.-]+$"}};
  const json tier{{"enum", yaml::tier_names()}};

  json villages = object(kVillages, kVillagesRequired,
                         {{"count", json{{"type", "integer"}, {"minimum", 1}, {"maximum", 999}}},
                          {"population", described(ref("population"), "people per village clinic")},
                          {"servers", count},
                          {"beds", count},
                          {"hours", ref("hours")},
                          {"travel", described(dist, "travel time to the generating facility")},
                          {"km", json{{"type", "number"}, {"minimum", 0}}}},
                         "generates village clinics <id>.v01.. linked to this facility");
  json facility = object(kFacility, kFacilityRequired,
                         {{"id", id},
                          {"name", json{{"type", "string"}}},
                          {"tier", tier},
                          {"servers", described(count, "doctors on duty (default 1)")},
                          {"beds", count},
                          {"population", described(ref("population"), "people whose first contact is here")},
                          {"capability", described(ref("levels"), "overrides of the tier defaults")},
                          {"hours", ref("hours")},
                          {"villages", villages},
                          {"refer_to", described(id, "referral target (default: nearest higher tier)")},
                          {"parent", described(id, "the facility that generated this village clinic")}},
                         "a facility");
  json link = object(kLink, kLinkRequired,
                     {{"from", id}, {"to", id}, {"travel", dist}, {"km", json{{"type", "number"}, {"minimum", 0}}}},
                     "a transport route, travelled both ways");
  json targets = object(kTargets, {},
                        {{"fmc_to_ecg", dur}, {"door_to_treatment", dur}, {"door_in_door_out", dur}, {"fmc_to_treatment", dur}},
                        "targets of a time-critical condition");
  json time_critical = object(kTimeCritical, {},
                              {{"window", described(dur, "onset to treatment; later counts as outside the window")},
                               {"onset_to_contact", described(dist, "patient delay before first contact")},
                               {"targets", targets}},
                              "a time-critical condition");
  json condition = object(
      kCondition, kConditionRequired,
      {{"name", id},
       {"specialty", json{{"type", "string"}}},
       {"severity", json{{"enum", yaml::severity_names()}}},
       {"required_level", ref("level")},
       {"per_1000_per_year", json{{"type", "number"}, {"minimum", 0}, {"description", "incidence per 1000 people per year"}}},
       {"service", dist},
       {"service_by_tier", by_names(yaml::tier_names(), dist, "service per tier (falls back to service)")},
       {"admission", object(kAdmission, kAdmission, {{"probability", prob}, {"stay", dist}}, "admission to a bed")},
       {"step_down", described(dur, "recovery at a lower tier; 0min none")},
       {"time_critical", time_critical}},
      "a condition");
  json multipliers_24 = {{"type", "array"}, {"items", {{"type", "number"}, {"minimum", 0}}}, {"minItems", 24}, {"maxItems", 24}};
  json multipliers_7 = {{"type", "array"}, {"items", {{"type", "number"}, {"minimum", 0}}}, {"minItems", 7}, {"maxItems", 7}};
  json arrivals = object(kArrivals, {}, {{"hourly", multipliers_24}, {"weekly", multipliers_7}},
                         "multipliers of the Poisson rate by hour of day and day of week (Monday first)");
  json expert_visit = object(
      kExpertVisit, kExpertVisitRequired,
      {{"from", id},
       {"to", id},
       {"specialty", json{{"type", "string"}}},
       {"experts", json{{"type", "integer"}, {"minimum", 1}}},
       {"every", dur},
       {"duration", described(dur, "on site (default 8h)")},
       {"first", described(dur, "first departure after Monday 00:00 (default 8h)")},
       {"capacity_building", object(kCapacityBuilding, kCapacityBuilding,
                                    {{"after", dur}, {"raise_to", ref("level")}}, "the host's level rises after visits")}},
      "a recurring expert visit");
  json outreach = object(
      kOutreach, kOutreachRequired,
      {{"from", described(id, "the team's home facility (a facility id, not a tier)")},
       {"to", json{{"oneOf", json::array({id, list_of(id, "hosts, one per event in turn")})}}},
       {"specialty", json{{"type", "string"}}},
       {"level", described(ref("level"), "the team's level at the host (default: home's own)")},
       {"staff", json{{"type", "integer"}, {"minimum", 1}, {"description", "servers home loses (default 1)"}}},
       {"every", dur},
       {"first", described(dur, "first departure after Monday 00:00 (default 8h)")},
       {"duration", described(dur, "on site, shorter than every")},
       {"attendance", object(kAttendance, kAttendance,
                             {{"per_event", json{{"type", "integer"}, {"minimum", 0}}},
                              {"conditions", json{{"type", "object"},
                                                  {"additionalProperties", prob},
                                                  {"description", "condition name: share of the attendees (adding up to 1)"}}}},
                             "people who come because of the event, evenly over it")}},
      "a recurring outreach event (free clinic, health-check vehicle)");
  json policy = object(
      kPolicy, {},
      {{"bypass", by_names(yaml::severity_names(), prob, "share straight to the county tier")},
       {"out_of_county", by_names(yaml::severity_names(), prob, "share straight to a regional facility")},
       {"misjudge", by_names(yaml::tier_names(), prob, "misjudgement rate per tier")},
       {"step_down", json{{"type", "boolean"}}},
       {"when_full", json{{"enum", {"wait", "refer"}}}},
       {"when_closed", json{{"enum", {"wait", "refer"}}}},
       {"reneging", object(kReneging, {"patience"},
                           {{"patience", dist},
                            {"tiers", list_of(tier, "tiers where patients may leave (default all)")},
                            {"then", json{{"enum", {"leave", "go_up"}}}}},
                           "patients leaving the queue")},
       {"green_channel", object(kGreenChannel, {},
                                {{"enabled", json{{"type", "boolean"}}}, {"tele_consult", dist}, {"activation", dist}},
                                "tele-ECG green channel")},
       {"expert_visits", list_of(expert_visit, "expert visits")},
       {"remote_consult",
        object(kRemoteConsult, kRemoteConsultRequired,
               {{"from", list_of(tier, "tiers whose facilities may consult (default village, township)")},
                {"to", described(tier, "the tier that answers, on the referral route (default county)")},
                {"specialties", list_of(json{{"type", "string"}}, "specialties consulted (default all)")},
                {"reach", json{{"type", "integer"}, {"minimum", 0}, {"maximum", 3},
                               {"description", "helps cases up to the asking level + reach (default 1)"}}},
                {"success", described(prob, "share of helped consults after which the case is treated locally")},
                {"answer", described(dist, "the answering server's time; the patient waits for it")}},
               "remote consultation (远程会诊)")},
       {"outreach", list_of(outreach, "outreach events")}},
      "policies; everything missing is off");
  json top = object(
      kTop, {},
      {{"format", json{{"const", 1}}},
       {"name", json{{"type", "string"}}},
       {"description", json{{"type", "string"}}},
       {"horizon", described(dur, "simulated time after warm-up")},
       {"warmup", described(dur, "discarded from every statistic (default 0d)")},
       {"replications", json{{"type", "integer"}, {"minimum", 1}}},
       {"seed", json{{"type", "integer"}, {"minimum", 0}}},
       {"specialties", list_of(json{{"type", "string"}}, "specialty names")},
       {"tiers", by_names(yaml::tier_names(), ref("levels"), "default capability per tier")},
       {"facilities", list_of(facility, "facilities")},
       {"links", list_of(link, "links")},
       {"conditions", list_of(condition, "conditions")},
       {"arrivals", arrivals},
       {"policy", policy},
       {"extends", json{{"type", "string"}, {"description", "base scenario, relative to this file"}}},
       {"set", json{{"type", "object"}, {"description", "path: value overrides, e.g. facilities[meiziwu].servers: 8"}}},
       {"observed", json{{"type", "object"},
                         {"description", "observed figures: metric name -> {value, sd, source}; report.html shows them against the run"},
                         {"additionalProperties",
                          object(yaml::keys::kObserved, yaml::keys::kObservedRequired,
                                 {{"value", json{{"type", "number"}}},
                                  {"sd", json{{"type", "number"}, {"exclusiveMinimum", 0}}},
                                  {"source", json{{"type", "string"}}}},
                                 "one observed figure")}}}},
      "a tiersim scenario (docs/SCENARIO.md)");
  top["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  top["$id"] = "https://tiersim.invalid/schema/scenario-1.json";
  top["title"] = "tiersim scenario, format 1";
  top["if"] = json{{"required", json::array({"extends"})}};
  top["then"] = json::object();
  top["else"] = json{{"required", kTopRequired}};
  json d = defs();
  d["sweep_file"] = object(kSweepTop, kSweepTop,
                           {{"sweep", object(kSweep, kSweepRequired,
                                             {{"base", json{{"type", "string"}}},
                                              {"design", json{{"enum", {"grid", "random"}}}},
                                              {"n", json{{"type", "integer"}, {"minimum", 1}}},
                                              {"seed", json{{"type", "integer"}, {"minimum", 0}}},
                                              {"replications", json{{"type", "integer"}, {"minimum", 1}}},
                                              {"vary", json{{"type", "object"}, {"additionalProperties", {{"type", "array"}, {"minItems", 1}}}}}},
                                             "a sweep")}},
                           "a sweep file");
  top["$defs"] = d;
  return top;
}

}  // namespace

std::string json_schema() { return scenario_schema().dump(2) + "\n"; }

}  // namespace tiersim::scenario
