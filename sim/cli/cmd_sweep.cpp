#include "cli/commands.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
int cmd_sweep(const Args&) { throw Error("tiersim sweep: not available in this build yet"); }
}  // namespace tiersim::cli
