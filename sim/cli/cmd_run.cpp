#include "cli/commands.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
int cmd_run(const Args&) { throw Error("tiersim run: not available in this build yet"); }
}  // namespace tiersim::cli
