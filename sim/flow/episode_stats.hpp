// File: flow/episode_stats.hpp (private)
// The counters and streaming estimates a replication gathers after warm-up, and their
// conversion to the flat named metrics of stats::ReplicationResult (result_builder.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/log_histogram.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::flow {

struct ShareCounter {
  std::uint64_t hits = 0;
  std::uint64_t total = 0;
  void add(bool hit) noexcept {
    ++total;
    hits += hit ? 1 : 0;
  }
  [[nodiscard]] double share() const noexcept {
    return total ? static_cast<double>(hits) / static_cast<double>(total) : std::numeric_limits<double>::quiet_NaN();
  }
};

struct MeanCounter {
  double sum = 0;
  std::uint64_t n = 0;
  void add(double x) noexcept {
    sum += x;
    ++n;
  }
  [[nodiscard]] double mean() const noexcept {
    return n ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
  }
};

/// Fixed 5-minute bins up to 12 hours (the last bin holds everything later), for the report.
struct BinCounter {
  static constexpr double kWidth = 5;
  static constexpr std::size_t kBins = 145;
  std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(kBins, 0);
  void add(double minutes) {
    auto i = static_cast<std::size_t>(minutes > 0 ? minutes / kWidth : 0);
    counts[i < kBins ? i : kBins - 1] += 1;
  }
};

struct GreenStats {
  MeanCounter fmc_to_ecg, door_to_treatment, door_in_door_out, fmc_to_treatment, onset_to_treatment;
  ShareCounter within_target;       ///< reperfusion within its target (see README)
  ShareCounter door_within_target, fmc_within_target, outside_window;
  std::uint64_t patients = 0;
  BinCounter door_to_treatment_bins, fmc_to_treatment_bins;
};

/// Ordered for the hot path: the wait, visits and resolved (every visit) and the rarer
/// counters fill one cache line of FacilityState; expert_patients spills into the next.
struct FacilityCounters {
  MeanCounter wait;
  std::uint64_t visits = 0, resolved = 0, referred_up = 0, referred_down = 0, left_unseen = 0;
  // (referred_up is also the flow to this facility's referral target: referrals always go there)
  std::uint64_t blocked = 0, expert_patients = 0;
};

struct EpisodeStats {
  ShareCounter minor_village, moderate_township, severe_county, county_retention, primary_share;
  std::uint64_t referrals_up = 0, referrals_down = 0, bypass = 0, out_of_county = 0, left_unseen = 0;
  std::uint64_t misjudged_kept = 0, misjudged_referred = 0, blocked = 0, step_down_skipped = 0;
  std::array<stats::LogHistogram, scenario::kTierCount> wait_by_tier;
  std::array<stats::LogHistogram, scenario::kSeverityCount> wait_by_severity;
  std::array<MeanCounter, scenario::kSeverityCount> time_in_system;
  std::vector<GreenStats> green;          ///< per condition (unused for others)
  std::uint64_t expert_visits = 0, expert_patients = 0;
  double home_server_minutes_lost = 0;
  /// Step-down transfers, (from << 32 | to) -> count: rarer, and to varying targets.
  std::unordered_map<std::uint64_t, std::uint64_t> down;

  void add_down(std::uint32_t from, std::uint32_t to) { ++down[(static_cast<std::uint64_t>(from) << 32) | to]; }
};

}  // namespace tiersim::flow
