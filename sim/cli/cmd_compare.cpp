#include "cli/commands.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
int cmd_compare(const Args&) { throw Error("tiersim compare: not available in this build yet"); }
}  // namespace tiersim::cli
