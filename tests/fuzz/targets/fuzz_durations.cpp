// libFuzzer target: the duration and number parsers of the loader
// (sim/scenario/yaml/durations.hpp). Findings, besides crashes: a parsed duration or number
// that is not finite; and a duration whose text (format_duration) does not parse back to the
// same double bit for bit, which durations.hpp promises and `--print-resolved` relies on.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "scenario/yaml/durations.hpp"

namespace {

using tiersim::scenario::yaml::format_duration;
using tiersim::scenario::yaml::parse_duration;
using tiersim::scenario::yaml::parse_number;

void check_round_trip(double minutes, const char* from) {
  if (!std::isfinite(minutes)) return;  // the loader refuses non-finite values before formatting
  const std::string text = format_duration(minutes);
  const auto back = parse_duration(text);
  if (!back) tiersim::fuzz::finding(std::string(from) + ": format_duration gave unparsable \"" + text + "\"");
  if (std::memcmp(&*back, &minutes, sizeof minutes) != 0) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.17g -> \"%s\" -> %.17g", minutes, text.c_str(), *back);
    tiersim::fuzz::finding(std::string(from) + ": round trip changed the value: " + buf);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto d = parse_duration(text)) {
    if (!std::isfinite(*d)) tiersim::fuzz::finding("parse_duration returned a non-finite value");
    check_round_trip(*d, "parsed duration");
  }
  if (const auto n = parse_number(text)) {
    if (!std::isfinite(*n)) tiersim::fuzz::finding("parse_number returned a non-finite value");
  }
  // The raw bytes as a double too, so format_duration sees values no text would give.
  if (size >= sizeof(double)) {
    double raw = 0;
    std::memcpy(&raw, data, sizeof raw);
    if (raw > 0 || (raw == 0 && !std::signbit(raw))) check_round_trip(raw, "raw double");
  }
  return 0;
}
