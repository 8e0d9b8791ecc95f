// File: tiersim/scenario/scenario.hpp
// A scenario as plain data: what the loader produces from a YAML file (docs/SCENARIO.md)
// and what the network, the flow model and the analytic model read. No YAML type appears
// here. Every duration is in minutes (tiersim::SimTime); every rate is per person per year
// as written (per_1000_per_year), converted where it is used.
//
// Indices: facilities, conditions and specialties refer to each other by index into the
// vectors below, resolved by the loader; ids and names are kept for reports.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tiersim/fwd.hpp"
#include "tiersim/random/distributions.hpp"

namespace tiersim::scenario {

using random::Distribution;

/// Tiers, lowest first. The order is meaningful: upward referral goes to a higher tier.
enum class Tier : std::uint8_t { kVillage = 0, kTownship = 1, kCounty = 2, kRegional = 3 };
inline constexpr int kTierCount = 4;
[[nodiscard]] const char* tier_name(Tier t) noexcept;  ///< "village", ...
[[nodiscard]] std::optional<Tier> parse_tier(std::string_view name) noexcept;

enum class Severity : std::uint8_t { kMinor = 0, kModerate = 1, kSevere = 2, kCritical = 3 };
inline constexpr int kSeverityCount = 4;
[[nodiscard]] const char* severity_name(Severity s) noexcept;  ///< "minor", ...
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view name) noexcept;

/// Where a value came from in the file, for messages after loading (1-based; 0 unknown).
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Daily opening hours. `always` when the facility has no `hours`. Times are minutes after
/// midnight; close < open means the facility is open across midnight.
struct OpeningHours {
  bool always = true;
  double open = 0;
  double close = 24 * 60;
  /// True when the facility is open at simulated time t (t = 0 is a Monday, 00:00).
  [[nodiscard]] bool is_open(SimTime t) const noexcept;
  /// The earliest time >= t at which the facility is open.
  [[nodiscard]] SimTime next_open(SimTime t) const noexcept;
};

struct Facility {
  std::string id;
  std::string name;
  Tier tier = Tier::kVillage;
  int servers = 1;                ///< doctors on duty, >= 0
  int beds = 0;                   ///< >= 0
  double population = 0;          ///< catchment: people whose first contact is here
  std::vector<int> capability;    ///< per specialty (index), 0..3, tier default or override
  OpeningHours hours;
  std::string parent;             ///< for generated villages: the township that generated them
  std::string refer_to;           ///< optional `refer_to:` id; empty: nearest higher tier by travel time
  SourcePos pos;
};

struct Link {
  FacilityIndex from = 0;
  FacilityIndex to = 0;
  Distribution travel;            ///< minutes, each way
  double km = 0;
  SourcePos pos;
};

/// Targets of a time-critical condition, in minutes; absent targets are not reported.
struct GreenTargets {
  std::optional<double> fmc_to_ecg;
  std::optional<double> door_to_treatment;
  std::optional<double> door_in_door_out;
  std::optional<double> fmc_to_treatment;
};

struct TimeCritical {
  double window = kNever;         ///< onset to treatment; later counts as outside the window
  Distribution onset_to_contact;  ///< patient delay before first contact
  GreenTargets targets;
};

struct Admission {
  double probability = 0;         ///< 0..1
  Distribution stay;              ///< length of stay, minutes
};

struct Condition {
  std::string name;
  SpecialtyIndex specialty = 0;
  Severity severity = Severity::kMinor;
  int required_level = 1;                          ///< 0..3
  double per_1000_per_year = 0;                    ///< incidence, >= 0
  Distribution service;                            ///< assessment and treatment, minutes
  std::array<std::optional<Distribution>, kTierCount> service_by_tier;  ///< overrides per tier
  std::optional<Admission> admission;
  double step_down = 0;                            ///< minutes of recovery at a lower tier; 0 none
  std::optional<TimeCritical> time_critical;
  SourcePos pos;

  /// The service distribution at a facility of tier t.
  [[nodiscard]] const Distribution& service_at(Tier t) const noexcept {
    const auto& o = service_by_tier[static_cast<int>(t)];
    return o ? *o : service;
  }
};

