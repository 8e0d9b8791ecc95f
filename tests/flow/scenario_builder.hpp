// File: tests/flow/scenario_builder.hpp
// Builds small scenarios in C++ for the flow tests, so a test states its network in a few
// lines and does not depend on the YAML loader.
#pragma once

#include <string>
#include <vector>

#include "tiersim/scenario/scenario.hpp"

namespace tiersim::testing {

using scenario::Distribution;
using scenario::Scenario;
using scenario::Severity;
using scenario::Tier;

class ScenarioBuilder {
 public:
  explicit ScenarioBuilder(std::vector<std::string> specialties = {"general"}) {
    s_.name = "test";
    s_.specialties = std::move(specialties);
    for (auto& d : s_.tier_defaults) d.assign(s_.specialties.size(), 0);
    s_.replications = 10;
    s_.seed = 12345;
  }

  /// levels: one per specialty.
  FacilityIndex facility(const std::string& id, Tier tier, int servers, int beds, double population,
                         std::vector<int> levels) {
    scenario::Facility f;
    f.id = id;
    f.name = id;
    f.tier = tier;
    f.servers = servers;
    f.beds = beds;
    f.population = population;
    f.capability = std::move(levels);
    f.capability.resize(s_.specialties.size(), 0);
    s_.facilities.push_back(f);
    return static_cast<FacilityIndex>(s_.facilities.size() - 1);
  }

  void link(FacilityIndex a, FacilityIndex b, Distribution travel, double km = 10) {
    scenario::Link l;
    l.from = a;
    l.to = b;
    l.travel = std::move(travel);
    l.km = km;
    s_.links.push_back(l);
  }

  scenario::Condition& condition(const std::string& name, Severity severity, int required_level,
                                 double per_1000_per_year, Distribution service, SpecialtyIndex specialty = 0) {
    scenario::Condition c;
    c.name = name;
    c.specialty = specialty;
    c.severity = severity;
    c.required_level = required_level;
    c.per_1000_per_year = per_1000_per_year;
    c.service = std::move(service);
    s_.conditions.push_back(c);
    return s_.conditions.back();
  }

  Scenario& scenario() { return s_; }
  Scenario build() const { return s_; }

 private:
  Scenario s_;
};

}  // namespace tiersim::testing
