// File: scenario/yaml/keys.hpp
// The key names of the scenario format (docs/SCENARIO.md), in one place: the decoder refuses
// keys not listed here and the JSON Schema is checked against these lists, so the two cannot
// drift apart.
#pragma once

#include "scenario/yaml/reader.hpp"

namespace tiersim::scenario::yaml::keys {

inline const Keys kTop = {"format", "name", "description", "horizon", "warmup", "replications", "seed",
                          "specialties", "tiers", "facilities", "links", "conditions", "arrivals", "policy",
                          "extends", "set", "observed"};
inline const Keys kTopRequired = {"format", "name", "horizon", "specialties", "tiers", "facilities", "conditions"};
inline const Keys kFacility = {"id", "name", "tier", "servers", "beds", "population", "capability",
                               "hours", "villages", "refer_to", "parent"};
inline const Keys kFacilityRequired = {"id", "tier"};
inline const Keys kVillages = {"count", "population", "servers", "beds", "hours", "travel", "km"};
inline const Keys kVillagesRequired = {"count", "travel"};
inline const Keys kLink = {"from", "to", "travel", "km"};
inline const Keys kLinkRequired = {"from", "to", "travel"};
inline const Keys kCondition = {"name", "specialty", "severity", "required_level", "per_1000_per_year", "service",
                                "service_by_tier", "admission", "step_down", "time_critical"};
inline const Keys kConditionRequired = {"name", "specialty", "severity", "required_level", "per_1000_per_year",
                                        "service"};
inline const Keys kAdmission = {"probability", "stay"};
inline const Keys kTimeCritical = {"window", "onset_to_contact", "targets"};
inline const Keys kTargets = {"fmc_to_ecg", "door_to_treatment", "door_in_door_out", "fmc_to_treatment"};
inline const Keys kArrivals = {"hourly", "weekly"};
inline const Keys kPolicy = {"bypass", "out_of_county", "misjudge", "step_down", "when_full", "when_closed",
                             "reneging", "green_channel", "expert_visits", "remote_consult",
                             "outreach"};
inline const Keys kReneging = {"patience", "tiers", "then"};
inline const Keys kGreenChannel = {"enabled", "tele_consult", "activation"};
inline const Keys kExpertVisit = {"from", "to", "specialty", "experts", "every", "duration", "first",
                                  "capacity_building"};
inline const Keys kExpertVisitRequired = {"from", "to", "specialty", "every"};
inline const Keys kRemoteConsult = {"from", "to", "specialties", "reach", "success", "answer"};
inline const Keys kRemoteConsultRequired = {"success", "answer"};
inline const Keys kOutreach = {"from", "to", "specialty", "level", "staff", "every", "first", "duration", "attendance"};
inline const Keys kOutreachRequired = {"from", "to", "specialty", "every", "duration", "attendance"};
inline const Keys kAttendance = {"per_event", "conditions"};
inline const Keys kCapacityBuilding = {"after", "raise_to"};
inline const Keys kObserved = {"value", "sd", "source"};
inline const Keys kObservedRequired = {"value"};
inline const Keys kSweepTop = {"sweep"};
inline const Keys kSweep = {"base", "design", "n", "seed", "replications", "vary"};
inline const Keys kSweepRequired = {"base", "vary"};

}  // namespace tiersim::scenario::yaml::keys
