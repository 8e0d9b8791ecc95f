// resolved_yaml(): the scenario as it will run, every default written out and generated
// villages listed as facilities (with `parent:`) and links, so that a planner sees exactly
// what tiersim understood. Loading the output again gives an equal scenario.
#include <cmath>

#include <fmt/format.h>

#include "scenario/yaml/durations.hpp"
#include "scenario/yaml/reader.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario {

namespace {

using yaml::format_duration;

std::string num(double x) { return fmt::format("{}", x); }

std::string hm(double minutes) {
  const int m = static_cast<int>(std::lround(minutes));
  return fmt::format("{:02}:{:02}", m / 60, m % 60);
}

void emit_dist(YAML::Emitter& e, const Distribution& d) {
  using random::DistKind;
  const auto& p = d.params();
  if (d.kind() == DistKind::kConstant) {
    e << format_duration(p[0]);
    return;
  }
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "dist" << YAML::Value << random::dist_kind_name(d.kind());
  auto dur = [&](const char* k, double v) { e << YAML::Key << k << YAML::Value << format_duration(v); };
  switch (d.kind()) {
    case DistKind::kExponential: dur("mean", p[0]); break;
    case DistKind::kUniform: dur("min", p[0]); dur("max", p[1]); break;
    case DistKind::kTriangular: dur("min", p[0]); dur("mode", p[1]); dur("max", p[2]); break;
    case DistKind::kNormal:
    case DistKind::kLognormal:
    case DistKind::kGamma: dur("mean", p[0]); dur("sd", p[1]); break;
    case DistKind::kErlang: e << YAML::Key << "k" << YAML::Value << num(p[0]); dur("mean", p[1]); break;
    case DistKind::kWeibull: e << YAML::Key << "shape" << YAML::Value << num(p[0]); dur("scale", p[1]); break;
    case DistKind::kEmpirical:
      e << YAML::Key << "values" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (double v : d.values()) e << format_duration(v);
      e << YAML::EndSeq << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (double w : d.weights()) e << num(w);
      e << YAML::EndSeq;
      break;
    case DistKind::kConstant: break;
  }
  e << YAML::EndMap;
}

void emit_levels(YAML::Emitter& e, const Scenario& s, const std::vector<int>& levels) {
  e << YAML::Flow << YAML::BeginMap;
  for (std::size_t i = 0; i < s.specialties.size() && i < levels.size(); ++i) {
    e << YAML::Key << s.specialties[i] << YAML::Value << levels[i];
  }
  e << YAML::EndMap;
}

template <std::size_t N>
void emit_shares(YAML::Emitter& e, const std::array<double, N>& a, const char* (*name)(int)) {
  e << YAML::Flow << YAML::BeginMap;
  for (std::size_t i = 0; i < N; ++i) e << YAML::Key << name(static_cast<int>(i)) << YAML::Value << num(a[i]);
  e << YAML::EndMap;
}

const char* tier_at(int i) { return tier_name(static_cast<Tier>(i)); }
const char* severity_at(int i) { return severity_name(static_cast<Severity>(i)); }

}  // namespace

