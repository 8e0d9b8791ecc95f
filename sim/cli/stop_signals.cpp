#include "cli/stop_signals.hpp"

namespace tiersim::cli {

namespace {

std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_stop_signal(int sig) { g_stop_signal.store(sig); }

}  // namespace

StopSignals::StopSignals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

const std::atomic<int>* StopSignals::flag() noexcept { return &g_stop_signal; }

const char* StopSignals::name() noexcept {
  const int sig = g_stop_signal.load();
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal";
}

int StopSignals::exit_status() noexcept {
  const int sig = g_stop_signal.load();
  return 128 + (sig > 0 ? sig : SIGINT);
}

}  // namespace tiersim::cli
