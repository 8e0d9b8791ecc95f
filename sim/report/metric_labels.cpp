// The Chinese labels of the metrics (tiersim/report/metric_labels.hpp). The words follow the
// terms of China's tiered-care documents where there is one (上转, 下转, 县域内就诊率,
// 基层就诊率) and report.html's headings elsewhere (候诊时间, 医生利用率, 床位使用率).
#include "tiersim/report/metric_labels.hpp"

#include <array>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "tiersim/report/goals.hpp"

namespace tiersim::report {

namespace {

using Pair = std::pair<std::string_view, std::string_view>;

std::string_view lookup(std::string_view key, std::span<const Pair> table) {
  for (const auto& [k, v] : table) {
    if (k == key) return v;
  }
  return {};
}

std::string_view tier_zh_by_name(std::string_view tier) {
  constexpr std::array<std::string_view, 4> kTiers = {"village", "township", "county", "regional"};
  for (std::size_t t = 0; t < kTiers.size(); ++t) {
    if (kTiers[t] == tier) return tier_zh(static_cast<int>(t));
  }
  return {};
}

std::string stat_zh(std::string_view stat) {
  if (stat == "mean") return "均值";
  if (stat == "p50") return "中位数";
  if (!stat.empty() && stat[0] == 'p') return fmt::format("P{}", stat.substr(1));
  return std::string(stat);
}

constexpr Pair kCounts[] = {
    {"referrals_up", "上转人次"},
    {"referrals_down", "下转人次"},
    {"bypass", "越级就诊人数"},
    {"out_of_county", "县外就诊人数"},
    {"left_unseen", "未就诊离开人数"},
    {"misjudged_kept", "误判留治人数"},
    {"misjudged_referred", "误判上转人数"},
    {"blocked_admissions", "无床可住院次数"},
    {"step_down_skipped", "因无床未能下转次数"},
};

constexpr Pair kGreenChannel[] = {
    {"fmc_to_ecg_mean", "首次医疗接触至心电图时间 均值"},
    {"door_to_treatment_mean", "进门至治疗时间 均值"},
    {"door_in_door_out_mean", "进门至转出时间 均值"},
    {"fmc_to_treatment_mean", "首次医疗接触至治疗时间 均值"},
    {"onset_to_treatment_mean", "发病至治疗时间 均值"},
    {"within_target", "达标率"},
    {"door_to_treatment_within_target", "进门至治疗达标率"},
    {"fmc_to_treatment_within_target", "首次医疗接触至治疗达标率"},
    {"outside_window", "超出救治时间窗比例"},
    {"patients", "患者数"},
};

constexpr Pair kGroups[] = {
    {"expert_visits.visits", "专家下沉次数"},
    {"expert_visits.patients_seen", "下沉专家接诊人数"},
    {"expert_visits.home_server_hours_lost", "派出医院减少的接诊工时"},
    {"patients.created", "患者总数"},
    {"patients.resolved", "完成诊治人数"},
    {"patients.left_unseen", "未就诊离开总人数"},
    {"patients.in_system", "期末仍在就医人数"},
    {"remote_consult.consults", "远程会诊次数"},
    {"remote_consult.referrals_avoided", "远程会诊避免的上转"},
    {"outreach.events", "巡诊次数"},
    {"outreach.people_served", "巡诊服务人数"},
    {"outreach.referred", "巡诊转诊人数"},
    {"outreach.home_server_hours_lost", "派出机构减少的接诊工时"},
};

}  // namespace

std::string_view severity_zh(std::string_view severity) {
  constexpr Pair kSeverities[] = {{"minor", "轻症"}, {"moderate", "中症"}, {"severe", "重症"}, {"critical", "危重症"}};
  return lookup(severity, kSeverities);
}

std::string metric_zh(std::string_view name) {
  for (const auto& g : goals()) {
    if (name == g.metric) return g.zh;
  }
  if (const auto zh = lookup(name, kCounts); !zh.empty()) return std::string(zh);
  if (const auto zh = lookup(name, kGroups); !zh.empty()) return std::string(zh);
  const auto dot = name.find('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view group = name.substr(0, dot);
  const std::string_view rest = name.substr(dot + 1);
  const auto last = rest.rfind('.');
  const std::string_view who = rest.substr(0, last);  // the tier, severity or condition
  const std::string_view tail = last == std::string_view::npos ? std::string_view{} : rest.substr(last + 1);
  if (group == "wait_minutes" && !tail.empty()) {
    if (const auto t = tier_zh_by_name(who); !t.empty()) return fmt::format("{}候诊时间 {}", t, stat_zh(tail));
    if (const auto s = severity_zh(who); !s.empty()) return fmt::format("{}患者候诊时间 {}", s, stat_zh(tail));
  }
  if (group == "time_in_system_minutes" && !tail.empty()) {
    if (const auto s = severity_zh(who); !s.empty()) return fmt::format("{}患者就医全程时间 {}", s, stat_zh(tail));
  }
  if (group == "remote_consult" && who == "answer_wait_minutes" && !tail.empty()) {
    return fmt::format("远程会诊应答等待时间 {}", stat_zh(tail));
  }
  if (group == "utilisation") return "医生利用率";
  if (group == "bed_occupancy") return "床位使用率";
  if (group == "referrals_from") {
    if (const auto t = tier_zh_by_name(rest); !t.empty()) return fmt::format("{}上转人次", t);
  }
  if (group == "green_channel" && !tail.empty()) {
    if (const auto zh = lookup(tail, kGreenChannel); !zh.empty()) return fmt::format("绿色通道 {}", zh);
  }
  return {};
}

}  // namespace tiersim::report
