#include "cli/commands.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
int cmd_validate(const Args&) { throw Error("tiersim validate: not available in this build yet"); }
}  // namespace tiersim::cli
