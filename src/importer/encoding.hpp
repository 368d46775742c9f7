// Text encodings of import files. Chinese platforms and Excel still export in
// GBK/GB18030; everything past this layer is UTF-8, guaranteed valid (invalid
// input bytes become U+FFFD and are counted, so nothing downstream — JSON
// rendering included — ever sees broken UTF-8).
#pragma once

#include <iconv.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "importer/byte_source.hpp"

namespace guanxi::importer {

enum class Encoding { kAuto, kUtf8, kGb18030 };

// "auto", "utf-8" (also "utf8"), "gb18030" (also "gbk", "gb2312": GB18030 is a
// superset of both). Case-insensitive.
Result<Encoding> parse_encoding(std::string_view name);
std::string_view encoding_name(Encoding encoding);  // "auto", "utf-8", "gb18030"

// Where a UTF-8 scan stopped: the whole text is valid, it ends inside a
// sequence that more bytes could complete, or it hits an invalid byte.
enum class Utf8Stop { kEnd, kTruncated, kInvalid };
struct Utf8Scan {
  size_t valid = 0;  // length of the longest valid prefix
  Utf8Stop stop = Utf8Stop::kEnd;
};
// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
Utf8Scan scan_utf8(std::string_view text);

// Decides the encoding of a file from its first bytes: UTF-8 when the sample is
// valid UTF-8 (a sequence cut by the end of the sample counts as valid unless
// `complete`, i.e. the sample is the whole file), else GB18030.
Encoding detect_encoding(std::string_view sample, bool complete);

// An iconv conversion descriptor (glibc). Move-only; closed on destruction.
class Iconv {
 public:
  // Fails with invalid_argument when the C library does not know the pair.
  static Result<Iconv> open(const char* to_code, const char* from_code);
  Iconv(Iconv&& other) noexcept;
  Iconv& operator=(Iconv&& other) noexcept;
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  ~Iconv();

  iconv_t handle() const { return cd_; }

 private:
  explicit Iconv(iconv_t cd) : cd_(cd) {}
  iconv_t cd_;
};

// Passes UTF-8 through, replacing each invalid byte (and a sequence truncated by
// the end of input) with U+FFFD. Sequences split across upstream reads are
// carried over, never mistaken for errors.
class Utf8Sanitizer final : public ByteSource {
 public:
  explicit Utf8Sanitizer(ByteSource& upstream) : upstream_(upstream) {}
  Result<size_t> read(std::span<char> out) override;
  uint64_t replacements() const { return replacements_; }

 private:
  // Appends `in` to pending_ with replacements; an unfinished tail goes to carry_.
  void sanitize_into_pending(std::string_view in);
  size_t deliver_pending(std::span<char> out);

  ByteSource& upstream_;
  std::array<char, 4> carry_{};
  size_t carry_len_ = 0;
  std::string pending_;
  size_t pending_pos_ = 0;
  bool eof_ = false;
  uint64_t replacements_ = 0;
};

// Converts GB18030 (hence GBK and GB2312) to UTF-8 with iconv, a buffer at a
// time. A multibyte character split across upstream reads is completed from the
// next read; an invalid byte becomes U+FFFD and is counted.
class Gb18030Decoder final : public ByteSource {
 public:
  static Result<std::unique_ptr<Gb18030Decoder>> create(ByteSource& upstream);
  Gb18030Decoder(ByteSource& upstream, Iconv cd) : upstream_(upstream), cd_(std::move(cd)) {}
  // Precondition for read: out.size() >= 4 (one UTF-8 character).
  Result<size_t> read(std::span<char> out) override;
  uint64_t replacements() const { return replacements_; }

 private:
  Status refill();

  ByteSource& upstream_;
  Iconv cd_;
  std::vector<char> in_ = std::vector<char>(64 * 1024);
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  bool eof_ = false;
  uint64_t replacements_ = 0;
};

// An import file opened as a stream of valid UTF-8, whatever its encoding.
class TextFile {
 public:
  // `encoding` kAuto detects from the first 64 KiB of the file.
  static Result<std::unique_ptr<TextFile>> open(const std::string& path, Encoding encoding);
  explicit TextFile(FileSource file) : file_(std::move(file)) {}  // use open()
  TextFile(const TextFile&) = delete;
  TextFile& operator=(const TextFile&) = delete;

  ByteSource& text() { return *text_; }
  Encoding encoding() const { return encoding_; }  // resolved, never kAuto
  uint64_t size() const { return file_.size(); }
  uint64_t bytes_read() const { return file_.bytes_read(); }
  // Invalid byte sequences replaced by U+FFFD so far.
  uint64_t replacements() const;

 private:
  FileSource file_;
  Encoding encoding_ = Encoding::kUtf8;
  std::unique_ptr<Utf8Sanitizer> utf8_;
  std::unique_ptr<Gb18030Decoder> gb18030_;
  ByteSource* text_ = nullptr;
};

}  // namespace guanxi::importer
