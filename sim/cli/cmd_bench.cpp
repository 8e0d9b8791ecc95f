#include "cli/commands.hpp"
#include "tiersim/error.hpp"

namespace tiersim::cli {
int cmd_bench(const Args&) { throw Error("tiersim bench: not available in this build yet"); }
}  // namespace tiersim::cli
