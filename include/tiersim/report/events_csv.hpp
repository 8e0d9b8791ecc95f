// File: tiersim/report/events_csv.hpp
// events.csv for `tiersim run --trace`: every patient event of every replication as
// `replication,time_minutes,patient,facility,event`, streamed to an AtomicFile so a failed
// run leaves no partial events.csv. `facility` is the facility id (empty for events not at
// a facility), `event` the name of flow::trace_event_name (e.g. `refer_up`).
#pragma once

#include <filesystem>

#include "tiersim/flow/flow_model.hpp"
#include "tiersim/report/atomic_file.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::report {

/// A TraceSink writing events.csv. Not thread-safe: the runner forces replications onto one
/// thread when a trace is attached. The scenario must outlive the writer.
class EventsCsvWriter final : public flow::TraceSink {
 public:
  /// Opens the temporary file beside `path` and writes the header. Throws IoError.
  EventsCsvWriter(const std::filesystem::path& path, const scenario::Scenario& s);

  /// One line. Throws IoError (e.g. disk full); the temporary file is then removed.
  void on_event(int replication, double minutes, std::uint64_t patient, FacilityIndex facility,
                flow::TraceEvent event) override;

  /// The underlying file: finish() then publish() when the run succeeded.
  [[nodiscard]] AtomicFile& file() noexcept { return file_; }

  [[nodiscard]] std::uint64_t lines() const noexcept { return lines_; }

 private:
  AtomicFile file_;
  std::vector<std::string> facility_ids_;  ///< CSV-quoted once, not per line
  std::string line_;
  std::uint64_t lines_ = 0;
};

}  // namespace tiersim::report
