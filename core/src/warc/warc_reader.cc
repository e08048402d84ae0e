// Streaming WARC reader and torn-file repair. See dossier/warc.h.
//
// Layers: a random-access source (file or memory); a byte stream over it that is either
// the plain bytes or the inflated bytes of one gzip member at a time (it never runs from
// one member into the next by itself, so every record can be placed in its member);
// the record parser; and resynchronisation after damage.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dossier/strings.h"
#include "dossier/warc.h"

namespace dossier {

namespace {

constexpr size_t kInBufSize = 64 * 1024;
constexpr size_t kOutBufSize = 128 * 1024;
constexpr size_t kMaxLine = 64 * 1024;
constexpr size_t kMaxHeaderBytes = 1 << 20;

std::string ErrnoText() { return std::strerror(errno); }

constexpr size_t kVersionLineMax = 16;

// True when `s` starts with "WARC/<digits>.<digits>" and a line end.
bool IsVersionLine(std::string_view s) {
  if (s.substr(0, 5) != "WARC/") return false;
  size_t i = 5;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && i - start < 3 && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (!digits() || i >= s.size() || s[i++] != '.' || !digits()) return false;
  if (i < s.size() && s[i] == '\r') ++i;
  return i < s.size() && s[i] == '\n';
}

}  // namespace

class WarcReader::Impl {
 public:
  enum class Fill { kData, kMemberEnd, kEof, kError };
  enum class Resync { kNone, kScanMagic, kSkipMember, kScanLine };

  Impl(int fd, uint64_t size, std::string mem, WarcReaderOptions options)
      : fd_(fd), size_(size), mem_(std::move(mem)), options_(options) {
    in_.resize(kInBufSize);
    out_.resize(kOutBufSize);
    std::memset(&zs_, 0, sizeof(zs_));
    gzip_ = DetectGzip();
    if (gzip_) {
      zs_ready_ = inflateInit2(&zs_, 16 + MAX_WBITS) == Z_OK;
      StartMember(0);  // failure is reported by the first Next()
    }
  }
  ~Impl() {
    if (zs_ready_) inflateEnd(&zs_);
    if (fd_ >= 0) ::close(fd_);
  }

  // gzip when the file starts with the gzip magic, or when junk at its start is followed
  // by a gzip header before any "WARC/".
  bool DetectGzip() {
    std::string head(kInBufSize, '\0');
    head.resize(ReadAt(0, head.data(), head.size()));
    if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
        static_cast<unsigned char>(head[1]) == 0x8b)
      return true;
    size_t magic = head.find("\x1f\x8b\x08");
    return magic != std::string::npos && magic < head.find("WARC/");
  }

  bool gzip() const { return gzip_; }
  uint64_t corrupt_offset() const { return corrupt_offset_; }
  uint64_t size() const { return size_; }

  Result<bool> Next(WarcRecord* rec);
  Status Seek(uint64_t offset, uint64_t member_offset);

 private:
  enum class State { kInMember, kMemberDone, kBroken, kEof };

  // ---- source
  size_t ReadAt(uint64_t off, char* buf, size_t n) {
    if (off >= size_) return 0;
    n = static_cast<size_t>(std::min<uint64_t>(n, size_ - off));
    if (fd_ < 0) {
      std::memcpy(buf, mem_.data() + off, n);
      return n;
    }
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, buf + done, n - done, static_cast<off_t>(off + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        io_error_ = Status::IoError("reading WARC at offset " + std::to_string(off + done) +
                                    ": " + ErrnoText());
        break;
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }

  // ---- stream
  uint64_t CompPos() const {
    return in_start_ + static_cast<uint64_t>(reinterpret_cast<const char*>(zs_.next_in) -
                                             in_.data());
  }
  size_t Avail() const { return out_len_ - out_pos_; }
  uint64_t StreamPos() const { return out_base_ + out_pos_; }  // member pos, or file pos
  uint64_t RecordOffset() const { return gzip_ ? member_start_ : StreamPos(); }
  uint64_t RecordMemberOffset() const { return gzip_ ? StreamPos() : 0; }

  // Positions the compressed input at `off`; false at the end of the file.
  bool InputAt(uint64_t off) {
    if (!(off >= in_start_ && off < in_start_ + in_len_)) {
      in_start_ = off;
      in_len_ = ReadAt(off, in_.data(), in_.size());
    }
    zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + (off - in_start_));
    zs_.avail_in = static_cast<uInt>(in_len_ - (off - in_start_));
    return zs_.avail_in > 0;
  }

