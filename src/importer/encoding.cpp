#include "importer/encoding.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace guanxi::importer {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kDetectSample = 64 * 1024;

const iconv_t kInvalidIconv = reinterpret_cast<iconv_t>(static_cast<intptr_t>(-1));

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<Encoding> parse_encoding(std::string_view name) {
  const std::string n = lower_ascii(name);
  if (n == "auto") return Encoding::kAuto;
  if (n == "utf-8" || n == "utf8") return Encoding::kUtf8;
  if (n == "gb18030" || n == "gbk" || n == "gb2312") return Encoding::kGb18030;
  return Status::invalid("unknown encoding '" + std::string(name) +
                         "' (expected utf-8, gb18030 or auto)");
}

std::string_view encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kAuto:
      return "auto";
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kGb18030:
      return "gb18030";
  }
  return "auto";
}

Utf8Scan scan_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
    } else {
      return {i, Utf8Stop::kInvalid};
    }
    for (size_t k = 1; k < len; ++k) {
      if (i + k >= n) return {i, Utf8Stop::kTruncated};
      const unsigned char cc = s[i + k];
      const unsigned char min = k == 1 ? lo : 0x80;
      const unsigned char max = k == 1 ? hi : 0xBF;
      if (cc < min || cc > max) return {i, Utf8Stop::kInvalid};
    }
    i += len;
  }
  return {n, Utf8Stop::kEnd};
}

Encoding detect_encoding(std::string_view sample, bool complete) {
  const Utf8Scan scan = scan_utf8(sample);
  if (scan.stop == Utf8Stop::kEnd) return Encoding::kUtf8;
  if (scan.stop == Utf8Stop::kTruncated && !complete) return Encoding::kUtf8;
  return Encoding::kGb18030;
}

// ---- Iconv --------------------------------------------------------------------

Result<Iconv> Iconv::open(const char* to_code, const char* from_code) {
  iconv_t cd = ::iconv_open(to_code, from_code);
  if (cd == kInvalidIconv) {
    return Status::invalid(std::string("cannot convert from ") + from_code + " to " + to_code +
                           ": " + std::strerror(errno));
  }
  return Iconv(cd);
}

Iconv::Iconv(Iconv&& other) noexcept : cd_(std::exchange(other.cd_, kInvalidIconv)) {}

Iconv& Iconv::operator=(Iconv&& other) noexcept {
  if (this != &other) {
    if (cd_ != kInvalidIconv) ::iconv_close(cd_);
    cd_ = std::exchange(other.cd_, kInvalidIconv);
  }
  return *this;
}

Iconv::~Iconv() {
  if (cd_ != kInvalidIconv) ::iconv_close(cd_);
}

// ---- Utf8Sanitizer --------------------------------------------------------------

size_t Utf8Sanitizer::deliver_pending(std::span<char> out) {
  const size_t n = std::min(out.size(), pending_.size() - pending_pos_);
  std::memcpy(out.data(), pending_.data() + pending_pos_, n);
  pending_pos_ += n;
  if (pending_pos_ == pending_.size()) {
    pending_.clear();
    pending_pos_ = 0;
  }
  return n;
}

void Utf8Sanitizer::sanitize_into_pending(std::string_view in) {
  while (!in.empty()) {
    const Utf8Scan scan = scan_utf8(in);
    pending_.append(in.substr(0, scan.valid));
    in.remove_prefix(scan.valid);
    if (scan.stop == Utf8Stop::kEnd) return;
    if (scan.stop == Utf8Stop::kTruncated && !eof_) {
      carry_len_ = in.size();
      std::memcpy(carry_.data(), in.data(), in.size());
      return;
    }
    // An invalid byte, or a sequence the end of input cut short: one U+FFFD for
    // the offending byte, then resynchronize on the next one.
    pending_.append(kReplacement);
    ++replacements_;
    in.remove_prefix(1);
  }
}

Result<size_t> Utf8Sanitizer::read(std::span<char> out) {
  if (out.empty()) return size_t{0};
  for (;;) {
    if (pending_pos_ < pending_.size()) return deliver_pending(out);
    if (eof_ && carry_len_ == 0) return size_t{0};
    if (out.size() < 64) {
      // Too small to decode in place: go through pending_.
      std::array<char, 4096> tmp;
      std::memcpy(tmp.data(), carry_.data(), carry_len_);
      const size_t carried = std::exchange(carry_len_, 0);
      GX_ASSIGN_OR_RETURN(size_t got, upstream_.read(std::span(tmp).subspan(carried)));
      if (got == 0) eof_ = true;
      sanitize_into_pending(std::string_view(tmp.data(), carried + got));
      continue;
    }
    // Fast path: decode in the caller's buffer; only an error moves bytes.
    std::memcpy(out.data(), carry_.data(), carry_len_);
    const size_t carried = std::exchange(carry_len_, 0);
    GX_ASSIGN_OR_RETURN(size_t got, upstream_.read(out.subspan(carried)));
    if (got == 0) eof_ = true;
    const size_t n = carried + got;
    const std::string_view chunk(out.data(), n);
    const Utf8Scan scan = scan_utf8(chunk);
    if (scan.stop == Utf8Stop::kEnd) {
      if (n > 0) return n;
      continue;
    }
    if (scan.stop == Utf8Stop::kTruncated && !eof_) {
      carry_len_ = n - scan.valid;
      std::memcpy(carry_.data(), out.data() + scan.valid, carry_len_);
    } else {
      sanitize_into_pending(chunk.substr(scan.valid));
    }
    if (scan.valid > 0) return scan.valid;
  }
}

