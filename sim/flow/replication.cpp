// The event loop of one replication: it starts each mechanism, then pops events in time
// order and hands each to the handler of the mechanism that owns its kind (a switch and a
// direct call: nothing virtual on the hot path). The mechanisms are in their own files; see
// the map in sim/flow/README.md.
#include "flow/replication.hpp"

#include <chrono>

#include "tiersim/error.hpp"

namespace tiersim::flow {

Replication::Replication(const scenario::Scenario& s, const network::Network& net, int replication,
                         const ReplicationOptions& options)
    : m_(s, net, replication, options) {}

stats::ReplicationResult Replication::run() {
  const auto wall_start = std::chrono::steady_clock::now();
  // The order of the first events matters for ties: arrivals, hours, visits, samples, warm-up.
  m_.arrivals.start(m_);
  m_.hours.start(m_);
  for (std::size_t f = 0; f < m_.facilities.size(); ++f) m_.set_available(static_cast<FacilityIndex>(f));
  m_.visits.start(m_);
  m_.outreach.start(m_);
  if (m_.options.sample_every > 0) m_.calendar.schedule(0, kSample, 0);
  if (m_.warmup_end > 0) m_.calendar.schedule(m_.warmup_end, kWarmupEnd, 0);

  while (!m_.calendar.empty()) {
    const core::Event e = m_.calendar.pop();
    if (e.time > m_.end) break;
    TIERSIM_ASSERT(e.time >= m_.now, "simulated time never goes backwards");
    m_.now = e.time;
    ++m_.events;
    prefetch_next();
    switch (static_cast<EventKind>(e.kind & kKindMask)) {
      case kArrivalStream: m_.arrivals.on_stream(m_, e.subject); break;
      case kArriveDoor: m_.service.on_arrive_door(m_, e.subject); break;
      case kActivationDone: m_.service.on_activation_done(m_, e.subject); break;
      case kServiceEnd: m_.service.on_service_end(m_, e.subject); break;
      case kRenege: m_.reneging.on_renege(m_, e.subject); break;
      case kBedPhaseEnd: m_.beds.on_phase_end(m_, e.subject); break;
      case kOpen: m_.hours.on_open(m_, e.subject); break;
      case kClose: m_.hours.on_close(m_, e.subject); break;
      case kVisitDepart: m_.visits.on_depart(m_, e.subject); break;
      case kVisitArrive: m_.visits.on_arrive(m_, e.subject); break;
      case kVisitEnd: m_.visits.on_end(m_, e.subject); break;
      case kVisitReturn: m_.visits.on_return(m_, e.subject); break;
      case kConsultAnswered: m_.consult.on_answered(m_, e.subject); break;
      case kOutreachDepart: m_.outreach.on_depart(m_, e.subject); break;
      case kOutreachAttendee: m_.outreach.on_attendee(m_, e.subject); break;
      case kSample:
        in_system_samples_.push_back(static_cast<double>(m_.created - m_.resolved - m_.left));
        if (m_.now + m_.options.sample_every <= m_.end) {
          m_.calendar.schedule(m_.now + m_.options.sample_every, kSample, 0);
        }
        break;
      case kWarmupEnd:
        for (auto& fs : m_.facilities) {
          fs.busy.restart(m_.now);
          fs.available.restart(m_.now);
          fs.occupied.restart(m_.now);
        }
        break;
    }
  }
  m_.now = m_.end;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return build_result(wall);
}

// While one event is handled, the records the next one will need are fetched into the cache:
// at province scale each handler otherwise waits on a patient, a facility or an arrival
// stream in main memory. A hint only: it never changes what happens.
void Replication::prefetch_next() const {
  std::uint32_t kind = 0, subject = 0;
  if (!m_.calendar.peek(kind, subject)) return;
  const auto facility = kind >> kHintShift;
  switch (static_cast<EventKind>(kind & kKindMask)) {
    case kArrivalStream:
      __builtin_prefetch(m_.arrivals.stream_address(subject));
      prefetch_facility(facility);  // the new patient's first door
      break;
    case kArriveDoor:
    case kActivationDone:
    case kServiceEnd:
    case kRenege: {
      const auto* p = reinterpret_cast<const char*>(&m_.patients[subject]);
      __builtin_prefetch(p);
      __builtin_prefetch(p + 64);  // a patient record is two cache lines (patient.hpp)
      prefetch_facility(facility);
      break;
    }
    default:
      break;
  }
}

// A facility's state and counters (its first two lines, facility_state.hpp) and the start of
// its levels, which service start reads.
void Replication::prefetch_facility(std::uint32_t facility) const {
  if (facility >= m_.facilities.size()) return;
  const auto* fs = reinterpret_cast<const char*>(&m_.facilities[facility]);
  __builtin_prefetch(fs);
  __builtin_prefetch(fs + 64);
  __builtin_prefetch(&m_.levels[facility * m_.specialties]);
}

}  // namespace tiersim::flow