  // Starts inflating a gzip member at `off`. False at the end of the file (state kEof) or
  // when no gzip member starts there (state kBroken, status_ set).
  bool StartMember(uint64_t off) {
    out_base_ = 0;
    out_pos_ = out_len_ = 0;
    member_start_ = off;
    if (!zs_ready_) {
      status_ = Status::Internal("inflateInit2 failed");
      state_ = State::kBroken;
      return false;
    }
    if (off >= size_ || !InputAt(off)) {
      state_ = State::kEof;
      if (!io_error_.ok()) {
        status_ = io_error_;
        state_ = State::kBroken;
      }
      return false;
    }
    char magic[2] = {0, 0};
    size_t got = zs_.avail_in >= 2 ? 2 : ReadAt(off, magic, 2);
    if (zs_.avail_in >= 2) std::memcpy(magic, zs_.next_in, 2);
    if (got < 2 || static_cast<unsigned char>(magic[0]) != 0x1f ||
        static_cast<unsigned char>(magic[1]) != 0x8b) {
      status_ = Status::Corruption("no gzip member at offset " + std::to_string(off));
      state_ = State::kBroken;
      return false;
    }
    inflateReset2(&zs_, 16 + MAX_WBITS);
    state_ = State::kInMember;
    return true;
  }

  // Adds bytes after the unread ones in out_, from the current member only.
  Fill FillMore() {
    if (out_pos_ > 0) {  // keep unread bytes, drop read ones
      std::memmove(out_.data(), out_.data() + out_pos_, Avail());
      out_base_ += out_pos_;
      out_len_ -= out_pos_;
      out_pos_ = 0;
    }
    if (out_len_ == out_.size()) return Fill::kData;  // full: caller reads first
    if (!gzip_) {
      if (state_ == State::kEof) return Fill::kEof;
      size_t n = ReadAt(out_base_ + out_len_, out_.data() + out_len_, out_.size() - out_len_);
      if (!io_error_.ok()) {
        status_ = io_error_;
        return Fill::kError;
      }
      if (n == 0) return Fill::kEof;
      out_len_ += n;
      return Fill::kData;
    }
    switch (state_) {
      case State::kMemberDone: return Fill::kMemberEnd;
      case State::kEof: return Fill::kEof;
      case State::kBroken: return Fill::kError;
      case State::kInMember: break;
    }
    while (true) {
      if (zs_.avail_in == 0) {
        uint64_t pos = CompPos();
        if (!InputAt(pos)) {
          state_ = State::kBroken;
          status_ = !io_error_.ok() ? io_error_
                                    : Status::Corruption("gzip member at offset " +
                                                         std::to_string(member_start_) +
                                                         " is cut short by the end of the file");
          return Fill::kError;
        }
      }
      zs_.next_out = reinterpret_cast<Bytef*>(out_.data() + out_len_);
      zs_.avail_out = static_cast<uInt>(out_.size() - out_len_);
      int ret = inflate(&zs_, Z_NO_FLUSH);
      size_t produced = out_.size() - out_len_ - zs_.avail_out;
      out_len_ += produced;
      if (ret == Z_STREAM_END) {
        member_end_ = CompPos();
        state_ = State::kMemberDone;
        return produced > 0 ? Fill::kData : Fill::kMemberEnd;
      }
      if (ret == Z_OK || (ret == Z_BUF_ERROR && zs_.avail_in == 0)) {
        if (produced > 0) return Fill::kData;
        continue;
      }
      state_ = State::kBroken;
      status_ = Status::Corruption("damaged gzip member at offset " +
                                   std::to_string(member_start_) + ": " +
                                   (zs_.msg ? zs_.msg : "zlib error " + std::to_string(ret)));
      return Fill::kError;
    }
  }

  // Makes `n` unread bytes available when the member/file has them.
  Fill Ensure(size_t n) {
    while (Avail() < n) {
      Fill f = FillMore();
      if (f != Fill::kData) return f;
    }
    return Fill::kData;
  }