std::string resolved_yaml(const Scenario& s) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "format" << YAML::Value << s.format;
  e << YAML::Key << "name" << YAML::Value << s.name;
  if (!s.description.empty()) e << YAML::Key << "description" << YAML::Value << s.description;
  e << YAML::Key << "horizon" << YAML::Value << format_duration(s.horizon);
  e << YAML::Key << "warmup" << YAML::Value << format_duration(s.warmup);
  e << YAML::Key << "replications" << YAML::Value << s.replications;
  e << YAML::Key << "seed" << YAML::Value << fmt::format("{}", s.seed);
  e << YAML::Key << "specialties" << YAML::Value << YAML::Flow << s.specialties;
  e << YAML::Key << "tiers" << YAML::Value << YAML::BeginMap;
  for (int t = 0; t < kTierCount; ++t) {
    e << YAML::Key << tier_at(t) << YAML::Value;
    emit_levels(e, s, s.tier_defaults[static_cast<std::size_t>(t)]);
  }
  e << YAML::EndMap;
  e << YAML::Key << "facilities" << YAML::Value << YAML::BeginSeq;
  for (const auto& f : s.facilities) {
    e << YAML::BeginMap;
    e << YAML::Key << "id" << YAML::Value << f.id << YAML::Key << "name" << YAML::Value << f.name;
    e << YAML::Key << "tier" << YAML::Value << tier_name(f.tier);
    e << YAML::Key << "servers" << YAML::Value << f.servers << YAML::Key << "beds" << YAML::Value << f.beds;
    e << YAML::Key << "population" << YAML::Value << num(f.population);
    e << YAML::Key << "capability" << YAML::Value;
    emit_levels(e, s, f.capability);
    if (!f.hours.always) {
      e << YAML::Key << "hours" << YAML::Value << YAML::DoubleQuoted << (hm(f.hours.open) + "-" + hm(f.hours.close));
    }
    if (!f.parent.empty()) e << YAML::Key << "parent" << YAML::Value << f.parent;
    if (!f.refer_to.empty()) e << YAML::Key << "refer_to" << YAML::Value << f.refer_to;
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "links" << YAML::Value << YAML::BeginSeq;
  for (const auto& l : s.links) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << s.facilities[l.from].id;
    e << YAML::Key << "to" << YAML::Value << s.facilities[l.to].id << YAML::Key << "travel" << YAML::Value;
    emit_dist(e, l.travel);
    e << YAML::Key << "km" << YAML::Value << num(l.km) << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "conditions" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : s.conditions) {
    e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.name;
    e << YAML::Key << "specialty" << YAML::Value << s.specialties[c.specialty];
    e << YAML::Key << "severity" << YAML::Value << severity_name(c.severity);
    e << YAML::Key << "required_level" << YAML::Value << c.required_level;
    e << YAML::Key << "per_1000_per_year" << YAML::Value << num(c.per_1000_per_year);
    e << YAML::Key << "service" << YAML::Value;
    emit_dist(e, c.service);
    bool any_by_tier = false;
    for (const auto& o : c.service_by_tier) any_by_tier = any_by_tier || o.has_value();
    if (any_by_tier) {
      e << YAML::Key << "service_by_tier" << YAML::Value << YAML::BeginMap;
      for (int t = 0; t < kTierCount; ++t) {
        if (!c.service_by_tier[static_cast<std::size_t>(t)]) continue;
        e << YAML::Key << tier_at(t) << YAML::Value;
        emit_dist(e, *c.service_by_tier[static_cast<std::size_t>(t)]);
      }
      e << YAML::EndMap;
    }
    if (c.admission) {
      e << YAML::Key << "admission" << YAML::Value << YAML::BeginMap;
      e << YAML::Key << "probability" << YAML::Value << num(c.admission->probability) << YAML::Key << "stay" << YAML::Value;
      emit_dist(e, c.admission->stay);
      e << YAML::EndMap;
    }
    e << YAML::Key << "step_down" << YAML::Value << format_duration(c.step_down);
    if (c.time_critical) {
      const auto& tc = *c.time_critical;
      e << YAML::Key << "time_critical" << YAML::Value << YAML::BeginMap;
      if (std::isfinite(tc.window)) e << YAML::Key << "window" << YAML::Value << format_duration(tc.window);
      e << YAML::Key << "onset_to_contact" << YAML::Value;
      emit_dist(e, tc.onset_to_contact);
      e << YAML::Key << "targets" << YAML::Value << YAML::Flow << YAML::BeginMap;
      auto target = [&](const char* k, const std::optional<double>& v) {
        if (v) e << YAML::Key << k << YAML::Value << format_duration(*v);
      };
      target("fmc_to_ecg", tc.targets.fmc_to_ecg);
      target("door_to_treatment", tc.targets.door_to_treatment);
      target("door_in_door_out", tc.targets.door_in_door_out);
      target("fmc_to_treatment", tc.targets.fmc_to_treatment);
      e << YAML::EndMap << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "arrivals" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "hourly" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (double x : s.arrivals.hourly) e << num(x);
  e << YAML::EndSeq << YAML::Key << "weekly" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (double x : s.arrivals.weekly) e << num(x);
  e << YAML::EndSeq << YAML::EndMap;

  const Policy& p = s.policy;
  e << YAML::Key << "policy" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "bypass" << YAML::Value;
  emit_shares(e, p.bypass, severity_at);
  e << YAML::Key << "out_of_county" << YAML::Value;
  emit_shares(e, p.out_of_county, severity_at);
  e << YAML::Key << "misjudge" << YAML::Value;
  emit_shares(e, p.misjudge, tier_at);
  e << YAML::Key << "step_down" << YAML::Value << (p.step_down ? "true" : "false");
  e << YAML::Key << "when_full" << YAML::Value << (p.when_full == WhenFull::kRefer ? "refer" : "wait");
  e << YAML::Key << "when_closed" << YAML::Value << (p.when_closed == WhenClosed::kRefer ? "refer" : "wait");
  if (p.reneging) {
    e << YAML::Key << "reneging" << YAML::Value << YAML::BeginMap << YAML::Key << "patience" << YAML::Value;
    emit_dist(e, p.reneging->patience);
    e << YAML::Key << "tiers" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int t = 0; t < kTierCount; ++t) {
      if (p.reneging->tiers[static_cast<std::size_t>(t)]) e << tier_at(t);
    }
    e << YAML::EndSeq << YAML::Key << "then" << YAML::Value << (p.reneging->go_up ? "go_up" : "leave") << YAML::EndMap;
  }
  e << YAML::Key << "green_channel" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "enabled" << YAML::Value << (p.green_channel.enabled ? "true" : "false");
  e << YAML::Key << "tele_consult" << YAML::Value;
  emit_dist(e, p.green_channel.tele_consult);
  e << YAML::Key << "activation" << YAML::Value;
  emit_dist(e, p.green_channel.activation);
  e << YAML::EndMap;
  e << YAML::Key << "expert_visits" << YAML::Value << YAML::BeginSeq;
  for (const auto& v : p.expert_visits) {
    e << YAML::BeginMap;
    e << YAML::Key << "from" << YAML::Value << s.facilities[v.from].id;
    e << YAML::Key << "to" << YAML::Value << s.facilities[v.to].id;
    e << YAML::Key << "specialty" << YAML::Value << s.specialties[v.specialty];
    e << YAML::Key << "experts" << YAML::Value << v.experts;
    e << YAML::Key << "every" << YAML::Value << format_duration(v.every);
    e << YAML::Key << "duration" << YAML::Value << format_duration(v.duration);
    e << YAML::Key << "first" << YAML::Value << format_duration(v.first);
    if (v.capacity_building) {
      e << YAML::Key << "capacity_building" << YAML::Value << YAML::Flow << YAML::BeginMap;
      e << YAML::Key << "after" << YAML::Value << format_duration(v.capacity_building->after);
      e << YAML::Key << "raise_to" << YAML::Value << v.capacity_building->raise_to << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  if (const auto& rc = p.remote_consult) {
    e << YAML::Key << "remote_consult" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "from" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int t = 0; t < kTierCount; ++t) {
      if (rc->from[static_cast<std::size_t>(t)]) e << tier_at(t);
    }
    e << YAML::EndSeq << YAML::Key << "to" << YAML::Value << tier_at(static_cast<int>(rc->to));
    e << YAML::Key << "specialties" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (std::size_t k = 0; k < rc->specialties.size(); ++k) {
      if (rc->specialties[k]) e << s.specialties[k];
    }
    e << YAML::EndSeq << YAML::Key << "reach" << YAML::Value << rc->reach;
    e << YAML::Key << "success" << YAML::Value << num(rc->success);
    e << YAML::Key << "answer" << YAML::Value;
    emit_dist(e, rc->answer);
    e << YAML::EndMap;
  }
  if (!p.outreach.empty()) {  // written only when present, so files without it resolve as before
    e << YAML::Key << "outreach" << YAML::Value << YAML::BeginSeq;
    for (const auto& o : p.outreach) {
      e << YAML::BeginMap;
      e << YAML::Key << "from" << YAML::Value << s.facilities[o.from].id;
      e << YAML::Key << "to" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const FacilityIndex h : o.to) e << s.facilities[h].id;
      e << YAML::EndSeq;
      e << YAML::Key << "specialty" << YAML::Value << s.specialties[o.specialty];
      e << YAML::Key << "level" << YAML::Value << o.level;
      e << YAML::Key << "staff" << YAML::Value << o.staff;
      e << YAML::Key << "every" << YAML::Value << format_duration(o.every);
      e << YAML::Key << "first" << YAML::Value << format_duration(o.first);
      e << YAML::Key << "duration" << YAML::Value << format_duration(o.duration);
      e << YAML::Key << "attendance" << YAML::Value << YAML::Flow << YAML::BeginMap;
      e << YAML::Key << "per_event" << YAML::Value << o.per_event;
      e << YAML::Key << "conditions" << YAML::Value << YAML::BeginMap;
      for (const auto& c : o.conditions) e << YAML::Key << s.conditions[c.condition].name << YAML::Value << num(c.share);
      e << YAML::EndMap << YAML::EndMap << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  e << YAML::EndMap;
  if (!s.observed.empty()) {
    e << YAML::Key << "observed" << YAML::Value << YAML::BeginMap;
    for (const auto& o : s.observed) {
      e << YAML::Key << o.metric << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "value" << YAML::Value
        << num(o.value);
      if (o.sd > 0) e << YAML::Key << "sd" << YAML::Value << num(o.sd);
      if (!o.source.empty()) e << YAML::Key << "source" << YAML::Value << o.source;
      e << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace tiersim::scenario
