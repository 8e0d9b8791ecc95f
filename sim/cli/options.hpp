// File: cli/options.hpp
// The options layer every `tiersim` sub-command uses: one declaration of the common options,
// one parser (Boost.Program_options), ONE place that checks values, one `--help` style, the
// progress line on a terminal, and the checks of an output folder.
//
// How a command uses it (the whole pattern; cmd_warmup.cpp is a short real example):
//
//   int cmd_calibrate(const Args& args) {
//     struct { std::optional<std::string> targets; int evaluations = 60; bool dry = false; } x;
//     Command cmd("calibrate", "[SCENARIO] --targets FILE [options]",
//                 "Fits the scenario's unknown rates to observed shares ...");
//     cmd.common(kOut | kSeed | kThreads | kQuiet | kJson);       // the shared options it takes
//     cmd.common(kReplications, "replications per evaluation (default 5)");  // own help text
//     cmd.option("targets", &x.targets, "FILE", "observed shares to fit (YAML)");
//     cmd.option("evaluations", &x.evaluations, "N", "evaluations at most", Range<int>{1, 100000});
//     cmd.flag("dry-run", &x.dry, "check the inputs, run nothing");
//     cmd.positionals("SCENARIO", 0, 1);                        // 0 or 1 file
//     if (!cmd.parse(args)) return 0;                            // --help was printed
//     const CommonValues& c = cmd.values();                      // c.seed, c.threads, c.out, ...
//     if (!x.targets) throw cmd.usage_error("--targets FILE is required");
//     OutputFolder folder(cmd.name(), c.out.value_or(report::default_output_folder("calibration")));
//     ... load inputs (bad input: throw tiersim::Error -> exit 2, nothing created) ...
//     Progress progress(c.progress());   progress.show(fmt::format("evaluation {}/{}", i, n));
//     folder.create();  ... write files with report::AtomicFile ...  folder.keep();
//   }
//
// Values: every option value is read as text and converted here, strictly: a whole number
// must be all digits (`--seed -5`, `--seed 1e30`, `--replications 2.5` are refused), a real
// number must be finite, each within its Range; every refusal is a tiersim::Error (exit 2)
// worded `tiersim CMD: --NAME: expected ..., got '...'`, before anything runs or is created.
// An option given twice is refused too. The common ranges: --replications 1-1,000,000 (as in a
// scenario file), --seed 0-18446744073709551615, --threads 1-4096, --precision in (0, 1),
// --max-replications and --precision-batch 1-1,000,000.
//
// Output folders (OutputFolder): refused before the run when the name is empty or names
// something that is not a folder (exit 2), when it cannot be created or written (exit 1), and
// when it is a non-empty folder that is not an earlier tiersim output folder (exit 2), so
// `--out /` or `--out ~` never sprays files among a user's own. An earlier tiersim output
// folder is recognised by a JSON file directly inside it whose top-level object has a
// "tiersim_version" key, which summary.json, comparison.json and warmup.json all carry (a
// new command's JSON output should carry it too, so its folders can be written into again),
// or by holding nothing but temporary files (`NAME.tmp.PID`) that a killed run left behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/precision.hpp"

namespace tiersim::cli {

/// The shared options; or them together for Command::common.
enum Common : unsigned {
  kOut = 1U << 0,           ///< --out/-o DIR
  kReplications = 1U << 1,  ///< --replications/-r N
  kSeed = 1U << 2,          ///< --seed/-s S
  kThreads = 1U << 3,       ///< --threads/-j N (default: the machine's cores)
  kQuiet = 1U << 4,         ///< --quiet/-q: no progress line, the shortest output
  kPrecision = 1U << 5,     ///< --precision X, --precision-metrics, --max-replications, --precision-batch
  kJson = 1U << 6,          ///< --json: the command's JSON on stdout
};

/// What the shared options said. Unset optionals were not given: the scenario's value applies.
struct CommonValues {
  std::optional<std::filesystem::path> out;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 1;  ///< given, or the machine's cores
  bool threads_given = false;
  bool quiet = false;
  bool json = false;
  experiment::PrecisionRule precision;  ///< disabled unless --precision
  std::vector<std::string> positionals;

  /// Whether to draw a progress line: not --quiet, and stderr is a terminal.
  [[nodiscard]] bool progress() const;
};

/// Inclusive bounds (exclusive where *_open); the defaults are the type's whole range.
template <class T>
struct Range {
  T lo = std::numeric_limits<T>::lowest();
  T hi = std::numeric_limits<T>::max();
  bool lo_open = false;
  bool hi_open = false;
};

/// One sub-command's command line. Declare, then parse(), then read values() and the targets
/// given to option()/flag(). The targets must outlive parse().
class Command {
 public:
  /// `name`: as typed after `tiersim`; `usage`: what follows `tiersim NAME` in the usage line;
  /// `about`: the paragraph --help prints under it.
  Command(std::string name, std::string usage, std::string about);
  ~Command();
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;