/// std::fmod(t, period) for 0 <= t < 2^53 and a whole-minute period, the same double, at
/// a fraction of its cost. q = t / period rounded down is the true quotient or one more (the
/// division can round up onto a whole number, never down past one); q * period is a whole
/// number, so t - q * period is exact, and when q was one too many, adding the period back
/// is exact too. Tested against std::fmod in tests/scenario/remainder_test.cpp.
/// (For t >= 0 truncation is the floor: two instructions, where std::floor is a dozen without
/// SSE4.1.)
inline double remainder_of(double t, double period) noexcept {
  const double r = t - static_cast<double>(static_cast<std::int64_t>(t / period)) * period;
  return r < 0 ? r + period : r;
}

/// Multipliers of the Poisson rate: hour of day (0 = 00:00-01:00) and day of week (0 = Monday).
struct ArrivalProfile {
  std::array<double, 24> hourly{};  ///< all 1 when absent
  std::array<double, 7> weekly{};   ///< all 1 when absent
  ArrivalProfile() {
    hourly.fill(1.0);
    weekly.fill(1.0);
  }
  /// The rate multiplier at t: inline, as arrival thinning asks for it about twice per
  /// arrival (the province: 200 million times a year).
  [[nodiscard]] double multiplier(SimTime t) const noexcept {
    const double minute_of_week = remainder_of(t, kWeek);
    const auto day = static_cast<int>(minute_of_week / kDay);
    const auto hour = static_cast<int>((minute_of_week - day * kDay) / kHour);
    return hourly[static_cast<std::size_t>(std::clamp(hour, 0, 23))] *
           weekly[static_cast<std::size_t>(std::clamp(day, 0, 6))];
  }
  [[nodiscard]] double max_multiplier() const noexcept;
  [[nodiscard]] double mean_multiplier() const noexcept;  ///< over a week
};

enum class WhenFull : std::uint8_t { kWait, kRefer };

struct Reneging {
  Distribution patience;
  std::array<bool, kTierCount> tiers{};  ///< tiers where patients may leave the queue
  bool go_up = false;                    ///< `then: go_up`: go to the referral target instead of leaving (`then: leave`, default)
};

/// What a patient does who finds their first-contact facility closed (`policy.when_closed`).
enum class WhenClosed : std::uint8_t { kWait, kRefer };

struct GreenChannel {
  bool enabled = false;
  Distribution tele_consult;  ///< first contact to ECG / tele-consult done
  Distribution activation;    ///< at the treating facility: door to treatment start
};

struct CapacityBuilding {
  double after = 0;   ///< minutes of visits in total at the host
  int raise_to = 0;   ///< the host's own level afterwards, 0..3
};

struct ExpertVisit {
  FacilityIndex from = 0;
  FacilityIndex to = 0;
  SpecialtyIndex specialty = 0;
  int experts = 1;
  double every = kWeek;        ///< minutes between visit starts (departures from home)
  double duration = 8 * kHour; ///< minutes on site
  double first = 8 * kHour;    ///< `first:` minutes from t = 0 (a Monday, 00:00) to the first departure; default 8h
  std::optional<CapacityBuilding> capacity_building;
  SourcePos pos;
};

/// Remote consultation (`policy.remote_consult`): a doctor at a `from` tier asks a specialist
/// of the `to` tier on the patient's referral route, and may then treat the case locally.
/// Rules: sim/flow/README.md, "Remote consultation".
struct RemoteConsult {
  std::array<bool, kTierCount> from{};   ///< tiers whose facilities may consult
  Tier to = Tier::kCounty;               ///< the tier that answers
  std::vector<bool> specialties;         ///< per specialty: consulted for it (shorter: the rest are)
  int reach = 1;                         ///< helps a case with required_level <= level + reach
  double success = 0;                    ///< share of helped consults after which the case is kept
  Distribution answer;                   ///< the answering server's time, minutes
};

