// PHOLD on core::EventCalendar, compiled once into the library (tiersim bench and the
// benchmarks use this instantiation).
#include "tiersim/core/phold.hpp"

namespace tiersim::core {
template class BasicPhold<EventCalendar>;
}  // namespace tiersim::core
