// File: tests/cli/run_binary.hpp
// The one helper the end-to-end tests use to run the built `tiersim`: as a child process with
// stdin from /dev/null, stdout and stderr captured through files, in a chosen folder (default:
// the source tree, so messages name scenarios/...), with a deadline, giving the exit status or
// killing signal and the child's peak memory. `run_tiersim({"run", "x.yaml"}, log_dir)` takes
// the arguments as a list (no shell: a test can signal the very process it started);
// `run_cli("run 'x.yaml' -q")` takes one line read by /bin/sh, for tests that quote by hand or
// set environment variables. Also scratch folders that clean up after themselves and a listing
// of what a run left behind.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace tiersim::test {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

/// A fresh folder under the system's temporary folder, removed with everything in it.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    std::string templ = (fs::temp_directory_path() / ("tiersim_" + tag + "_XXXXXX")).string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    // A test may have made parts read-only; give them back so removal succeeds.
    for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

/// How a child ended.
struct Outcome {
  int exit_code = -1;      ///< -1 when killed by a signal
  int term_signal = 0;     ///< the killing signal, 0 when it exited
  bool timed_out = false;  ///< killed by us at the deadline
  std::string out, err;
  long max_rss_kb = 0;     ///< peak resident memory of the child (see parent_rss_kb)
  /// Linux counts the memory a child shared with its parent before exec in its peak, so a
  /// child's own peak is known only above the test process's: bound `max_rss_kb -
  /// parent_rss_kb` (sound: when the child's peak is above the parent's, it is exact).
  long parent_rss_kb = 0;
  double seconds = 0;      ///< wall time

  [[nodiscard]] std::string describe() const {
    std::ostringstream ss;
    ss << "exit " << exit_code << ", signal " << term_signal << (timed_out ? " (timed out)" : "") << ", "
       << seconds << " s, " << max_rss_kb / 1024 << " MiB peak (test process " << parent_rss_kb / 1024 << " MiB)\n--- stdout ---\n" << out.substr(0, 4000)
       << "\n--- stderr ---\n" << err.substr(0, 4000);
    return ss.str();
  }
  /// The child's peak memory above the test process's (an upper bound on what it added).
  [[nodiscard]] long own_rss_kb() const { return max_rss_kb > parent_rss_kb ? max_rss_kb - parent_rss_kb : 0; }
};

/// `tiersim` with `args`, started at once in `cwd` (default: the source tree, so messages name
/// scenarios/...). stdout and stderr go to files in `log_dir`. With `program`, that program
/// (e.g. /bin/sh) is started instead, with `args` as its arguments.
class Child {
 public:
  Child(const std::vector<std::string>& args, const fs::path& log_dir, const fs::path& cwd = TIERSIM_SOURCE_DIR,
        const std::string& program = TIERSIM_BINARY)
      : out_(log_dir / ("child_" + std::to_string(::getpid()) + "_" + std::to_string(++counter()) + ".out")),
        err_(log_dir / ("child_" + std::to_string(::getpid()) + "_" + std::to_string(counter()) + ".err")) {
    std::vector<std::string> argv_s{program};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    // The child gets default signal dispositions and an empty mask, whatever the test runner has.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const int rc = posix_spawn(&pid_, program.c_str(), &fa, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw std::runtime_error("cannot start " + program);
    rusage self{};
    ::getrusage(RUSAGE_SELF, &self);
    outcome_.parent_rss_kb = self.ru_maxrss;
    start_ = std::chrono::steady_clock::now();
  }
  ~Child() {
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      (void)wait(1e9);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  /// The files stdout and stderr go to.
  [[nodiscard]] const fs::path& out_file() const { return out_; }
  [[nodiscard]] const fs::path& err_file() const { return err_; }

  [[nodiscard]] pid_t pid() const { return pid_; }
  void signal(int sig) const { ::kill(pid_, sig); }

  /// True while the child has not ended (reaps it when it has).
  bool running() {
    if (reaped_) return false;
    return !try_reap(WNOHANG);
  }

  /// Waits for the end, killing the child with SIGKILL after `timeout_s` seconds.
  Outcome wait(double timeout_s) {
    const auto deadline = start_ + std::chrono::duration<double>(timeout_s);
    while (!reaped_) {
      if (try_reap(WNOHANG)) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        outcome_.timed_out = true;
        try_reap(0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    outcome_.out = slurp(out_);
    outcome_.err = slurp(err_);
    return outcome_;
  }

  /// Seconds since the start.
  [[nodiscard]] double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  bool try_reap(int flags) {
    int status = 0;
    rusage ru{};
    const pid_t r = ::wait4(pid_, &status, flags, &ru);
    if (r != pid_) return false;
    reaped_ = true;
    outcome_.seconds = elapsed();
    outcome_.max_rss_kb = ru.ru_maxrss;
    if (WIFEXITED(status)) outcome_.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcome_.term_signal = WTERMSIG(status);
    return true;
  }

  pid_t pid_ = -1;
  fs::path out_, err_;
  std::chrono::steady_clock::time_point start_;
  bool reaped_ = false;
  Outcome outcome_;
};

/// Runs `tiersim args...` to the end (or the deadline).
inline Outcome run_tiersim(const std::vector<std::string>& args, const fs::path& log_dir, double timeout_s = 120,
                           const fs::path& cwd = TIERSIM_SOURCE_DIR) {
  Child c(args, log_dir, cwd);
  return c.wait(timeout_s);
}

/// Runs `tiersim ARGS` to the end (or the deadline), ARGS being one line read by /bin/sh (so it
/// may quote, and `env` may set variables: "TIERSIM_X=1"), in `cwd`. The logs are removed.
inline Outcome run_cli(const std::string& args, const fs::path& cwd = TIERSIM_SOURCE_DIR, const std::string& env = "",
                       double timeout_s = 300) {
  const std::string line = env + (env.empty() ? "" : " ") + "'" TIERSIM_BINARY "' " + args;
  Child c({"-c", line}, fs::temp_directory_path(), cwd, "/bin/sh");
  Outcome o = c.wait(timeout_s);
  std::error_code ec;
  fs::remove(c.out_file(), ec);
  fs::remove(c.err_file(), ec);
  return o;
}

/// A fresh, empty temporary folder named after the test (kept until the test removes it).
inline fs::path fresh_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() / ("tiersim_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

/// Polls `ready` every 2 ms until it holds or `timeout_s` passes; false on timeout.
inline bool wait_until(const std::function<bool()>& ready, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return ready();
}

/// The names of the entries directly in `dir` (empty when it does not exist), sorted.
inline std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    out.push_back(it->path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace tiersim::test
