#include "tiersim/report/goals.hpp"

#include <cmath>

namespace tiersim::report {

namespace {

const Goal kGoals[] = {
    {"minor_stays_in_village", "小病不出村", "Minor illness stays in the village",
     "Of minor episodes of village residents, the share resolved at a village clinic.", std::nullopt},
    {"moderate_stays_in_township", "中病不出镇", "Moderate illness stays in the township",
     "Of moderate episodes of village and township residents, the share resolved at village or township tier.",
     std::nullopt},
    {"severe_stays_in_county", "大病不出县", "Serious illness stays in the county",
     "Of severe and critical episodes, the share resolved at county tier or below.", 0.90},
    {"county_retention", "县域内就诊率", "County retention (national target 90%)",
     "Of all resolved episodes, the share resolved at county tier or below.", 0.90},
    {"primary_share", "基层就诊率", "Primary-care share of visits (national target 65%)",
     "Visits to village and township facilities over all facility visits.", 0.65},
};

}  // namespace

std::span<const Goal> goals() { return kGoals; }

GoalStatus goal_status(const stats::MetricSummary* m, std::optional<double> target) {
  if (m == nullptr || m->n == 0 || !std::isfinite(m->mean)) return GoalStatus::kNoData;
  if (!target) return GoalStatus::kNoTarget;
  if (m->lo >= *target) return GoalStatus::kMet;
  if (m->hi < *target) return GoalStatus::kBelow;
  return GoalStatus::kUndecided;
}

const char* goal_status_label(GoalStatus s) {
  switch (s) {
    case GoalStatus::kNoData: return "no data";
    case GoalStatus::kNoTarget: return "no national numeric target";
    case GoalStatus::kMet: return "met 达标";
    case GoalStatus::kBelow: return "below target 未达标";
    case GoalStatus::kUndecided: return "CI includes target 不确定";
  }
  return "";
}

const char* tier_zh(int tier) {
  static const char* const kZh[] = {"村卫生室", "乡镇卫生院", "县级医院", "区域/市级医院"};
  return tier >= 0 && tier < 4 ? kZh[tier] : "";
}

}  // namespace tiersim::report
