#include "tiersim/core/single_station.hpp"

#include <cmath>
#include <vector>

#include "tiersim/core/event_calendar.hpp"
#include "tiersim/error.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::core {
namespace {

enum Kind : std::uint32_t { kArrival, kDeparture, kWarmupEnd, kEnd };

/// FIFO of arrival times in a power-of-two ring: no allocation per customer once grown.
class TimeRing {
 public:
  TimeRing() : buf_(64) {}
  void push(SimTime t) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = t;
    ++size_;
  }
  SimTime pop() noexcept {
    const SimTime t = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return t;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  void grow() {
    std::vector<SimTime> bigger(buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_.swap(bigger);
    head_ = 0;
  }
  std::vector<SimTime> buf_;
  std::size_t head_ = 0, size_ = 0;
};

class Station {
 public:
  explicit Station(const SingleStationConfig& c)
      : c_(c),
        arrivals_rng_(random::StreamSet(c.seed, c.replication).stream("arrivals")),
        service_rng_(random::StreamSet(c.seed, c.replication).stream("service")),
        mean_gap_(1.0 / c.arrival_rate),
        in_service_since_(static_cast<std::size_t>(c.servers)) {
    free_servers_.reserve(static_cast<std::size_t>(c.servers));
    for (int s = c.servers - 1; s >= 0; --s) free_servers_.push_back(static_cast<std::uint32_t>(s));
    cal_.reserve(static_cast<std::size_t>(c.servers) + 4);
  }

  SingleStationResult run() {
    observing_ = c_.warmup <= 0;
    if (!observing_) cal_.schedule(c_.warmup, kWarmupEnd, 0);
    const SimTime end = c_.warmup + c_.horizon;
    if (std::isfinite(end)) cal_.schedule(end, kEnd, 0);
    schedule_arrival();
    bool done = false;
    while (!done && !cal_.empty()) {
      const Event e = cal_.pop();
      accumulate(e.time);
      ++events_;
      switch (e.kind) {
        case kArrival: on_arrival(); break;
        case kDeparture: on_departure(e.subject); break;
        case kWarmupEnd: reset_statistics(); break;
        case kEnd: done = true; break;
        default: throw InternalError("single station: unknown event kind");
      }
    }
    return result();
  }

 private:
  void schedule_arrival() {
    if (c_.max_arrivals > 0 && generated_ >= c_.max_arrivals) return;
    ++generated_;
    cal_.schedule(now_ - mean_gap_ * std::log(arrivals_rng_.uniform_open0()), kArrival, 0);
  }

  void on_arrival() {
    if (observing_) ++arrivals_;
    schedule_arrival();
    if (!free_servers_.empty()) {
      start_service(now_);
    } else {
      queue_.push(now_);
    }
  }

  void on_departure(std::uint32_t server) {
    if (observing_) {
      ++served_;
      sojourn_sum_ += now_ - in_service_since_[server];
    }
    --busy_;
    free_servers_.push_back(server);
    if (queue_.size() > 0) start_service(queue_.pop());
  }

  // Starts the service of a customer who arrived at `arrived` on a free server.
  void start_service(SimTime arrived) {
    const std::uint32_t server = free_servers_.back();
    free_servers_.pop_back();
    ++busy_;
    in_service_since_[server] = arrived;
    if (observing_) {
      ++started_;
      wait_sum_ += now_ - arrived;
    }
    cal_.schedule(now_ + c_.service.sample(service_rng_), kDeparture, server);
  }

  // Integrates the state over (last event, t]; every state change happens after this call.
  void accumulate(SimTime t) noexcept {
    const double dt = t - now_;
    const auto q = static_cast<double>(queue_.size());
    const auto busy = static_cast<double>(busy_);
    area_queue_ += q * dt;
    area_system_ += (q + busy) * dt;
    area_busy_ += busy * dt;
    now_ = t;
  }

  void reset_statistics() noexcept {
    observing_ = true;
    window_start_ = now_;
    area_queue_ = area_system_ = area_busy_ = 0;
    wait_sum_ = sojourn_sum_ = 0;
    arrivals_ = started_ = served_ = 0;
  }

  SingleStationResult result() const {
    SingleStationResult r;
    r.observed = observing_ ? now_ - window_start_ : 0;
    r.arrivals = arrivals_;
    r.started = started_;
    r.served = served_;
    r.events = events_;
    if (started_ > 0) r.mean_wait = wait_sum_ / static_cast<double>(started_);
    if (served_ > 0) r.mean_time_in_system = sojourn_sum_ / static_cast<double>(served_);
    if (r.observed > 0) {
      r.mean_waiting = area_queue_ / r.observed;
      r.mean_in_system = area_system_ / r.observed;
      r.utilisation = area_busy_ / (r.observed * c_.servers);
    }
    return r;
  }

  const SingleStationConfig& c_;
  EventCalendar cal_;
  random::RandomStream arrivals_rng_, service_rng_;
  double mean_gap_;
  TimeRing queue_;
  std::vector<std::uint32_t> free_servers_;
  std::vector<SimTime> in_service_since_;  // arrival time of the customer on each server
  std::uint32_t busy_ = 0;
  std::uint64_t generated_ = 0, events_ = 0;
  bool observing_ = false;
  SimTime now_ = 0, window_start_ = 0;
  double area_queue_ = 0, area_system_ = 0, area_busy_ = 0, wait_sum_ = 0, sojourn_sum_ = 0;
  std::uint64_t arrivals_ = 0, started_ = 0, served_ = 0;
};

}  // namespace

SingleStationResult simulate_single_station(const SingleStationConfig& config) {
  if (!(config.arrival_rate > 0) || !std::isfinite(config.arrival_rate))
    throw Error("single station: arrival_rate must be finite and > 0");
  if (config.servers < 1) throw Error("single station: servers must be >= 1");
  if (!(config.warmup >= 0) || !std::isfinite(config.warmup))
    throw Error("single station: warmup must be finite and >= 0");
  if (!(config.horizon > 0)) throw Error("single station: horizon must be > 0");
  if (!std::isfinite(config.horizon) && config.max_arrivals == 0)
    throw Error("single station: give a finite horizon or max_arrivals, or the run never ends");
  return Station(config).run();
}

}  // namespace tiersim::core
