// AtomicFile: content appears only under the final name and only when complete; failures
// (full disk, unwritable folder, a device as target) give an IoError naming the path and
// leave nothing behind.
#include "tiersim/report/atomic_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tiersim/error.hpp"

namespace fs = std::filesystem;
using tiersim::IoError;
using tiersim::report::AtomicFile;
using tiersim::report::write_file_atomically;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "tiersim-atomic-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const IoError& e) {
    return e.what();
  }
  return "(no IoError)";
}

}  // namespace

TEST(AtomicFile, AppearsOnlyWhenPublished) {
  TempDir d;
  AtomicFile f(d.path() / "out.txt");
  f.write("hello ");
  f.write(std::string(3 << 20, 'x'));  // larger than the buffer
  f.finish();
  EXPECT_FALSE(fs::exists(d.path() / "out.txt"));
  EXPECT_TRUE(fs::exists(f.temp_path()));
  EXPECT_EQ(f.temp_path().filename().string(), "out.txt.tmp." + std::to_string(::getpid()));
  f.publish();
  EXPECT_EQ(d.entries(), std::vector<std::string>{"out.txt"});
  EXPECT_EQ(slurp(d.path() / "out.txt"), "hello " + std::string(3 << 20, 'x'));
}

TEST(AtomicFile, ReplacesAnExistingFile) {
  TempDir d;
  write_file_atomically(d.path() / "a.csv", "old contents, longer than the new\n");
  write_file_atomically(d.path() / "a.csv", "new\n");
  EXPECT_EQ(slurp(d.path() / "a.csv"), "new\n");
  EXPECT_EQ(d.entries(), std::vector<std::string>{"a.csv"});
}

TEST(AtomicFile, UnpublishedFileLeavesNothing) {
  TempDir d;
  write_file_atomically(d.path() / "keep.json", "{}\n");
  {
    AtomicFile f(d.path() / "keep.json");
    f.write("half a run");
  }  // destroyed as when an exception unwinds
  EXPECT_EQ(d.entries(), std::vector<std::string>{"keep.json"});
  EXPECT_EQ(slurp(d.path() / "keep.json"), "{}\n");
}

// A full disk: the temporary name is made a link to /dev/full, so the writes really fail with
// ENOSPC. The error names the final path and the reason; the link is removed; no file
// appears under the final name.
TEST(AtomicFile, FullDiskIsAClearIoErrorAndLeavesNothing) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  TempDir d;
  const fs::path target = d.path() / "summary.json";
  fs::create_symlink("/dev/full", d.path() / ("summary.json.tmp." + std::to_string(::getpid())));
  const std::string msg = error_of([&] {
    AtomicFile f(target);
    f.write(std::string(2 << 20, 'x'));
    f.publish();
  });
  EXPECT_NE(msg.find(target.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("No space left on device"), std::string::npos) << msg;
  EXPECT_TRUE(d.entries().empty());
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

// The same with the bytes held in the buffer until finish(): the failure shows at flush/fsync.
TEST(AtomicFile, FullDiskDetectedAtFinish) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  TempDir d;
  fs::create_symlink("/dev/full", d.path() / ("x.csv.tmp." + std::to_string(::getpid())));
  AtomicFile f(d.path() / "x.csv");
  f.write("a,b\n1,2\n");
  EXPECT_THROW(f.finish(), IoError);
  EXPECT_TRUE(d.entries().empty());
}

TEST(AtomicFile, RefusesToReplaceADevice) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const std::string msg = error_of([] { write_file_atomically("/dev/full", "x"); });
  EXPECT_EQ(msg, "cannot write /dev/full: not a regular file");
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  EXPECT_FALSE(fs::exists("/dev/full.tmp." + std::to_string(::getpid())));
}

TEST(AtomicFile, RefusesToReplaceAFolder) {
  TempDir d;
  fs::create_directory(d.path() / "report.html");
  EXPECT_THROW(write_file_atomically(d.path() / "report.html", "x"), IoError);
  EXPECT_EQ(d.entries(), std::vector<std::string>{"report.html"});
}

// Works as root too: nothing can be created below a regular file.
TEST(AtomicFile, FolderThatIsAFileIsAClearIoError) {
  TempDir d;
  write_file_atomically(d.path() / "plain", "x");
  const fs::path target = d.path() / "plain" / "summary.json";
  const std::string msg = error_of([&] { write_file_atomically(target, "{}"); });
  EXPECT_EQ(msg, "cannot create " + target.string() + ": Not a directory");
  EXPECT_EQ(d.entries(), std::vector<std::string>{"plain"});
}

TEST(AtomicFile, MissingFolderIsAClearIoError) {
  TempDir d;
  const fs::path target = d.path() / "nope" / "a.csv";
  EXPECT_EQ(error_of([&] { write_file_atomically(target, "x"); }),
            "cannot create " + target.string() + ": No such file or directory");
}

// Root ignores permission bits, so this one runs only for other users.
TEST(AtomicFile, ReadOnlyFolderIsAClearIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders; covered by FolderThatIsAFile";
  TempDir d;
  fs::permissions(d.path(), fs::perms::owner_read | fs::perms::owner_exec);
  const fs::path target = d.path() / "a.csv";
  EXPECT_EQ(error_of([&] { write_file_atomically(target, "x"); }),
            "cannot create " + target.string() + ": Permission denied");
  fs::permissions(d.path(), fs::perms::owner_all);
  EXPECT_TRUE(d.entries().empty());
}

TEST(AtomicFile, DiscardRemovesTheTemporaryFile) {
  TempDir d;
  AtomicFile f(d.path() / "a");
  f.write("x");
  f.finish();
  f.discard();
  EXPECT_TRUE(d.entries().empty());
  EXPECT_THROW(f.publish(), IoError);
}
