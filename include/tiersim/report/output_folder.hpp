// File: tiersim/report/output_folder.hpp
// Where `tiersim run` puts its files and how it replaces them: a fresh folder named after the
// scenario by default (`<name>-output`, `-2`, `-3`, ... so re-running never mixes two runs),
// and every file written to a temporary name first and renamed only when all are complete.
#pragma once

#include <filesystem>
#include <string_view>

#include "tiersim/analytic/analytic.hpp"
#include "tiersim/report/atomic_file.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::report {

inline constexpr const char* kSummaryJson = "summary.json";
inline constexpr const char* kReplicationsCsv = "replications.csv";
inline constexpr const char* kFacilitiesCsv = "facilities.csv";
inline constexpr const char* kReportHtml = "report.html";
inline constexpr const char* kEventsCsv = "events.csv";

/// A scenario name made safe as a folder name: `/`, `\`, control characters, spaces and
/// shell-awkward characters become `-`; a leading `.` or `-` is dropped; UTF-8 letters stay.
/// Empty results give "scenario".
[[nodiscard]] std::string folder_name_for(std::string_view scenario_name);

/// The first of `<parent>/<name>-output`, `-output-2`, `-output-3`, ... that does not
/// exist. Creates nothing.
[[nodiscard]] std::filesystem::path default_output_folder(std::string_view scenario_name,
                                                          const std::filesystem::path& parent = ".");

/// Writes summary.json, replications.csv, facilities.csv and report.html into `folder` (which
/// must exist): all four to temporary names, then, when all are complete, renamed over any
/// earlier files. `events` is the finished trace of this run (published with them), or null,
/// in which case a stale events.csv from an earlier traced run is removed. Throws IoError;
/// on failure before the renames nothing under the final names has changed.
void write_run_outputs(const std::filesystem::path& folder, const stats::RunResult& run, const scenario::Scenario& s,
                       const analytic::Analysis* analysis, AtomicFile* events = nullptr);

}  // namespace tiersim::report
