// libFuzzer target: one override applied to a fixed, valid scenario (scenarios/tutorial.yaml),
// the way a sweep point or `set:` applies it. The input is `PATH\nVALUE`; without a newline
// the whole input is the value of `conditions[0].service`, so most executions exercise the
// distribution parser. A value that loads must give draws that are finite and never negative
// (tiersim/random/distributions.hpp promises both), since a NaN or negative duration would
// corrupt the event calendar.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "fuzz_common.hpp"
#include "tiersim/random/stream.hpp"
#include "tiersim/scenario/load.hpp"

namespace {

const std::string kName = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tutorial.yaml";

const std::string& base_text() {
  static const std::string text = [] {
    std::ifstream in(kName);
    if (!in) tiersim::fuzz::finding("cannot read " + kName);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return text;
}

void check_draws(const tiersim::random::Distribution& d, const std::string& where) {
  tiersim::random::RandomStream rng(12345);
  for (int i = 0; i < 16; ++i) {
    const double x = d.sample(rng);
    if (!std::isfinite(x) || x < 0) {
      tiersim::fuzz::finding(where + ": draw " + std::to_string(x) + " from " + d.describe());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  tiersim::scenario::Override o;
  if (const auto nl = input.find('\n'); nl != std::string::npos) {
    o.path = input.substr(0, nl);
    o.yaml_value = input.substr(nl + 1);
  } else {
    o.path = "conditions[0].service";
    o.yaml_value = input;
  }
  tiersim::fuzz::expect_clean("override", [&] {
    const auto s = tiersim::scenario::load_scenario_text(base_text(), kName, {o});
    for (const auto& c : s.conditions) {
      check_draws(c.service, "conditions[" + c.name + "].service");
      for (const auto& by_tier : c.service_by_tier) {
        if (by_tier) check_draws(*by_tier, "conditions[" + c.name + "].service_by_tier");
      }
      if (c.admission) check_draws(c.admission->stay, "conditions[" + c.name + "].admission.stay");
      if (c.time_critical) check_draws(c.time_critical->onset_to_contact, "conditions[" + c.name + "].onset_to_contact");
    }
    for (const auto& l : s.links) check_draws(l.travel, "links[].travel");
    if (s.policy.reneging) check_draws(s.policy.reneging->patience, "policy.reneging.patience");
    check_draws(s.policy.green_channel.tele_consult, "policy.green_channel.tele_consult");
    check_draws(s.policy.green_channel.activation, "policy.green_channel.activation");
    if (s.policy.remote_consult) check_draws(s.policy.remote_consult->answer, "policy.remote_consult.answer");
  });
  return 0;
}
