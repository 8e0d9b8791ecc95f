#include "cli/commands.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
int cmd_analyze(const Args&) { throw Error("tiersim analyze: not available in this build yet"); }
}  // namespace tiersim::cli
