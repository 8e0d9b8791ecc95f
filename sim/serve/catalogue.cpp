// The scenarios a server offers: the files and folders named on its command line, loaded and
// checked once at start-up. The server never loads anything else: a request names a scenario
// by its id, never by a path.
#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "tiersim/error.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/serve/server.hpp"

namespace tiersim::serve {

namespace {

namespace fs = std::filesystem;

/// A URL-safe id from a file stem: letters, digits, '-' and '_' kept, the rest '-'.
std::string slug(const std::string& stem) {
  std::string out;
  for (unsigned char c : stem) out += (std::isalnum(c) || c == '-' || c == '_') ? static_cast<char>(c) : '-';
  return out.empty() ? "scenario" : out;
}

void add(std::vector<CatalogueEntry>& out, std::set<std::string>& ids, std::string stem, std::string file,
         scenario::Scenario s) {
  std::string id = slug(stem);
  for (int k = 2; ids.count(id) > 0; ++k) id = fmt::format("{}-{}", slug(stem), k);
  ids.insert(id);
  out.push_back(CatalogueEntry{id, std::move(file), std::move(s)});
}

scenario::Scenario load_checked(const std::string& file) {
  scenario::Scenario s = scenario::load_scenario_file(file);
  (void)network::Network::build(s);  // every catchment reaches treatment, as `validate` checks
  return s;
}

void add_folder(const fs::path& dir, std::vector<CatalogueEntry>& out, std::set<std::string>& ids,
                std::vector<std::string>& skipped) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      // Sweep, calibration and optimisation files live beside scenarios in scenarios/: they
      // are not scenarios and are skipped with what they are, not listed as failing to load.
      const char* kind = nullptr;
      switch (scenario::file_kind(f.string())) {
        case scenario::FileKind::kSweep: kind = "a sweep file"; break;
        case scenario::FileKind::kCalibrate: kind = "a calibration file"; break;
        case scenario::FileKind::kOptimize: kind = "an optimisation file"; break;
        case scenario::FileKind::kScenario: break;
      }
      if (kind != nullptr) {
        skipped.push_back(fmt::format("{}: {}, not a scenario", f.string(), kind));
        continue;
      }
      add(out, ids, f.stem().string(), f.string(), load_checked(f.string()));
    } catch (const Error& e) {
      skipped.push_back(fmt::format("{}: does not load: {}", f.string(), e.what()));
    }
  }
}

}  // namespace

std::vector<CatalogueEntry> collect_scenarios(const std::vector<std::string>& args, std::vector<std::string>& skipped) {
  std::vector<CatalogueEntry> out;
  std::set<std::string> ids;
  if (args.empty()) {
    add(out, ids, "embedded", "", scenario::load_default_scenario());
    std::error_code ec;
    if (fs::is_directory("scenarios", ec)) add_folder("scenarios", out, ids, skipped);
    return out;
  }
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      add_folder(a, out, ids, skipped);
    } else {
      add(out, ids, fs::path(a).stem().string(), a, load_checked(a));  // a named file must load: exit 2 otherwise
    }
  }
  if (out.empty()) throw Error("tiersim serve: no scenario to serve (the folders named hold no scenario file that loads)");
  return out;
}

}  // namespace tiersim::serve