  // Reads a line including its '\n' (or what is left of the member). kData on success.
  Fill ReadLine(std::string* line, bool* too_long) {
    line->clear();
    *too_long = false;
    while (true) {
      if (Avail() == 0) {
        Fill f = FillMore();
        if (f != Fill::kData) return f;
      }
      const char* p = out_.data() + out_pos_;
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', Avail()));
      size_t take = nl ? static_cast<size_t>(nl - p) + 1 : Avail();
      if (line->size() + take > kMaxLine) {
        *too_long = true;
        return Fill::kData;
      }
      line->append(p, take);
      out_pos_ += take;
      if (nl) return Fill::kData;
    }
  }

  Status Damage(uint64_t offset, uint64_t member_offset, std::string what) {
    corrupt_offset_ = offset;
    std::string where = "WARC record at offset " + std::to_string(offset);
    if (member_offset) where += " (+" + std::to_string(member_offset) + " in its gzip member)";
    return Status::Corruption(where + ": " + what);
  }

  // A failure of the stream itself: skip to the next gzip member.
  Status StreamFailure() {
    corrupt_offset_ = gzip_ ? member_start_ : StreamPos();
    resync_ = gzip_ ? Resync::kScanMagic : Resync::kNone;
    resync_from_ = member_start_ + 1;
    Status s = status_;
    if (s.code() == Status::Code::kIoError) resync_ = Resync::kNone, state_ = State::kEof;
    return s;
  }

  Status DoResync();
  Status ParseRecord(WarcRecord* rec, Status* skip_status);

  int fd_;
  uint64_t size_;
  std::string mem_;
  WarcReaderOptions options_;
  bool gzip_ = false;

  std::vector<char> in_;
  uint64_t in_start_ = 0;
  size_t in_len_ = 0;
  z_stream zs_;
  bool zs_ready_ = false;

  std::vector<char> out_;
  size_t out_pos_ = 0, out_len_ = 0;
  uint64_t out_base_ = 0;
  uint64_t member_start_ = 0, member_end_ = 0;
  State state_ = State::kInMember;
  Status status_;
  Status io_error_;

  Resync resync_ = Resync::kNone;
  uint64_t resync_from_ = 0;         // kScanMagic: compressed offset; kScanLine: see below
  uint64_t resync_member_ = 0;       // kScanLine in gzip: member of the damaged record
  uint64_t corrupt_offset_ = 0;
  std::string line_;
};

Status WarcReader::Impl::DoResync() {
  Resync kind = resync_;
  resync_ = Resync::kNone;
  if (kind == Resync::kSkipMember) {
    while (true) {
      out_pos_ = out_len_;
      Fill f = FillMore();
      if (f == Fill::kData) continue;
      if (f == Fill::kError) kind = Resync::kScanMagic, resync_from_ = member_start_ + 1;
      break;  // kMemberEnd / kEof: Next() goes on from there
    }
  }
  if (kind == Resync::kScanLine) {
    // Restart just after the damaged record's first byte and look for "WARC/" at the start
    // of a line (or of a gzip member).
    Status s = Seek(gzip_ ? resync_member_ : resync_from_, gzip_ ? resync_from_ : 0);
    if (!s.ok()) {
      if (!gzip_) {
        state_ = State::kEof;
        return Status::Ok();
      }
      kind = Resync::kScanMagic;
      resync_from_ = resync_member_ + 1;
    } else {
      bool line_start = false;
      while (true) {
        Fill f = Ensure(kVersionLineMax);
        if (f == Fill::kEof || f == Fill::kMemberEnd) f = Ensure(5);
        if (f == Fill::kMemberEnd && gzip_) {
          if (!StartMember(member_end_)) return Status::Ok();  // Next() reports or ends
          line_start = true;
          continue;
        }
        if (f == Fill::kError) {
          if (!gzip_) return Status::Ok();
          kind = Resync::kScanMagic;
          resync_from_ = member_start_ + 1;
          break;
        }
        if (Avail() < 5) {  // end of file (or of the member) within 5 bytes
          out_pos_ = out_len_;
          if (f == Fill::kEof) return Status::Ok();
          continue;
        }
        const char* p = out_.data() + out_pos_;
        // At a line start any "WARC/"; elsewhere (a torn record followed by a new one)
        // only a whole version line such as "WARC/1.1\r\n".
        if (line_start && std::memcmp(p, "WARC/", 5) == 0) return Status::Ok();
        if (IsVersionLine(std::string_view(p, Avail()))) return Status::Ok();
        line_start = *p == '\n';
        ++out_pos_;
      }
    }
  }
  if (kind == Resync::kScanMagic) {
    // Scan the compressed bytes for the next gzip header: 1f 8b 08.
    uint64_t pos = resync_from_;
    std::vector<char> buf(kInBufSize + 2);
    while (pos < size_) {
      size_t n = ReadAt(pos, buf.data(), buf.size());
      if (n < 3) break;
      for (size_t i = 0; i + 2 < n; ++i) {
        if (static_cast<unsigned char>(buf[i]) == 0x1f &&
            static_cast<unsigned char>(buf[i + 1]) == 0x8b && buf[i + 2] == 0x08) {
          StartMember(pos + i);
          return Status::Ok();
        }
      }
      pos += n - 2;
    }
    if (!io_error_.ok()) return io_error_;
    state_ = State::kEof;
    out_pos_ = out_len_ = 0;
  }
  return Status::Ok();
}

