// File: tiersim/report/atomic_file.hpp
// An output file that appears under its final name only when complete: the content goes to
// `<name>.tmp.<pid>` in the same folder, is flushed and fsync'ed, and is then renamed (an
// atomic replacement on POSIX file systems). A run that fails or is interrupted leaves no
// half-written file under the final name, as docs/CLI.md promises.
//
// Two steps, so that several files can be completed first and published together:
// `finish()` writes and syncs the temporary file, `publish()` renames it. Any failure removes
// the temporary file and throws tiersim::IoError naming the path and the system's reason.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tiersim::report {

/// One output file being written. Not copyable; movable. Not thread-safe: one writer.
///
/// **Example**:
/// @code
///   AtomicFile f("out/summary.json");
///   f.write(text);
///   f.publish();               // finish() + rename to out/summary.json
/// @endcode
class AtomicFile {
 public:
  /// Creates `<path>.tmp.<pid>` (the folder must exist). Throws IoError.
  explicit AtomicFile(std::filesystem::path path);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file if it was not published.
  ~AtomicFile();

  /// Appends bytes (buffered, 1 MiB). Throws IoError (the temporary file is removed).
  void write(std::string_view bytes);

  /// Flushes, fsyncs and closes the temporary file; idempotent. Throws IoError.
  void finish();

  /// finish(), then renames the temporary file to the final path (replacing any file there)
  /// and syncs the folder. Throws IoError.
  void publish();

  /// Removes the temporary file now (nothing is published). Never throws.
  void discard() noexcept;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] const std::filesystem::path& temp_path() const noexcept { return temp_; }

 private:
  void flush_buffer();
  [[noreturn]] void fail(const char* what, int err);

  std::filesystem::path path_;
  std::filesystem::path temp_;
  std::string buffer_;
  int fd_ = -1;
  bool finished_ = false;
  bool published_ = false;
};

/// Writes `content` to `path` atomically (AtomicFile, write, publish). Throws IoError.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace tiersim::report