// ---- Gb18030Decoder --------------------------------------------------------------

Result<std::unique_ptr<Gb18030Decoder>> Gb18030Decoder::create(ByteSource& upstream) {
  GX_ASSIGN_OR_RETURN(Iconv cd, Iconv::open("UTF-8", "GB18030"));
  return std::make_unique<Gb18030Decoder>(upstream, std::move(cd));
}

Status Gb18030Decoder::refill() {
  if (in_begin_ > 0) {
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  GX_ASSIGN_OR_RETURN(size_t got, upstream_.read(std::span(in_).subspan(in_end_)));
  if (got == 0) eof_ = true;
  in_end_ += got;
  return Status::ok();
}

Result<size_t> Gb18030Decoder::read(std::span<char> out) {
  if (out.size() < 4) return Status::internal("Gb18030Decoder::read needs room for one character");
  char* out_ptr = out.data();
  size_t out_left = out.size();
  for (;;) {
    if (in_begin_ == in_end_ && !eof_) GX_RETURN_IF_ERROR(refill());
    const size_t produced = out.size() - out_left;
    if (in_begin_ == in_end_) return produced;  // end of input
    char* in_ptr = in_.data() + in_begin_;
    size_t in_left = in_end_ - in_begin_;
    const size_t r = ::iconv(cd_.handle(), &in_ptr, &in_left, &out_ptr, &out_left);
    const int err = errno;
    in_begin_ = static_cast<size_t>(in_ptr - in_.data());
    const size_t now_produced = out.size() - out_left;
    if (r != static_cast<size_t>(-1)) {
      if (now_produced > 0) return now_produced;
      continue;  // consumed input without output (e.g. a shift state); read more
    }
    if (err == E2BIG) {
      return now_produced;  // out is full
    }
    if (err == EINVAL) {
      // A character cut by the end of the buffer: complete it from upstream.
      if (!eof_) {
        if (now_produced > 0) return now_produced;
        GX_RETURN_IF_ERROR(refill());
        continue;
      }
      // Cut by the end of the file: it can never be completed.
      if (out_left < kReplacement.size()) return now_produced;
      std::memcpy(out_ptr, kReplacement.data(), kReplacement.size());
      out_ptr += kReplacement.size();
      out_left -= kReplacement.size();
      ++replacements_;
      in_begin_ = in_end_;
      continue;
    }
    if (err == EILSEQ) {
      if (out_left < kReplacement.size()) return now_produced;
      std::memcpy(out_ptr, kReplacement.data(), kReplacement.size());
      out_ptr += kReplacement.size();
      out_left -= kReplacement.size();
      ++replacements_;
      ++in_begin_;
      continue;
    }
    return Status::io_error(std::string("GB18030 conversion failed: ") + std::strerror(err));
  }
}

// ---- TextFile ---------------------------------------------------------------------

Result<std::unique_ptr<TextFile>> TextFile::open(const std::string& path, Encoding encoding) {
  if (encoding == Encoding::kAuto) {
    // Detection reads its own sample so that the stream below starts at byte 0
    // (import files are regular files, not pipes).
    GX_ASSIGN_OR_RETURN(FileSource probe, FileSource::open(path));
    std::string sample(kDetectSample, '\0');
    size_t filled = 0;
    for (;;) {
      GX_ASSIGN_OR_RETURN(size_t got, probe.read(std::span(sample).subspan(filled)));
      filled += got;
      if (got == 0 || filled == sample.size()) break;
    }
    const bool complete = filled < sample.size();
    encoding = detect_encoding(std::string_view(sample.data(), filled), complete);
  }
  GX_ASSIGN_OR_RETURN(FileSource file, FileSource::open(path));
  auto text = std::make_unique<TextFile>(std::move(file));
  text->encoding_ = encoding;
  if (encoding == Encoding::kGb18030) {
    GX_ASSIGN_OR_RETURN(text->gb18030_, Gb18030Decoder::create(text->file_));
    text->text_ = text->gb18030_.get();
  } else {
    text->utf8_ = std::make_unique<Utf8Sanitizer>(text->file_);
    text->text_ = text->utf8_.get();
  }
  return text;
}

uint64_t TextFile::replacements() const {
  if (gb18030_) return gb18030_->replacements();
  if (utf8_) return utf8_->replacements();
  return 0;
}

}  // namespace guanxi::importer
