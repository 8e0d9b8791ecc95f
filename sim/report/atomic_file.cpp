// AtomicFile: POSIX open/write/fsync/rename, so a failure is reported with errno and a
// full disk is noticed at write or fsync time rather than silently at close.
#include "tiersim/report/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "tiersim/error.hpp"

namespace tiersim::report {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;

/// Best effort: makes the rename itself durable. A folder that cannot be opened for reading
/// (unusual) only loses durability across a power cut, not correctness, so it is not an error.
void sync_folder(const std::filesystem::path& folder) {
  const int dfd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return;
  (void)::fsync(dfd);
  ::close(dfd);
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)) {
  // Renaming over a device, a folder or a fifo would replace it (or fail late): refuse early.
  std::error_code ec;
  const auto st = std::filesystem::status(path_, ec);
  if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    throw IoError(fmt::format("cannot write {}: not a regular file", path_.string()));
  }
  temp_ = path_;
  temp_ += fmt::format(".tmp.{}", static_cast<long>(::getpid()));
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const int err = errno;
    throw IoError(fmt::format("cannot create {}: {}", path_.string(), std::strerror(err)));
  }
  buffer_.reserve(kBufferBytes);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_(std::move(other.temp_)),
      buffer_(std::move(other.buffer_)),
      fd_(std::exchange(other.fd_, -1)),
      finished_(other.finished_),
      published_(std::exchange(other.published_, true)) {}

AtomicFile::~AtomicFile() {
  if (!published_) discard();
}

void AtomicFile::discard() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!published_ && !temp_.empty()) ::unlink(temp_.c_str());
  finished_ = true;
  published_ = true;  // nothing left to publish or remove
}

void AtomicFile::fail(const char* what, int err) {
  discard();
  throw IoError(fmt::format("cannot {} {}: {}", what, path_.string(), std::strerror(err)));
}

void AtomicFile::write(std::string_view bytes) {
  if (finished_) throw IoError(fmt::format("cannot write {}: already closed", path_.string()));
  if (buffer_.size() + bytes.size() > kBufferBytes) flush_buffer();
  if (bytes.size() >= kBufferBytes) {
    buffer_.assign(bytes);
    flush_buffer();
  } else {
    buffer_.append(bytes);
  }
}

void AtomicFile::flush_buffer() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", errno);
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void AtomicFile::finish() {
  if (finished_) {
    if (fd_ < 0 && published_) throw IoError(fmt::format("cannot finish {}: discarded", path_.string()));
    return;
  }
  flush_buffer();
  if (::fsync(fd_) != 0) fail("write", errno);
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) fail("write", errno);
  finished_ = true;
}

void AtomicFile::publish() {
  if (published_) throw IoError(fmt::format("cannot publish {}: already published or discarded", path_.string()));
  finish();
  if (::rename(temp_.c_str(), path_.c_str()) != 0) fail("rename into place", errno);
  published_ = true;
  sync_folder(path_.parent_path());
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile f(path);
  f.write(content);
  f.publish();
}

}  // namespace tiersim::report
