#include "importer/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace guanxi::importer {

namespace {

Status errno_status(const std::string& what, const std::string& path) {
  return Status::io_error(what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

Result<FileSource> FileSource::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_status("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status s = errno_status("cannot stat", path);
    ::close(fd);
    return s;
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::io_error("'" + path + "' is a directory");
  }
#ifdef POSIX_FADV_SEQUENTIAL
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  return FileSource(path, fd, static_cast<uint64_t>(st.st_size));
}

FileSource::FileSource(FileSource&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      size_(other.size_),
      bytes_read_(other.bytes_read_) {}

FileSource& FileSource::operator=(FileSource&& other) noexcept {
  if (this != &other) {
    close();
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
    bytes_read_ = other.bytes_read_;
  }
  return *this;
}

FileSource::~FileSource() {
  close();
}

void FileSource::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Result<size_t> FileSource::read(std::span<char> out) {
  if (out.empty()) return size_t{0};
  for (;;) {
    const ssize_t n = ::read(fd_, out.data(), out.size());
    if (n >= 0) {
      bytes_read_ += static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
    if (errno != EINTR) return errno_status("cannot read", path_);
  }
}

Result<size_t> MemorySource::read(std::span<char> out) {
  const size_t n = std::min({out.size(), text_.size(), chunk_});
  std::memcpy(out.data(), text_.data(), n);
  text_.remove_prefix(n);
  return n;
}

}  // namespace guanxi::importer
