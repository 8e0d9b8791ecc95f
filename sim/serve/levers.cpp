#include "serve/levers.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scenario/yaml/durations.hpp"

namespace tiersim::serve {

namespace {

using nlohmann::ordered_json;
using scenario::Tier;
using scenario::yaml::format_duration;

const char* const kSeverityZh[] = {"小病", "中病", "大病", "危重"};
const char* const kTierZh[] = {"村", "乡镇", "县", "区域"};

/// Durations a planner picks from, in minutes: a schedule is set in hours, days or weeks.
const double kDurationLadder[] = {
    30,        kHour,     2 * kHour,  3 * kHour,  4 * kHour,  6 * kHour,  8 * kHour,  12 * kHour,
    kDay,      2 * kDay,  3 * kDay,   4 * kDay,   5 * kDay,   kWeek,      10 * kDay,  2 * kWeek,
    3 * kWeek, 4 * kWeek, 6 * kWeek,  8 * kWeek,  12 * kWeek, 26 * kWeek,  kYear};

ordered_json duration_choices(double current, double lo, double hi) {
  std::vector<double> v;
  for (double d : kDurationLadder) {
    if (d >= lo && d <= hi) v.push_back(d);
  }
  if (std::find(v.begin(), v.end(), current) == v.end()) v.push_back(current);
  std::sort(v.begin(), v.end());
  ordered_json out = ordered_json::array();
  for (double d : v) out.push_back(format_duration(d));
  return out;
}

Lever int_lever(std::string path, std::string label, std::string group, int value, int lo, int hi) {
  return Lever{std::move(path), std::move(label), "int", std::move(group), value, lo, hi, nullptr};
}

Lever share_lever(std::string path, std::string label, double value) {
  return Lever{std::move(path), std::move(label), "share", "policy", value, 0.0, 1.0, nullptr};
}

Lever duration_lever(std::string path, std::string label, double value, double lo, double hi) {
  return Lever{std::move(path), std::move(label), "duration", "visits", format_duration(value), format_duration(lo),
               format_duration(hi), duration_choices(value, lo, hi)};
}

}  // namespace

std::vector<Lever> scenario_levers(const scenario::Scenario& s, const LoadProbe& probe) {
  std::vector<Lever> out;
  std::size_t villages = 0;
  for (const auto& f : s.facilities) villages += f.tier == Tier::kVillage ? 1 : 0;
  const bool village_levers = villages <= kMaxVillageLevers;

  // Capacity: higher tiers first (the county hospital is the first thing a planner looks at).
  for (int t = scenario::kTierCount - 1; t >= 0; --t) {
    for (const auto& f : s.facilities) {
      if (static_cast<int>(f.tier) != t) continue;
      if (f.tier == Tier::kVillage && !village_levers) continue;
      const std::string who = f.name.empty() ? f.id : f.name;
      const std::string at = fmt::format("facilities[{}]", f.id);
      out.push_back(int_lever(at + ".servers", fmt::format("{} · servers on duty 在岗医生", who), "capacity", f.servers, 0,
                              std::max(10, 3 * f.servers)));
      if (f.tier != Tier::kVillage || f.beds > 0) {
        out.push_back(int_lever(at + ".beds", fmt::format("{} · beds 床位", who), "capacity", f.beds, 0,
                                std::max(50, 3 * f.beds)));
      }
    }
  }

  // Expert visits (专家下沉), one group of three per schedule.
  for (std::size_t i = 0; i < s.policy.expert_visits.size(); ++i) {
    const auto& v = s.policy.expert_visits[i];
    const std::string at = fmt::format("policy.expert_visits[{}]", i);
    const std::string what = fmt::format("Visit {}: {} → {} ({})", i + 1, s.facilities[v.from].id, s.facilities[v.to].id,
                                         s.specialties[v.specialty]);
    out.push_back(duration_lever(at + ".every", what + " · every 频次", v.every, kDay, kYear));
    out.push_back(duration_lever(at + ".duration", what + " · time on site 驻点时长", v.duration, kHour, 2 * kWeek));
    Lever experts = int_lever(at + ".experts", what + " · experts 专家人数", "visits", v.experts, 1, std::max(10, 3 * v.experts));
    out.push_back(std::move(experts));
  }

  // Policy: bypass per severity, misjudgement per deciding tier, the green channel.
  for (int k = 0; k < scenario::kSeverityCount; ++k) {
    const char* sev = scenario::severity_name(static_cast<scenario::Severity>(k));
    out.push_back(share_lever(fmt::format("policy.bypass.{}", sev),
                              fmt::format("Bypass to the county, {} 越级就诊（{}）", sev, kSeverityZh[k]),
                              s.policy.bypass[static_cast<std::size_t>(k)]));
  }
  for (int t = 0; t < scenario::kTierCount - 1; ++t) {  // the regional tier decides nothing upwards
    const bool present = std::any_of(s.facilities.begin(), s.facilities.end(),
                                     [t](const scenario::Facility& f) { return static_cast<int>(f.tier) == t; });
    if (!present) continue;
    const char* tier = scenario::tier_name(static_cast<Tier>(t));
    out.push_back(share_lever(fmt::format("policy.misjudge.{}", tier),
                              fmt::format("Misjudgement at {} tier 误判率（{}）", tier, kTierZh[t]),
                              s.policy.misjudge[static_cast<std::size_t>(t)]));
  }
  const bool green = s.policy.green_channel.enabled;
  if (!probe || probe("policy.green_channel.enabled", green ? "false" : "true")) {
    out.push_back(Lever{"policy.green_channel.enabled", "Green channel for time-critical conditions 绿色通道", "bool",
                        "policy", green, nullptr, nullptr, ordered_json::array({false, true})});
  }
  // Remote consultation (远程会诊): only where the scenario configures it (its answer time has no default).
  if (const auto& rc = s.policy.remote_consult) {
    out.push_back(share_lever("policy.remote_consult.success", "Remote consults that keep the case 远程会诊后留治率",
                              rc->success));
    out.push_back(int_lever("policy.remote_consult.reach", "Remote consult reach (levels) 远程会诊可及级别", "policy",
                            rc->reach, 0, 3));
  }
  // Outreach events (义诊, 体检车), one group per schedule: how often, and how many come.
  for (std::size_t i = 0; i < s.policy.outreach.size(); ++i) {
    const auto& o = s.policy.outreach[i];
    const std::string at = fmt::format("policy.outreach[{}]", i);
    const std::string what = fmt::format("Outreach {}: {} ({})", i + 1, s.facilities[o.from].id, s.specialties[o.specialty]);
    Lever every = duration_lever(at + ".every", what + " · every 义诊频次", o.every, o.duration + 1, kYear);  // longer than on site
    every.group = "outreach";
    out.push_back(std::move(every));
    out.push_back(int_lever(at + ".attendance.per_event", what + " · people per event 每次人数", "outreach", o.per_event, 0,
                            std::max(100, 3 * o.per_event)));
  }

  out.push_back(int_lever("replications", "Replications 重复次数", "run", s.replications, 1, 200));
  return out;
}

ordered_json levers_json(const std::vector<Lever>& levers) {
  ordered_json out = ordered_json::array();
  for (const auto& l : levers) {
    out.push_back(ordered_json{{"path", l.path},   {"label", l.label}, {"kind", l.kind},       {"value", l.value},
                               {"min", l.min},     {"max", l.max},     {"choices", l.choices}, {"group", l.group}});
  }
  return out;
}

}  // namespace tiersim::serve