/// An outreach series (`policy.outreach`): free clinics (义诊) or a health-check vehicle
/// (体检车). A team leaves `from` for each event, at the hosts in turn, and people come to it
/// who would not otherwise have sought care. Rules: sim/flow/README.md, "Outreach events".
struct Outreach {
  struct Share {
    std::uint32_t condition = 0;  ///< index into Scenario::conditions
    double share = 0;             ///< of the attendees; the shares add up to 1
  };
  FacilityIndex from = 0;             ///< the team's home (a facility id, never a tier)
  std::vector<FacilityIndex> to;      ///< hosts, one per event in turn
  SpecialtyIndex specialty = 0;
  int level = 0;                      ///< the team's level for the specialty at the host
  int staff = 1;                      ///< servers home loses for the event and its travel
  double every = 4 * kWeek;           ///< minutes between departures
  double first = 8 * kHour;           ///< minutes from t = 0 to the first departure
  double duration = 6 * kHour;        ///< minutes on site; attendees arrive within it
  int per_event = 0;                  ///< attendees per event
  std::vector<Share> conditions;      ///< attendees' conditions, in file order
  SourcePos pos;
};

struct Policy {
  std::array<double, kSeverityCount> bypass{};         ///< share sent straight to county tier
  std::array<double, kSeverityCount> out_of_county{};  ///< share sent straight to regional tier
  std::array<double, kTierCount> misjudge{};           ///< per tier of the deciding facility
  bool step_down = false;
  WhenFull when_full = WhenFull::kWait;
  WhenClosed when_closed = WhenClosed::kWait;
  std::optional<Reneging> reneging;
  GreenChannel green_channel;
  std::vector<ExpertVisit> expert_visits;
  std::optional<RemoteConsult> remote_consult;
  std::vector<Outreach> outreach;
};

/// An observed figure the scenario should reproduce (`observed:`): report.html shows it beside
/// the simulated value. `tiersim calibrate` writes these into calibrated.yaml.
struct Observed {
  std::string metric;   ///< a metric name of summary.json, dotted (`expert_visits.patients_seen`)
  double value = 0;
  double sd = 0;        ///< 0: not given
  std::string source;   ///< where the figure comes from; may be empty
  SourcePos pos;
};

/// One value as its author wrote it over the file a scenario starts from: a top-level key of
/// an extending file (which replaces the base's whole), a `set:` entry, or an override.
struct WrittenValue {
  std::string path;   ///< `facilities[east].servers`, or a top-level key such as `name`
  std::string value;  ///< its YAML text, a mapping or list in flow style, cut at 80 characters
  std::string where;  ///< `file:line` of the entry, or `override`
};

struct Scenario {
  int format = 1;
  std::string name;
  std::string description;
  double horizon = kYear;      ///< minutes after warm-up
  double warmup = 0;           ///< minutes
  int replications = 10;
  std::uint64_t seed = 1;
  std::vector<std::string> specialties;
  std::array<std::vector<int>, kTierCount> tier_defaults;  ///< per tier, per specialty
  std::vector<Facility> facilities;
  std::vector<Link> links;
  std::vector<Condition> conditions;
  ArrivalProfile arrivals;
  Policy policy;
  std::vector<Observed> observed;  ///< `observed:`, in file order
  std::string source_file;     ///< path as given, or "<embedded>/hengkou.yaml"
  /// How the scenario was written, not part of the model: the file at the bottom of its
  /// `extends:` chain (a canonical path) and every value written over it, in the order
  /// applied. Two scenarios with the same root differ only by their `written` values, which
  /// is how comparison.html shows what differs as the user wrote it.
  std::string root_file;
  std::vector<WrittenValue> written;

  /// Id -> index of `facilities`, kept by the loader so that look-ups stay O(1) in a
  /// province of 30,000 facilities. find_facility() scans instead whenever this index is out
  /// of step with `facilities` (a scenario assembled by hand), so it is never wrong.
  std::unordered_map<std::string, FacilityIndex> facility_index;
  void rebuild_facility_index();

  [[nodiscard]] std::optional<FacilityIndex> find_facility(std::string_view id) const noexcept;
  [[nodiscard]] std::optional<ConditionIndex> find_condition(std::string_view name) const noexcept;
  [[nodiscard]] std::optional<SpecialtyIndex> find_specialty(std::string_view name) const noexcept;
  [[nodiscard]] double total_population() const noexcept;
};

}  // namespace tiersim::scenario
