#include "tiersim/report/output_folder.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "tiersim/error.hpp"
#include "tiersim/report/report_html.hpp"
#include "tiersim/report/summary_json.hpp"
#include "tiersim/report/tables_csv.hpp"

namespace tiersim::report {

std::string folder_name_for(std::string_view scenario_name) {
  std::string out;
  for (char ch : scenario_name) {
    const auto u = static_cast<unsigned char>(ch);
    const bool keep = u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                      ch == '.' || ch == '_' || ch == '-';
    out += keep ? ch : '-';
  }
  while (!out.empty() && (out.front() == '.' || out.front() == '-')) out.erase(out.begin());
  return out.empty() ? "scenario" : out;
}

std::filesystem::path default_output_folder(std::string_view scenario_name, const std::filesystem::path& parent) {
  const std::string base = folder_name_for(scenario_name) + "-output";
  for (int k = 1;; ++k) {
    auto candidate = parent / (k == 1 ? base : fmt::format("{}-{}", base, k));
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(candidate, ec))) return candidate;
  }
}

void write_run_outputs(const std::filesystem::path& folder, const stats::RunResult& run, const scenario::Scenario& s,
                       const analytic::Analysis* analysis, AtomicFile* events) {
  // Build every text first (no file touched if formatting throws), then write the temporary
  // files, and only then rename.
  const std::pair<const char*, std::string> files[] = {
      {kSummaryJson, summary_json_text(run)},
      {kReplicationsCsv, replications_csv(run)},
      {kFacilitiesCsv, facilities_csv(run)},
      {kReportHtml, report_html(run, s, analysis)},
  };
  std::vector<AtomicFile> pending;
  pending.reserve(std::size(files));
  for (const auto& [name, text] : files) {
    pending.emplace_back(folder / name);
    pending.back().write(text);
    pending.back().finish();
  }
  if (events != nullptr) {
    events->finish();
  } else {
    const auto stale = folder / kEventsCsv;
    if (::unlink(stale.c_str()) != 0 && errno != ENOENT) {
      const int err = errno;
      throw IoError(fmt::format("cannot remove {} of an earlier run: {}", stale.string(), std::strerror(err)));
    }
  }
  for (auto& f : pending) f.publish();
  if (events != nullptr) events->publish();
}

}  // namespace tiersim::report