Status WarcReader::Impl::Seek(uint64_t offset, uint64_t member_offset) {
  resync_ = Resync::kNone;
  if (!gzip_) {
    if (offset + member_offset > size_)
      return Status::InvalidArgument("offset " + std::to_string(offset) + " is past the end");
    out_base_ = offset + member_offset;
    out_pos_ = out_len_ = 0;
    state_ = State::kInMember;
    return Status::Ok();
  }
  if (!StartMember(offset)) {
    if (state_ == State::kEof && offset == size_ && member_offset == 0) return Status::Ok();
    return Status::InvalidArgument("no gzip member starts at offset " + std::to_string(offset));
  }
  while (StreamPos() < member_offset) {
    if (Avail() == 0 && FillMore() != Fill::kData)
      return Status::InvalidArgument("gzip member at " + std::to_string(offset) +
                                     " is shorter than " + std::to_string(member_offset));
    out_pos_ += static_cast<size_t>(std::min<uint64_t>(Avail(), member_offset - StreamPos()));
  }
  return Status::Ok();
}

// Parses one record at the current position (separators already skipped). On damage
// returns Corruption and sets the resync plan. *skip_status is set for a record that was
// skipped whole (too large).
Status WarcReader::Impl::ParseRecord(WarcRecord* rec, Status* skip_status) {
  const uint64_t offset = RecordOffset();
  const uint64_t moff = RecordMemberOffset();
  rec->offset = offset;
  rec->member_offset = moff;
  rec->stored_length = 0;
  rec->headers.clear();
  rec->block.clear();
  rec->type = WarcRecordType::kUnknown;

  auto damaged = [&](std::string what) {
    if (gzip_ && moff == 0) {
      resync_ = Resync::kSkipMember;
    } else {
      resync_ = Resync::kScanLine;
      resync_member_ = member_start_;
      resync_from_ = gzip_ ? moff + 1 : offset + 1;
    }
    return Damage(offset, moff, std::move(what));
  };
  auto stream_end = [&](Fill f, const char* where) {
    if (f == Fill::kError) {
      Status s = StreamFailure();
      corrupt_offset_ = offset;
      return s;
    }
    return damaged(std::string("cut short in the ") + where +
                   (f == Fill::kMemberEnd ? " by the end of its gzip member" : " by the end of the file"));
  };

  bool too_long = false;
  Fill f = ReadLine(&line_, &too_long);
  if (f != Fill::kData) return stream_end(f, "version line");
  std::string_view version = Trim(line_);
  if (too_long || !StartsWith(version, "WARC/") || version.size() > 16)
    return damaged("no 'WARC/' version line");
  rec->version.assign(version);

  size_t header_bytes = 0;
  std::string name, value;
  bool have_field = false;
  auto flush = [&] {
    if (have_field) rec->headers.Add(name, value);
    have_field = false;
  };
  while (true) {
    f = ReadLine(&line_, &too_long);
    if (f != Fill::kData) return stream_end(f, "headers");
    header_bytes += line_.size();
    if (too_long || header_bytes > kMaxHeaderBytes) return damaged("header too long");
    std::string_view line = line_;
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && have_field) {  // folded continuation
      std::string_view more = Trim(line);
      if (!more.empty()) {
        if (!value.empty()) value.push_back(' ');
        value.append(more);
      }
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || Trim(line.substr(0, colon)).empty()) continue;
    flush();
    name.assign(Trim(line.substr(0, colon)));
    value.assign(Trim(line.substr(colon + 1)));
    have_field = true;
  }
  flush();

  std::string_view cl = Trim(rec->headers.Get("Content-Length"));
  uint64_t length = 0;
  bool valid = !cl.empty() && cl.size() <= 18;
  for (char c : cl) {
    if (c < '0' || c > '9') {
      valid = false;
      break;
    }
    length = length * 10 + static_cast<uint64_t>(c - '0');
  }
  if (!valid) return damaged("missing or invalid Content-Length '" + std::string(cl.substr(0, 32)) + "'");
  rec->type = ParseWarcRecordType(rec->headers.Get("WARC-Type"));

  const bool keep = length <= options_.max_record_bytes;
  if (keep) {
    uint64_t hint = gzip_ ? length : std::min<uint64_t>(length, size_ - std::min(size_, StreamPos()));
    rec->block.reserve(static_cast<size_t>(std::min<uint64_t>(hint, 4u << 20)));
  }
  uint64_t left = length;
  while (left > 0) {
    if (Avail() == 0) {
      f = FillMore();
      if (f != Fill::kData) return stream_end(f, "block");
    }
    size_t take = static_cast<size_t>(std::min<uint64_t>(left, Avail()));
    if (keep) rec->block.append(out_.data() + out_pos_, take);
    out_pos_ += take;
    left -= take;
  }
  // The record ends with CRLF CRLF (sloppy writers put fewer, or bare LFs); then comes the
  // end of the member / file or the next record. Anything else means the Content-Length was
  // wrong or the data is damaged, and the block cannot be trusted.
  while (Ensure(1) == Fill::kData && (out_[out_pos_] == '\r' || out_[out_pos_] == '\n'))
    ++out_pos_;
  f = Ensure(5);
  if (f == Fill::kError) {
    Status s = StreamFailure();  // e.g. the member's CRC does not match: block is damaged
    corrupt_offset_ = offset;
    return s;
  }
  if (f == Fill::kData && std::memcmp(out_.data() + out_pos_, "WARC/", 5) != 0)
    return damaged("block not followed by CRLF CRLF and a record (wrong Content-Length?)");
  if (gzip_) {
    if (f == Fill::kMemberEnd && Avail() == 0) rec->stored_length = member_end_ - member_start_;
  } else {
    rec->stored_length = StreamPos() - offset;
  }
  if (!keep) {
    rec->block.clear();
    corrupt_offset_ = offset;
    *skip_status = Status::Unsupported(
        "WARC record at offset " + std::to_string(offset) + " has a block of " +
        std::to_string(length) + " bytes, over the limit of " +
        std::to_string(options_.max_record_bytes) + ": skipped");
  }
  return Status::Ok();
}