  /// Takes the shared options in `which`, with their usual help text or `help` (when one
  /// option is named).
  Command& common(unsigned which, const std::string& help = "");

  /// A command's own option `--name VALUE` (give `"name,x"` for a short `-x`). A plain target
  /// keeps its value when the option is absent (help shows it as the default); an optional
  /// one stays empty. Whole numbers: int, std::uint32_t, std::uint64_t; also double, string.
  Command& option(const std::string& name, int* target, const std::string& value_name, const std::string& help, Range<int> range = {});
  Command& option(const std::string& name, std::optional<int>* target, const std::string& value_name, const std::string& help, Range<int> range = {});
  Command& option(const std::string& name, std::uint32_t* target, const std::string& value_name, const std::string& help, Range<std::uint32_t> range = {});
  Command& option(const std::string& name, std::uint64_t* target, const std::string& value_name, const std::string& help, Range<std::uint64_t> range = {});
  Command& option(const std::string& name, std::optional<std::uint64_t>* target, const std::string& value_name, const std::string& help, Range<std::uint64_t> range = {});
  Command& option(const std::string& name, double* target, const std::string& value_name, const std::string& help, Range<double> range = {});
  Command& option(const std::string& name, std::optional<double>* target, const std::string& value_name, const std::string& help, Range<double> range = {});
  Command& option(const std::string& name, std::string* target, const std::string& value_name, const std::string& help);
  Command& option(const std::string& name, std::optional<std::string>* target, const std::string& value_name, const std::string& help);
  /// `--name` with no value.
  Command& flag(const std::string& name, bool* target, const std::string& help);

  /// The positional arguments (files): between `min` and `max` of them, into
  /// values().positionals. `too_few`/`too_many` replace the standard messages.
  Command& positionals(const std::string& what, int min, int max, const std::string& too_few = "",
                       const std::string& too_many = "");

  /// Replaces the help's last line (`exit status: 0 ok, 1 runtime or file failure, 2 bad input`).
  Command& exit_status(const std::string& text);

  /// Parses and checks `args`. Prints the help on stdout and returns false for --help/-h;
  /// throws tiersim::Error (exit 2) on any mistake.
  [[nodiscard]] bool parse(const Args& args);

  [[nodiscard]] const CommonValues& values() const { return values_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  /// Whether option `name` (long name) was given on the command line.
  [[nodiscard]] bool given(const std::string& name) const;

  /// The help text --help prints.
  [[nodiscard]] std::string help() const;

  /// A usage mistake found by the command after parse(): `tiersim NAME: message` plus where
  /// to find the usage; throw it (exit 2).
  [[nodiscard]] Error usage_error(const std::string& message) const;

 private:
  struct Impl;
  std::string name_;
  std::unique_ptr<Impl> impl_;
  CommonValues values_;
};

/// Splits "a, b,c" into {"a", "b", "c"} (empty items dropped).
[[nodiscard]] std::vector<std::string> split_commas(const std::string& s);

/// The progress line on stderr, rewritten in place (`\r` and erase-line), ended with a newline
/// when destroyed, and nothing at all when disabled (pass CommonValues::progress()).
class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void show(const std::string& line);
  /// `replications 3/10 · 1.23 M events/s` (the rate since construction).
  void replications(int done, int total, std::uint64_t events);
  [[nodiscard]] bool enabled() const { return enabled_; }

 private:
  bool enabled_;
  bool shown_ = false;
  double start_;  // steady clock, seconds
};

/// Whether `folder` (an existing folder) holds the output of an earlier tiersim command: a
/// JSON file directly inside whose top-level object has a "tiersim_version" key, or only
/// temporary files (`NAME.tmp.PID`) of a killed run.
[[nodiscard]] bool is_tiersim_output_folder(const std::filesystem::path& folder);

/// An output folder, checked when constructed (see the top of this file), created on demand,
/// and removed again if this command created it and did not keep() it, and it is still empty
/// (a failed run leaves nothing behind, and never removes a user's file).
class OutputFolder {
 public:
  /// Throws tiersim::Error (exit 2) for an empty name, a non-folder, or a non-empty folder
  /// that is not tiersim's; IoError (exit 1) when it could not be created or written.
  OutputFolder(const std::string& command, std::filesystem::path folder);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Creates the folder (and its parents) unless it exists. Throws IoError.
  void create();
  /// The command succeeded: never remove the folder.
  void keep() { created_ = false; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool created_ = false;
};

}  // namespace tiersim::cli
