// Why patients can or cannot leave the county: the checks behind validate's "leaving the
// county" section. They follow the route rules of sim/flow/README.md (green channel first,
// then out_of_county to the nearest regional facility, then referral up the chain), so each
// note names the rule that stops a patient from leaving.
#include "tiersim/network/leaving.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tiersim::network {
namespace {

using scenario::Severity;
using scenario::Tier;

constexpr std::size_t kMaxListed = 5;  // a province has hundreds of counties: name a few

bool on_green_channel(const scenario::Scenario& s, const Network& net, FacilityIndex home, ConditionIndex c) {
  return s.policy.green_channel.enabled && s.conditions[c].time_critical && net.nearest_able(home, c).exists();
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kMaxListed; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kMaxListed) out += fmt::format(" and {} more", names.size() - kMaxListed);
  return out;
}

int level_of(const scenario::Facility& f, SpecialtyIndex sp) {
  return sp < f.capability.size() ? f.capability[sp] : 0;
}

}  // namespace

LeavingCounty leaving_county(const scenario::Scenario& s, const Network& net) {
  LeavingCounty out;
  auto& notes = out.notes;
  const auto& policy = s.policy;
  std::vector<FacilityIndex> regional, county;
  for (FacilityIndex f = 0; f < s.facilities.size(); ++f) {
    if (s.facilities[f].tier == Tier::kRegional) regional.push_back(f);
    if (s.facilities[f].tier == Tier::kCounty) county.push_back(f);
  }
  if (regional.empty()) {
    notes.push_back(
        "no facility of tier regional: nobody can leave the county, so county_retention (县域内就诊率) is 1 by "
        "construction; add the city or provincial hospital (tier: regional) with a link from the county hospital");
    return out;
  }
  {
    std::vector<std::string> names;
    for (auto f : regional) names.push_back(fmt::format("'{}' ({})", s.facilities[f].id, s.facilities[f].name));
    notes.push_back(fmt::format("regional tier: {}", join(names)));
  }

  // Populated homes that reach no regional facility: nobody from them leaves, by any route.
  std::vector<std::string> stranded;
  std::size_t populated = 0;
  for (FacilityIndex f = 0; f < s.facilities.size(); ++f) {
    const auto& fac = s.facilities[f];
    if (!(fac.population > 0) || fac.tier == Tier::kRegional) continue;
    ++populated;
    if (!net.nearest_of_tier(f, Tier::kRegional).exists()) stranded.push_back(fac.id);
  }
  if (!stranded.empty()) {
    notes.push_back(fmt::format(
        "{} of {} populated facilities reach no regional facility along links ({}): nobody from them leaves the "
        "county, neither by out_of_county nor by referral; add a link from their county hospital to '{}'",
        stranded.size(), populated, join(stranded), s.facilities[regional.front()].id));
  }

  // Straight out at onset.
  const bool any_out = std::any_of(policy.out_of_county.begin(), policy.out_of_county.end(), [](double x) { return x > 0; });
  for (FacilityIndex home = 0; home < s.facilities.size(); ++home) {
    const auto& fac = s.facilities[home];
    if (!(fac.population > 0) || fac.tier == Tier::kRegional || !any_out) continue;
    if (!net.nearest_of_tier(home, Tier::kRegional).exists()) continue;
    for (ConditionIndex c = 0; c < s.conditions.size(); ++c) {
      const auto& cond = s.conditions[c];
      if (on_green_channel(s, net, home, c)) continue;
      out.out_of_county_per_day += fac.population * cond.per_1000_per_year / 1000.0 / 365.0 *
                                   policy.out_of_county[static_cast<std::size_t>(cond.severity)];
    }
  }
  if (!any_out) {
    notes.push_back(
        "policy.out_of_county is 0 for every severity: nobody goes straight out of the county; patients reach the "
        "regional tier only by referral");
  } else {
    std::string shares;
    for (int sv = 0; sv < scenario::kSeverityCount; ++sv) {
      if (policy.out_of_county[sv] > 0) {
        shares += fmt::format("{}{} {}", shares.empty() ? "" : ", ", scenario::severity_name(static_cast<Severity>(sv)),
                              policy.out_of_county[sv]);
      }
    }
    notes.push_back(fmt::format("policy.out_of_county ({}): {:.2f} patients a day expected to go straight out", shares,
                                out.out_of_county_per_day));
    for (int sv = 0; sv < scenario::kSeverityCount; ++sv) {
      if (!(policy.out_of_county[sv] > 0)) continue;
      const char* sev = scenario::severity_name(static_cast<Severity>(sv));
      std::vector<std::string> plain, green;
      for (ConditionIndex c = 0; c < s.conditions.size(); ++c) {
        const auto& cond = s.conditions[c];
        if (static_cast<int>(cond.severity) != sv || !(cond.per_1000_per_year > 0)) continue;
        (policy.green_channel.enabled && cond.time_critical ? green : plain).push_back(cond.name);
      }
      if (plain.empty() && green.empty()) {
        notes.push_back(fmt::format("out_of_county.{} acts on nobody: no condition with incidence > 0 is {}", sev, sev));
      } else if (!green.empty()) {
        notes.push_back(fmt::format(
            "out_of_county.{} does not apply to {}: time-critical on the green channel, which takes the patient to "
            "the nearest able facility first{}",
            sev, join(green), plain.empty() ? fmt::format(" (so no {} patient leaves this way)", sev) : std::string()));
      }
    }
  }

  // Referral from the county tier: only what the county cannot treat, misjudges, or has no bed for.
  std::vector<std::string> no_target, treats_all;
  std::size_t listed = 0;
  for (auto f : county) {
    const auto& fac = s.facilities[f];
    const auto& up = net.referral(f);
    if (!up.exists()) {
      no_target.push_back(fmt::format("'{}'", fac.id));
      continue;
    }
    std::vector<std::string> cannot;
    for (const auto& cond : s.conditions) {
      if (cond.per_1000_per_year > 0 && level_of(fac, cond.specialty) < cond.required_level) {
        cannot.push_back(fmt::format("{} ({} {} < {})", cond.name, s.specialties[cond.specialty],
                                     level_of(fac, cond.specialty), cond.required_level));
      }
    }
    if (cannot.empty()) {
      treats_all.push_back(fmt::format("'{}'", fac.id));
    } else if (listed++ < kMaxListed) {
      notes.push_back(fmt::format("'{}' refers to '{}' ({:.0f} min) what it cannot treat: {}", fac.id,
                                  s.facilities[up.to].id, up.mean_minutes, join(cannot)));
    }
  }
  if (listed > kMaxListed) notes.push_back(fmt::format("... and {} more county hospitals refer up", listed - kMaxListed));
  if (!no_target.empty()) {
    notes.push_back(fmt::format("{} reach{} no facility above the county tier: {} treat{} what {} get{}, nobody is "
                                "referred out of the county",
                                join(no_target), no_target.size() == 1 ? "es" : "", no_target.size() == 1 ? "it" : "they",
                                no_target.size() == 1 ? "s" : "", no_target.size() == 1 ? "it" : "they",
                                no_target.size() == 1 ? "s" : ""));
  }
  if (!treats_all.empty()) {
    const double mis = policy.misjudge[static_cast<int>(Tier::kCounty)];
    notes.push_back(fmt::format(
        "{} can treat every condition: referral up happens only by misjudgement (policy.misjudge.county = {}) or "
        "for want of a bed (policy.when_full: {})",
        join(treats_all), mis, policy.when_full == scenario::WhenFull::kRefer ? "refer" : "wait, so never"));
  }

  // The top of the chain treats what it gets: a regional hospital below the required level
  // is a wrong-looking setup (a missing `tiers: regional:` line gives it level 0).
  for (auto f : regional) {
    const auto& fac = s.facilities[f];
    std::vector<std::string> below;
    for (const auto& cond : s.conditions) {
      if (cond.per_1000_per_year > 0 && level_of(fac, cond.specialty) < cond.required_level) {
        below.push_back(fmt::format("{} ({} {} < {})", cond.name, s.specialties[cond.specialty],
                                    level_of(fac, cond.specialty), cond.required_level));
      }
    }
    if (!below.empty()) {
      notes.push_back(fmt::format(
          "'{}' (regional) is below the required level for {}; with nothing above it, it treats them anyway (is a "
          "`tiers: regional:` line missing?)",
          fac.id, join(below)));
    }
  }
  return out;
}

}  // namespace tiersim::network
