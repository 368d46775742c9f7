// ByteSource: a pull stream of bytes, the bottom of the import pipeline
// (file -> decoder -> CSV reader). Reading a buffer at a time keeps memory
// constant whatever the file size.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace guanxi::importer {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to out.size() bytes into out and returns how many were read;
  // 0 means end of input (only when out is not empty). An I/O failure is
  // io_error naming the file.
  virtual Result<size_t> read(std::span<char> out) = 0;
};

// A file read with read(2). Owns the descriptor.
class FileSource final : public ByteSource {
 public:
  // Fails with io_error naming the path when it cannot be opened.
  static Result<FileSource> open(const std::string& path);

  FileSource(FileSource&& other) noexcept;
  FileSource& operator=(FileSource&& other) noexcept;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override;

  Result<size_t> read(std::span<char> out) override;

  const std::string& path() const { return path_; }
  // Size at open time (for progress) and bytes delivered so far.
  uint64_t size() const { return size_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  FileSource(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  void close();

  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t bytes_read_ = 0;
};

// Bytes held in memory (tests, small inputs). The text must outlive the source.
// `chunk` limits the bytes returned per read, to exercise buffer boundaries.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view text, size_t chunk = SIZE_MAX)
      : text_(text), chunk_(chunk) {}
  Result<size_t> read(std::span<char> out) override;

 private:
  std::string_view text_;
  size_t chunk_;
};

}  // namespace guanxi::importer
