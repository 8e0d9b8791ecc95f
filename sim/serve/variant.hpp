// Internal to sim/serve: a variant is the base scenario plus `set:` overrides. Here: the JSON
// `set` object of a request turned into overrides (each value's YAML text), and the variant
// written as a scenario file (`extends:` the base + `set:`), which `tiersim run` runs to the
// same numbers the server showed.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tiersim/scenario/load.hpp"
#include "tiersim/serve/server.hpp"

namespace tiersim::serve {

/// A request the server refuses with 400; what() is the message shown to the user.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The YAML text of a JSON value as a `set:` value: numbers and booleans as written, a string
/// plain when it reads back as the same string (`3d`, `wait`), quoted otherwise, objects and
/// arrays as flow collections (JSON is YAML). Throws BadRequest for null.
[[nodiscard]] std::string yaml_value(const nlohmann::ordered_json& value, const std::string& path);

/// The overrides of a `set` object, in its order. Throws BadRequest naming the problem: not an
/// object, too many entries, an empty or over-long path, a path the request may not set
/// (`seed`, which common random numbers fix; `replications`, a field of its own; `extends`,
/// `set`, which name files), or a null value.
[[nodiscard]] std::vector<scenario::Override> overrides_from_json(const nlohmann::ordered_json& set, int max_entries);

/// The overrides as a JSON object again (path -> value as the request gave it).
[[nodiscard]] nlohmann::ordered_json overrides_json(const std::vector<scenario::Override>& overrides);

/// The variant as a scenario file: a comment saying where it came from and how to run it,
/// `extends:` the base file (absolute path; for the embedded default, `hengkou.yaml`, i.e.
/// scenarios/hengkou.yaml saved beside it), the scenario's name, `replications:` and `set:`.
[[nodiscard]] std::string variant_yaml(const CatalogueEntry& base, const std::vector<scenario::Override>& overrides,
                                       int replications, int run_id);

}  // namespace tiersim::serve
