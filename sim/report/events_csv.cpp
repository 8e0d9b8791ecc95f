#include "tiersim/report/events_csv.hpp"

#include <fmt/format.h>

#include "tiersim/report/format.hpp"

namespace tiersim::report {

EventsCsvWriter::EventsCsvWriter(const std::filesystem::path& path, const scenario::Scenario& s) : file_(path) {
  facility_ids_.reserve(s.facilities.size());
  for (const auto& f : s.facilities) facility_ids_.push_back(csv_field(f.id));
  file_.write("replication,time_minutes,patient,facility,event\n");
}

void EventsCsvWriter::on_event(int replication, double minutes, std::uint64_t patient, FacilityIndex facility,
                               flow::TraceEvent event) {
  static const std::string kNone;
  const std::string& id = facility < facility_ids_.size() ? facility_ids_[facility] : kNone;
  line_.clear();
  fmt::format_to(std::back_inserter(line_), "{},{},{},{},{}\n", replication, minutes, patient, id,
                 flow::trace_event_name(event));
  file_.write(line_);
  ++lines_;
}

}  // namespace tiersim::report
