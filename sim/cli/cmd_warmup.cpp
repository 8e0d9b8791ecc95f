#include "cli/commands.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
int cmd_warmup(const Args&) { throw Error("tiersim warmup: not available in this build yet"); }
}  // namespace tiersim::cli