Result<bool> WarcReader::Impl::Next(WarcRecord* rec) {
  if (resync_ != Resync::kNone) {
    Status s = DoResync();
    if (!s.ok()) return s;
  }
  // Skip the blank lines between records, and step from member to member.
  while (true) {
    if (Avail() > 0) {
      char c = out_[out_pos_];
      if (c == '\r' || c == '\n') {
        ++out_pos_;
        continue;
      }
      break;
    }
    Fill f = FillMore();
    if (f == Fill::kData) continue;
    if (f == Fill::kEof) return false;
    if (f == Fill::kError) return StreamFailure();
    // kMemberEnd
    if (!StartMember(member_end_)) {
      if (state_ == State::kEof) return false;
      uint64_t at = member_start_;
      resync_ = Resync::kScanMagic;
      resync_from_ = at + 1;
      corrupt_offset_ = at;
      if (status_.code() == Status::Code::kIoError) {
        resync_ = Resync::kNone;
        state_ = State::kEof;
      }
      return Status::Corruption("bytes that are not a gzip member at offset " +
                                std::to_string(at));
    }
  }
  Status skipped;
  Status s = ParseRecord(rec, &skipped);
  if (!s.ok()) return s;
  if (!skipped.ok()) return skipped;
  return true;
}

// ---------------------------------------------------------------------------------------

