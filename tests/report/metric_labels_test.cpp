// One table of Chinese metric labels (include/tiersim/report/metric_labels.hpp): every metric
// the docs list has one, written in Chinese; a few exact labels; unknown names have none.
#include "tiersim/report/metric_labels.hpp"

#include <gtest/gtest.h>

#include "report/run_fixture.hpp"

namespace tiersim::report {
namespace {

/// True when `text` holds at least one CJK ideograph (U+4E00..U+9FFF, three bytes in UTF-8).
bool has_chinese(const std::string& text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xE4 && c <= 0xE9) return true;
  }
  return false;
}

TEST(MetricLabels, EveryDocumentedMetricHasAChineseLabel) {
  auto names = testing::documented_metric_names(testing::fixture_scenario());
  for (const char* extra : {"step_down_skipped", "remote_consult.consults", "remote_consult.referrals_avoided",
                            "remote_consult.answer_wait_minutes.mean", "outreach.events", "outreach.people_served",
                            "outreach.referred", "outreach.home_server_hours_lost"}) {
    names.emplace_back(extra);
  }
  ASSERT_GT(names.size(), 80U);
  for (const auto& n : names) EXPECT_TRUE(has_chinese(metric_zh(n))) << n << ": \"" << metric_zh(n) << "\"";
}

TEST(MetricLabels, ExactLabels) {
  EXPECT_EQ(metric_zh("minor_stays_in_village"), "小病不出村");
  EXPECT_EQ(metric_zh("county_retention"), "县域内就诊率");
  EXPECT_EQ(metric_zh("wait_minutes.township.p90"), "乡镇卫生院候诊时间 P90");
  EXPECT_EQ(metric_zh("wait_minutes.critical.mean"), "危重症患者候诊时间 均值");
  EXPECT_EQ(metric_zh("wait_minutes.village.p50"), "村卫生室候诊时间 中位数");
  EXPECT_EQ(metric_zh("utilisation.east"), "医生利用率");
  EXPECT_EQ(metric_zh("referrals_from.township"), "乡镇卫生院上转人次");
  EXPECT_EQ(metric_zh("green_channel.stemi.door_to_treatment_mean"), "绿色通道 进门至治疗时间 均值");
  EXPECT_EQ(metric_zh("referrals_up"), "上转人次");
  EXPECT_EQ(severity_zh("critical"), "危重症");
}

TEST(MetricLabels, UnknownNamesHaveNone) {
  for (const char* n : {"something_new", "wait_minutes.nowhere.mean", "referrals_from.moon", "green_channel.stemi.x",
                        "time_in_system_minutes.county.mean", ""}) {
    EXPECT_EQ(metric_zh(n), "") << n;
  }
}

}  // namespace
}  // namespace tiersim::report
