// File: tiersim/experiment/mpi.hpp
// The ranks of an MPI job (mpirun, srun) running a sweep, an optimisation or a calibration:
// every rank loads the same file; rank 0 runs the command, hands each run (one replication of
// one point) to the other ranks as they become free, and alone writes the store and the
// outputs; the other ranks only simulate what they are sent (a manager-worker scheme, the
// usual one for independent tasks of uneven length). A unit's numbers come from its point and
// replication only, so the results are those of one process, byte for byte.
#pragma once

#include <functional>
#include <memory>

namespace tiersim::experiment {

class MpiRanks {
 public:
  /// Initialises MPI (once per process). Throws Error when this tiersim was built without MPI.
  MpiRanks();
  /// On rank 0, first tells every other rank that the job is over (after taking in any run
  /// still in flight), so their serving loops return.
  ~MpiRanks();
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  [[nodiscard]] int rank() const noexcept;
  [[nodiscard]] int size() const noexcept;
  [[nodiscard]] bool is_root() const noexcept { return rank() == 0; }

  /// Runs `step` (loading the file, every rank the same) on every rank and tells all ranks
  /// whether it succeeded everywhere, so that either every rank goes on or none does. The
  /// rank whose step threw rethrows; the others return false.
  bool agree(const std::function<void()>& step);

  struct Impl;
  [[nodiscard]] Impl& impl() noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiersim::experiment