WarcReader::WarcReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcReader::~WarcReader() = default;

Result<std::unique_ptr<WarcReader>> WarcReader::Open(const std::filesystem::path& path,
                                                     WarcReaderOptions options) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string msg = "cannot open WARC " + path.string() + ": " + ErrnoText();
    return errno == ENOENT ? Status::NotFound(msg) : Status::IoError(msg);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    std::string msg = "cannot stat " + path.string() + ": " + ErrnoText();
    ::close(fd);
    return Status::IoError(msg);
  }
  auto impl = std::make_unique<Impl>(fd, static_cast<uint64_t>(st.st_size), std::string(), options);
  return std::unique_ptr<WarcReader>(new WarcReader(std::move(impl)));
}

std::unique_ptr<WarcReader> WarcReader::FromString(std::string bytes, WarcReaderOptions options) {
  uint64_t size = bytes.size();
  auto impl = std::make_unique<Impl>(-1, size, std::move(bytes), options);
  return std::unique_ptr<WarcReader>(new WarcReader(std::move(impl)));
}

Result<bool> WarcReader::Next(WarcRecord* record) { return impl_->Next(record); }
Status WarcReader::Seek(uint64_t offset, uint64_t member_offset) {
  return impl_->Seek(offset, member_offset);
}
bool WarcReader::gzip() const { return impl_->gzip(); }
uint64_t WarcReader::corrupt_offset() const { return impl_->corrupt_offset(); }

// ---------------------------------------------------------------------------------------

Status RepairWarcFile(const std::filesystem::path& path, uint64_t* kept_bytes) {
  uint64_t good_end = 0;
  uint64_t size = 0;
  bool shared_member_dropped = false;
  {
    WarcReaderOptions options;
    options.max_record_bytes = 0;  // the blocks are not needed, only where records end
    auto reader = WarcReader::Open(path, options);
    if (!reader.ok()) return reader.status();
    WarcReader& r = **reader;
    std::error_code ec;
    size = std::filesystem::file_size(path, ec);
    if (ec) return Status::IoError("cannot stat " + path.string() + ": " + ec.message());
    int fd = r.gzip() ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct Closer {
      int fd;
      ~Closer() {
        if (fd >= 0) ::close(fd);
      }
    } closer{fd};
    WarcRecord rec;
    // A record counts when its gzip member ended cleanly right after it (gzip), or when
    // its closing CRLF CRLF is all there (plain).
    while (true) {
      auto next = r.Next(&rec);
      bool have = next.ok() ? *next : next.status().code() == Status::Code::kUnsupported;
      if (!next.ok() && next.status().code() == Status::Code::kIoError) return next.status();
      if (next.ok() && !*next) break;
      if (!have) continue;
      if (r.gzip()) {
        if (rec.stored_length > 0) {
          good_end = rec.offset + rec.stored_length;
          shared_member_dropped = false;
        } else if (rec.member_offset > 0) {
          shared_member_dropped = true;
        }
      } else {
        uint64_t end = rec.offset + rec.stored_length;
        char tail[4] = {0, 0, 0, 0};
        if (end >= 4 && ::pread(fd, tail, 4, static_cast<off_t>(end - 4)) == 4 &&
            std::memcmp(tail, "\r\n\r\n", 4) == 0)
          good_end = end;
      }
    }
  }
  if (good_end < size) {
    if (shared_member_dropped)
      return Status::Corruption(path.string() + ": the torn gzip stream at offset " +
                                std::to_string(good_end) +
                                " holds several records; not truncating");
    if (::truncate(path.c_str(), static_cast<off_t>(good_end)) != 0)
      return Status::IoError("cannot truncate " + path.string() + ": " + ErrnoText());
    size = good_end;
  }
  if (kept_bytes) *kept_bytes = size;
  return Status::Ok();
}

}  // namespace dossier
