// COMPASS (Hong and Nelson 2006) over the lattice of value indices within the budget: see
// tiersim/optimize/compass.hpp for the iteration and the stopping rules.
#include "tiersim/optimize/compass.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "tiersim/error.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::optimize {

namespace {

double distance2(const Choice& a, const Choice& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
    s += d * d;
  }
  return s;
}

class Search {
 public:
  Search(SearchOracle& oracle, const CompassSettings& s)
      : oracle_(oracle), s_(s), rng_(random::combine(s.seed, random::hash_name("optimize.compass"))) {}

  CompassResult go() {
    CompassResult out;
    int since_new_incumbent = 0;
    for (int k = 1;; ++k) {
      const std::vector<Choice> sample = k == 1 ? uniform_sample() : area_sample();
      // Targets: n0 for a new plan, a_k more for a sampled visited plan and the incumbent.
      std::map<Choice, int> target;
      const int a = compass_allocation(k);
      auto want = [&](const Choice& x) {
        const auto it = reps_.find(x);
        const int n = it == reps_.end() ? s_.first_stage : std::min(s_.max_replications, it->second + a);
        int& t = target[x];
        t = std::max(t, n);
      };
      for (const auto& x : sample) want(x);
      if (k > 1) want(incumbent_);
      std::int64_t need = 0;
      for (const auto& [x, n] : target) {
        const auto it = reps_.find(x);
        need += n - (it == reps_.end() ? 0 : it->second);
      }
      if (k > 1 && used_ + need > s_.replications) {
        out.stopped = SearchStop::kBudget;
        return finish(out, k - 1);
      }
      // One batch per target count, in ascending count and plan order: deterministic.
      std::map<int, std::vector<Choice>> groups;
      for (const auto& [x, n] : target) groups[n].push_back(x);
      for (const auto& [n, plans] : groups) oracle_.ensure(plans, n);
      for (const auto& x : sample) {
        if (!reps_.count(x)) visited_.push_back(x);
        reps_[x] = std::max(reps_[x], target[x]);
      }
      if (k > 1) reps_[incumbent_] = std::max(reps_[incumbent_], target[incumbent_]);
      used_ += need;

      const Choice best = best_visited();
      if (k == 1 || best != incumbent_) {
        incumbent_ = best;
        since_new_incumbent = 0;
      } else {
        ++since_new_incumbent;
      }
      if (static_cast<std::int64_t>(visited_.size()) >= s_.allowed_count) {
        out.stopped = SearchStop::kExhausted;
        return finish(out, k);
      }
      if (local_optimum()) {
        out.stopped = SearchStop::kLocalOptimum;
        return finish(out, k);
      }
      if (since_new_incumbent >= s_.stall) {
        out.stopped = SearchStop::kStall;
        return finish(out, k);
      }
    }
  }

 private:
  CompassResult finish(CompassResult& out, int iterations) {
    out.visited = visited_;
    for (const auto& x : visited_) out.replications.push_back(reps_.at(x));
    out.incumbent = incumbent_;
    out.iterations = iterations;
    out.replications_used = used_;
    return out;
  }

  std::vector<Choice> uniform_sample() {
    std::vector<Choice> out;
    for (int j = 0; j < s_.samples; ++j) {
      out.push_back(s_.nth_allowed(static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(s_.allowed_count)))));
    }
    return out;
  }

  [[nodiscard]] bool in_area(const Choice& x) const {
    const double d = distance2(x, incumbent_);
    return std::all_of(visited_.begin(), visited_.end(), [&](const Choice& y) { return d <= distance2(x, y); });
  }

  // Coordinate sampling from the incumbent: d steps, each re-drawing one decision's value
  // uniformly among those that keep the plan in the area and within the budget (the current
  // value always does, so the walk never leaves the area).
  std::vector<Choice> area_sample() {
    std::vector<Choice> out;
    const std::size_t d = s_.sizes.size();
    for (int j = 0; j < s_.samples; ++j) {
      Choice x = incumbent_;
      for (std::size_t step = 0; step < d; ++step) {
        const auto i = static_cast<std::size_t>(rng_.below(d));
        std::vector<std::size_t> values;
        Choice y = x;
        for (std::size_t v = 0; v < s_.sizes[i]; ++v) {
          y[i] = v;
          if (v == x[i] || (s_.allowed(y) && in_area(y))) values.push_back(v);
        }
        x[i] = values[static_cast<std::size_t>(rng_.below(values.size()))];
      }
      out.push_back(std::move(x));
    }
    return out;
  }

  // Smaller violation first, then the larger value, then the earlier plan (lexicographic
  // order of the indices is plan order).
  [[nodiscard]] Choice best_visited() const {
    const Choice* best = nullptr;
    Estimate be;
    for (const auto& x : visited_) {
      const Estimate e = oracle_.estimate(x);
      const bool better = best == nullptr || e.violation < be.violation ||
                          (e.violation == be.violation && (e.value > be.value || (e.value == be.value && x < *best)));
      if (better) {
        best = &x;
        be = e;
      }
    }
    return *best;
  }

  [[nodiscard]] bool local_optimum() const {
    Choice y = incumbent_;
    for (std::size_t i = 0; i < y.size(); ++i) {
      for (const int step : {-1, 1}) {
        if ((step < 0 && incumbent_[i] == 0) || (step > 0 && incumbent_[i] + 1 >= s_.sizes[i])) continue;
        y[i] = step < 0 ? incumbent_[i] - 1 : incumbent_[i] + 1;
        const bool open = s_.allowed(y) && !reps_.count(y);
        y[i] = incumbent_[i];
        if (open) return false;
      }
    }
    return true;
  }

  SearchOracle& oracle_;
  const CompassSettings& s_;
  random::RandomStream rng_;
  std::vector<Choice> visited_;
  std::map<Choice, int> reps_;
  Choice incumbent_;
  std::int64_t used_ = 0;
};

}  // namespace

int compass_allocation(int iteration) {
  if (iteration <= 1) return 0;
  return std::min(5, static_cast<int>(std::ceil(5 * std::pow(std::log(static_cast<double>(iteration)), 1.01))));
}

CompassResult compass_search(SearchOracle& oracle, const CompassSettings& settings) {
  if (settings.sizes.empty() || settings.allowed_count < 1 || settings.samples < 1) {
    throw Error("compass_search: need at least one decision, one plan within the budget and one sample");
  }
  if (settings.first_stage < 1 || settings.max_replications < settings.first_stage) {
    throw Error("compass_search: need 1 <= first_stage <= max_replications");
  }
  Search search(oracle, settings);
  return search.go();
}

const char* stop_name(SearchStop s) noexcept {
  switch (s) {
    case SearchStop::kLocalOptimum: return "local optimum";
    case SearchStop::kStall: return "no new incumbent";
    case SearchStop::kBudget: return "replication budget";
    case SearchStop::kExhausted: return "every plan visited";
  }
  return "?";
}

}  // namespace tiersim::optimize
