// Test helper for the end-to-end tests of sweep, compare and warmup: runs the built binary
// from the source tree and captures exit status, stdout and stderr; a fresh temporary folder
// per test.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tiersim::test {

struct CliResult {
  int status = -1;
  std::string out, err;
};

inline std::string slurp_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `[env] tiersim <args>` in the source tree.
inline CliResult run_tiersim(const std::string& args, const std::string& env = "") {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(++counter);
  const auto out = dir / ("tiersim_exp_out_" + tag);
  const auto err = dir / ("tiersim_exp_err_" + tag);
  const std::string cmd = "cd '" TIERSIM_SOURCE_DIR "' && " + env + " '" TIERSIM_BINARY "' " + args + " >'" +
                          out.string() + "' 2>'" + err.string() + "'";
  const int raw = std::system(cmd.c_str());
  CliResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp_file(out);
  r.err = slurp_file(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

/// A fresh, empty temporary folder named after the running test.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() / ("tiersim_exp_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace tiersim::test
