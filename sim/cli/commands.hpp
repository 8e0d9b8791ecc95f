// File: cli/commands.hpp
// The sub-commands of `tiersim`. Each takes the arguments after its name and returns the
// exit status (0 ok, 1 runtime failure, 2 bad input); errors may also be thrown as
// tiersim::Error (exit 2), IoError (exit 1) or InternalError (exit 1), which main() prints.
#pragma once

#include <string>
#include <vector>

namespace tiersim::cli {

using Args = std::vector<std::string>;

int cmd_run(const Args& args);
int cmd_validate(const Args& args);
int cmd_analyze(const Args& args);
int cmd_compare(const Args& args);
int cmd_sweep(const Args& args);
int cmd_optimize(const Args& args);
int cmd_warmup(const Args& args);
int cmd_calibrate(const Args& args);
int cmd_bench(const Args& args);
int cmd_serve(const Args& args);

}  // namespace tiersim::cli
