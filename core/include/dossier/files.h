// File helpers: whole-file reads and atomic writes, the data-folder lock that keeps two
// crawlers (or two indexers) off the same data, and scratch folders for tests.
#pragma once

#include <filesystem>
#include <string>

#include "dossier/status.h"

namespace dossier {

// The whole file. NotFound / IoError name the path.
Result<std::string> ReadFile(const std::filesystem::path& path);

// Writes to a temporary sibling, fsyncs it, then renames it over `path`: readers see the
// old or the new contents, never a mix.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view contents);

// An exclusive advisory lock (flock) on a lock file, held for the object's lifetime.
// Thread-safety: not thread-safe; one owner. Movable.
class FileLock {
 public:
  // Busy when another process holds the lock; the message names the file and, when the
  // holder wrote it, its pid.
  static Result<FileLock> Acquire(const std::filesystem::path& lock_path);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// A fresh folder under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "dossier");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dossier
