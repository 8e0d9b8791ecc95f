// File: cli/stop_signals.hpp
// SIGINT and SIGTERM as a request to stop cleanly, for the commands whose runs go into a
// store (sweep, optimize). While a StopSignals lives, a signal sets flag(): no new run starts,
// runs in flight finish and are stored. A second signal acts as usual (SA_RESETHAND), which is
// still safe: every stored run is complete.
#pragma once

#include <signal.h>

#include <atomic>

namespace tiersim::cli {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// The signal that asked to stop (0: none); lock-free, so the handler may set it.
  [[nodiscard]] static const std::atomic<int>* flag() noexcept;
  /// "SIGINT", "SIGTERM" or "a signal", for the message that says how to resume.
  [[nodiscard]] static const char* name() noexcept;
  /// The exit status of a command stopped by the signal: 128 + its number (SIGINT's if none).
  [[nodiscard]] static int exit_status() noexcept;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace tiersim::cli
