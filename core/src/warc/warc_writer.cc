// WARC 1.1 writer: one gzip member per record, size-rotated files. See dossier/warc.h.
#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <random>

#include "dossier/strings.h"
#include "dossier/version.h"
#include "dossier/warc.h"

namespace dossier {

namespace {

std::string ErrnoText() { return std::strerror(errno); }

std::string Clean(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

void AddField(std::string* head, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  head->append(name);
  head->append(": ");
  head->append(Clean(value));
  head->append("\r\n");
}

std::string HostName() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  return buf;
}

std::string CompactUtc(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%d%H%M%S", &tm);
  return buf;
}

// The serial of "<prefix>-<14 digits>-<serial>.warc.gz", or -1.
long long SerialOf(std::string_view name, std::string_view prefix) {
  constexpr std::string_view kExt = ".warc.gz";
  if (!StartsWith(name, prefix) || !EndsWith(name, kExt)) return -1;
  std::string_view rest = name.substr(prefix.size(), name.size() - prefix.size() - kExt.size());
  // "-YYYYMMDDhhmmss-NNNNN"
  if (rest.size() < 17 || rest[0] != '-' || rest[15] != '-') return -1;
  std::string_view digits = rest.substr(16);
  if (digits.empty() || digits.size() > 12) return -1;
  long long v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Where the HTTP head ends (after the blank line) in the concatenation of `pieces`, or -1.
int64_t HttpHeadEnd(std::span<const std::string_view> pieces) {
  int64_t pos = 0;
  int state = 0;  // bytes of "\r\n\r\n" (or "\n\n") matched
  char prev = 0;
  for (auto piece : pieces) {
    for (char c : piece) {
      ++pos;
      if (c == '\n') {
        if (prev == '\n' || (state == 2 && prev == '\r')) return pos;
        state = 2;
      } else if (c != '\r') {
        state = 0;
      }
      prev = c;
    }
  }
  return -1;
}

}  // namespace

std::string FormatWarcDate(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
  long long secs = us / 1000000;
  long long frac = us % 1000000;
  if (frac < 0) {
    frac += 1000000;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

std::string NewWarcRecordId() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }();
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ull) | 0x4000ull;                   // version 4
  lo = (lo & ~(0xC0ull << 56)) | (0x80ull << 56);       // variant 10
  char buf[64];
  std::snprintf(buf, sizeof(buf), "<urn:uuid:%08llx-%04llx-%04llx-%04llx-%012llx>",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

std::string_view WarcRecordTypeName(WarcRecordType type) {
  switch (type) {
    case WarcRecordType::kWarcinfo: return "warcinfo";
    case WarcRecordType::kResponse: return "response";
    case WarcRecordType::kResource: return "resource";
    case WarcRecordType::kRequest: return "request";
    case WarcRecordType::kMetadata: return "metadata";
    case WarcRecordType::kRevisit: return "revisit";
    case WarcRecordType::kConversion: return "conversion";
    case WarcRecordType::kContinuation: return "continuation";
    case WarcRecordType::kUnknown: break;
  }
  return "unknown";
}

WarcRecordType ParseWarcRecordType(std::string_view name) {
  name = Trim(name);
  for (auto t : {WarcRecordType::kWarcinfo, WarcRecordType::kResponse, WarcRecordType::kResource,
                 WarcRecordType::kRequest, WarcRecordType::kMetadata, WarcRecordType::kRevisit,
                 WarcRecordType::kConversion, WarcRecordType::kContinuation})
    if (IEquals(name, WarcRecordTypeName(t))) return t;
  return WarcRecordType::kUnknown;
}

bool WarcBlockDigestMatches(const WarcRecord& record) {
  std::string_view d = Trim(record.headers.Get("WARC-Block-Digest"));
  if (d.empty() || !StartsWith(AsciiLower(d.substr(0, 5)), "sha1:")) return true;
  std::string_view want = d.substr(5);
  Sha1 sha;
  sha.Update(record.block);
  auto got = sha.Finish();
  std::string_view raw(reinterpret_cast<const char*>(got.data()), got.size());
  if (want.size() == 40) return IEquals(want, HexEncode(raw));
  std::string b32 = Base32Encode(raw);
  // Some writers drop the padding; SHA-1's base32 has none anyway (160 bits = 32 chars).
  return IEquals(want, b32);
}

std::vector<std::filesystem::path> ListWarcFiles(const std::filesystem::path& dir,
                                                 std::string_view prefix) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string name = it->path().filename().string();
    if (!StartsWith(name, prefix)) continue;
    if (EndsWith(name, ".warc") || EndsWith(name, ".warc.gz")) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.filename() < b.filename(); });
  return out;
}

// ---------------------------------------------------------------------------------------

class WarcRecordBuilder::Impl {
 public:
  explicit Impl(int level) : level_(std::clamp(level, 1, 9)) { std::memset(&zs_, 0, sizeof(zs_)); }
  ~Impl() {
    if (zs_ready_) deflateEnd(&zs_);
    if (compressor_ != nullptr) libdeflate_free_compressor(compressor_);
  }

  Result<WarcBuiltRecord> Build(const WarcRecordSpec& spec,
                                std::span<const std::string_view> pieces,
                                std::string_view warcinfo_id) {
    WarcBuiltRecord out;
    out.record_id = spec.record_id.empty() ? NewWarcRecordId() : spec.record_id;
    if (spec.type != WarcRecordType::kWarcinfo) out.warcinfo_id = std::string(warcinfo_id);

    uint64_t length = 0;
    Sha1 block_sha;
    for (auto p : pieces) {
      block_sha.Update(p);
      length += p.size();
    }
    auto block_digest = block_sha.Finish();
    std::string payload_digest = spec.payload_digest;
    if (payload_digest.empty() && spec.http_payload) {
      int64_t head_end = HttpHeadEnd(pieces);
      if (head_end >= 0) {
        Sha1 sha;
        uint64_t skip = static_cast<uint64_t>(head_end);
        for (auto p : pieces) {
          if (skip >= p.size()) {
            skip -= p.size();
            continue;
          }
          sha.Update(p.substr(static_cast<size_t>(skip)));
          skip = 0;
        }
        auto d = sha.Finish();
        payload_digest = "sha1:" + Base32Encode(std::string_view(
                                       reinterpret_cast<const char*>(d.data()), d.size()));
      }
    }

    std::string head = "WARC/1.1\r\n";
    head.reserve(1024);
    AddField(&head, "WARC-Type", WarcRecordTypeName(spec.type));
    AddField(&head, "WARC-Record-ID", out.record_id);
    auto date = spec.date == std::chrono::system_clock::time_point{}
                    ? std::chrono::system_clock::now()
                    : spec.date;
    AddField(&head, "WARC-Date", FormatWarcDate(date));
    AddField(&head, "WARC-Target-URI", spec.target_uri);
    AddField(&head, "WARC-Warcinfo-ID", out.warcinfo_id);
    AddField(&head, "WARC-IP-Address", spec.ip_address);
    AddField(&head, "WARC-Concurrent-To", spec.concurrent_to);
    AddField(&head, "WARC-Refers-To", spec.refers_to);
    AddField(&head, "WARC-Refers-To-Target-URI", spec.refers_to_target_uri);
    AddField(&head, "WARC-Refers-To-Date", spec.refers_to_date);
    AddField(&head, "WARC-Profile", spec.profile);
    AddField(&head, "WARC-Truncated", spec.truncated);
    for (const auto& [name, value] : spec.extra_headers) {
      std::string n = Clean(name);
      std::erase(n, ':');
      if (!Trim(n).empty()) AddField(&head, Trim(n), value);
    }
    AddField(&head, "Content-Type", spec.content_type);
    AddField(&head, "WARC-Payload-Digest", payload_digest);
    AddField(&head, "WARC-Block-Digest",
             "sha1:" + Base32Encode(std::string_view(
                           reinterpret_cast<const char*>(block_digest.data()), 20)));
    head.append("Content-Length: ");
    head.append(std::to_string(length));
    head.append("\r\n\r\n");

    size_t input_bytes = head.size() + length + 4;
    Status s = input_bytes <= kOneShotMaxBytes
                   ? CompressWhole(head, pieces, input_bytes, &out.member)
                   : CompressStreaming(head, pieces, input_bytes, &out.member);
    if (!s.ok()) return s;
    return out;
  }

 private:
  // The usual record: libdeflate over the whole record copied into one buffer (the copy
  // costs a few percent of the deflate it replaces; libdeflate wants its input in one
  // piece), into a buffer kept from record to record, then the exact bytes copied out.
  Status CompressWhole(std::string_view head, std::span<const std::string_view> pieces,
                       size_t input_bytes, std::string* member) {
    if (compressor_ == nullptr) {
      // libdeflate's levels 1-9 are the counterparts of zlib's (1 fastest, 9 smallest).
      compressor_ = libdeflate_alloc_compressor(level_);
      if (compressor_ == nullptr) return Status::Internal("libdeflate_alloc_compressor failed");
    }
    input_.clear();
    input_.reserve(input_bytes);
    input_.append(head);
    for (auto p : pieces) input_.append(p);
    input_.append("\r\n\r\n");
    size_t bound = libdeflate_gzip_compress_bound(compressor_, input_.size());
    if (scratch_.size() < bound) scratch_.resize(bound);
    size_t n = libdeflate_gzip_compress(compressor_, input_.data(), input_.size(),
                                        scratch_.data(), scratch_.size());
    if (n == 0) return Status::Internal("libdeflate_gzip_compress failed");
    member->assign(scratch_.data(), n);
    if (input_.capacity() > kMaxScratchBytes) std::string().swap(input_);
    if (scratch_.size() > kMaxScratchBytes) std::string().swap(scratch_);
    return Status::Ok();
  }

  // A record too large to hold twice more (a huge body): zlib, piece by piece.
  Status CompressStreaming(std::string_view head, std::span<const std::string_view> pieces,
                           size_t input_bytes, std::string* member) {
    if (!zs_ready_) {
      if (deflateInit2(&zs_, level_, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return Status::Internal("deflateInit2 failed");
      zs_ready_ = true;
    }
    deflateReset(&zs_);
    std::string buf(deflateBound(&zs_, static_cast<uLong>(input_bytes)), '\0');
    used_ = 0;
    Status s = Deflate(head, Z_NO_FLUSH, &buf);
    for (auto p : pieces)
      if (s.ok()) s = Deflate(p, Z_NO_FLUSH, &buf);
    if (s.ok()) s = Deflate("\r\n\r\n", Z_FINISH, &buf);
    if (!s.ok()) return s;
    buf.resize(used_);
    *member = std::move(buf);
    return Status::Ok();
  }

  // Deflates `in` onto the end (used_) of *out, growing it when full.
  Status Deflate(std::string_view in, int flush, std::string* out) {
    const char* next = in.data();
    size_t left = in.size();
    zs_.avail_in = 0;
    while (true) {
      if (zs_.avail_in == 0 && left > 0) {
        uInt n = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
        zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(next));
        zs_.avail_in = n;
        next += n;
        left -= n;
      }
      if (used_ == out->size()) out->resize(out->size() + out->size() / 2 + 4096);
      size_t room = std::min<size_t>(out->size() - used_, 1u << 30);
      zs_.next_out = reinterpret_cast<Bytef*>(out->data() + used_);
      zs_.avail_out = static_cast<uInt>(room);
      bool last_input = left == 0;
      int ret = deflate(&zs_, last_input ? flush : Z_NO_FLUSH);
      used_ += room - zs_.avail_out;
      if (ret == Z_STREAM_ERROR) return Status::Internal("deflate failed");
      if (ret == Z_STREAM_END) return Status::Ok();
      if (zs_.avail_out == 0) continue;  // more output may be pending
      if (last_input && zs_.avail_in == 0 && flush == Z_NO_FLUSH) return Status::Ok();
    }
  }

  // Records up to this size (WARC head + block) are compressed whole by libdeflate; larger
  // ones stream through zlib rather than be held in memory a second and third time.
  static constexpr size_t kOneShotMaxBytes = 16u << 20;
  static constexpr size_t kMaxScratchBytes = 16u << 20;

  int level_;
  libdeflate_compressor* compressor_ = nullptr;  // made at the first record
  std::string input_;    // the record being compressed, whole
  std::string scratch_;  // its gzip member
  z_stream zs_;          // for records over kOneShotMaxBytes; made at the first
  bool zs_ready_ = false;
  size_t used_ = 0;      // bytes of Deflate's output buffer filled
};

WarcRecordBuilder::WarcRecordBuilder(int compression_level)
    : impl_(std::make_unique<Impl>(compression_level)) {}
WarcRecordBuilder::~WarcRecordBuilder() = default;

Result<WarcBuiltRecord> WarcRecordBuilder::Build(const WarcRecordSpec& spec,
                                                 std::span<const std::string_view> block_pieces,
                                                 std::string_view warcinfo_id) {
  return impl_->Build(spec, block_pieces, warcinfo_id);
}

Result<std::pair<WarcBuiltRecord, WarcBuiltRecord>> WarcRecordBuilder::BuildCapture(
    const HttpCapture& capture, std::string_view warcinfo_id) {
  auto date = capture.date == std::chrono::system_clock::time_point{}
                  ? std::chrono::system_clock::now()
                  : capture.date;
  WarcRecordSpec request;
  request.type = WarcRecordType::kRequest;
  request.target_uri = capture.target_uri;
  request.content_type = "application/http;msgtype=request";
  request.date = date;
  request.ip_address = capture.ip_address;
  request.record_id = NewWarcRecordId();

  WarcRecordSpec response;
  response.type = WarcRecordType::kResponse;
  response.target_uri = capture.target_uri;
  response.content_type = "application/http;msgtype=response";
  response.date = date;
  response.ip_address = capture.ip_address;
  response.record_id = NewWarcRecordId();
  response.truncated = capture.truncated;
  response.payload_digest = WarcSha1Digest(capture.response_body);
  response.extra_headers = capture.extra_response_headers;

  request.concurrent_to = response.record_id;
  response.concurrent_to = request.record_id;

  auto req = Build(request, std::span<const std::string_view>(&capture.request, 1), warcinfo_id);
  if (!req.ok()) return req.status();
  std::string_view pieces[2] = {capture.response_head, capture.response_body};
  auto resp = Build(response, std::span<const std::string_view>(pieces, 2), warcinfo_id);
  if (!resp.ok()) return resp.status();
  return std::make_pair(std::move(*req), std::move(*resp));
}

// ---------------------------------------------------------------------------------------

class WarcWriter::Impl {
 public:
  explicit Impl(WarcWriterOptions options)
      : opt_(std::move(options)), builder_(opt_.compression_level) {}
  ~Impl() { CloseFile(); }

  Status Init() {
    if (opt_.dir.empty()) return Status::InvalidArgument("WARC writer: no folder given");
    if (opt_.prefix.empty() || opt_.prefix.find('/') != std::string::npos)
      return Status::InvalidArgument("WARC writer: bad file prefix '" + opt_.prefix + "'");
    if (opt_.compression_level < 1 || opt_.compression_level > 9)
      return Status::InvalidArgument("WARC writer: compression_level must be 1..9");
    if (opt_.software.empty()) opt_.software = std::string("Dossier/") + DOSSIER_VERSION;
    if (opt_.hostname.empty()) opt_.hostname = HostName();
    std::error_code ec;
    std::filesystem::create_directories(opt_.dir, ec);
    if (ec) return Status::IoError("cannot create " + opt_.dir.string() + ": " + ec.message());
    for (const auto& p : ListWarcFiles(opt_.dir, opt_.prefix + "-"))
      next_serial_ = std::max(next_serial_, SerialOf(p.filename().string(), opt_.prefix) + 1);
    std::lock_guard<std::mutex> lk(id_mu_);
    next_warcinfo_id_ = NewWarcRecordId();
    return Status::Ok();
  }

  // Builds the records of `specs` (block i from pieces[i]) and appends them to one file.
  Result<std::vector<WarcWriteResult>> Write(
      std::span<const WarcRecordSpec> specs,
      std::span<const std::span<const std::string_view>> pieces) {
    std::string id = NextWarcinfoId();
    std::vector<WarcBuiltRecord> built;
    built.reserve(specs.size());
    for (size_t i = 0; i < specs.size(); ++i) {
      auto b = builder_.Build(specs[i], pieces[i], id);
      if (!b.ok()) return b.status();
      built.push_back(std::move(*b));
    }
    return AppendBuilt(built);
  }

  Result<std::vector<WarcWriteResult>> WriteCapture(const HttpCapture& capture) {
    auto built = builder_.BuildCapture(capture, NextWarcinfoId());
    if (!built.ok()) return built.status();
    WarcBuiltRecord both[2] = {std::move(built->first), std::move(built->second)};
    return AppendBuilt(both);
  }

  Result<std::vector<WarcWriteResult>> AppendBuilt(std::span<const WarcBuiltRecord> records) {
    std::vector<WarcWriteResult> results;
    if (records.empty()) return results;
    std::string id = NextWarcinfoId();
    for (const auto& r : records)
      if (!r.warcinfo_id.empty() && r.warcinfo_id != id)
        return Status::InvalidArgument("WARC record " + r.record_id + " built for warcinfo " +
                                       r.warcinfo_id + ", the file's is " + id);
    if (fd_ < 0) {
      Status s = OpenFile();
      if (!s.ok()) return s;
    }
    uint64_t at = size_;
    results.reserve(records.size());
    for (const auto& r : records) {
      results.push_back(WarcWriteResult{r.record_id, file_name_, at, r.member.size()});
      at += r.member.size();
    }
    // One system call for the records of a call (a request and its response) rather than
    // one each.
    Status s = WriteMembers(records, size_);
    if (!s.ok()) {
      // Leave no torn member behind: cut the file back to the end of the last record.
      if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0)
        s = Status::IoError(s.message() + "; and cannot cut back " + path_.string() + ": " +
                            ErrnoText());
      return s;
    }
    size_ = at;
    if (size_ >= opt_.max_bytes) {
      // What was written since the last Sync() must not be left behind unsynced.
      Status s = Sync();
      if (s.ok()) s = CloseFile();
      if (!s.ok()) return s;
    }
    return results;
  }

  std::string NextWarcinfoId() const {
    std::lock_guard<std::mutex> lk(id_mu_);
    return open_ ? warcinfo_id_ : next_warcinfo_id_;
  }

  Status Sync() {
    if (fd_ >= 0 && ::fdatasync(fd_) != 0)
      return Status::IoError("fdatasync " + path_.string() + ": " + ErrnoText());
    return Status::Ok();
  }

  Status CloseFile() {
    if (fd_ < 0) return Status::Ok();
    int rc = ::close(fd_);
    fd_ = -1;
    {
      std::lock_guard<std::mutex> lk(id_mu_);
      open_ = false;
    }
    std::filesystem::path closed = path_;
    path_.clear();
    if (rc != 0) return Status::IoError("close " + closed.string() + ": " + ErrnoText());
    return Status::Ok();
  }

  std::filesystem::path current_path() const { return path_; }

 private:
  Status OpenFile() {
    auto now = std::chrono::system_clock::now();
    for (int attempt = 0; attempt < 1000; ++attempt) {
      char serial[32];
      std::snprintf(serial, sizeof(serial), "%05lld", next_serial_++);
      std::string name = opt_.prefix + "-" + CompactUtc(now) + "-" + serial + ".warc.gz";
      std::filesystem::path path = opt_.dir / name;
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0 && errno == EEXIST) continue;
      if (fd < 0) return Status::IoError("cannot create " + path.string() + ": " + ErrnoText());
      fd_ = fd;
      path_ = path;
      file_name_ = name;
      size_ = 0;
      Status s = WriteWarcinfo(now);
      if (!s.ok()) {
        CloseFile();
        return s;
      }
      return Status::Ok();
    }
    return Status::IoError("no free WARC file name in " + opt_.dir.string());
  }

  // The file's first record, with the id NextWarcinfoId() promised for it.
  Status WriteWarcinfo(std::chrono::system_clock::time_point now) {
    std::string block;
    auto field = [&](std::string_view name, std::string_view value) {
      if (value.empty()) return;
      block.append(Clean(name));
      block.append(": ");
      block.append(Clean(value));
      block.append("\r\n");
    };
    field("software", opt_.software);
    field("format", "WARC File Format 1.1");
    field("conformsTo",
          "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/");
    field("hostname", opt_.hostname);
    field("operator", opt_.operator_name);
    field("description", opt_.description);
    for (const auto& [n, v] : opt_.extra_warcinfo_fields) field(n, v);
    WarcRecordSpec spec;
    spec.type = WarcRecordType::kWarcinfo;
    spec.content_type = "application/warc-fields";
    spec.date = now;
    spec.record_id = next_warcinfo_id_;  // only this thread changes it
    spec.extra_headers.emplace_back("WARC-Filename", file_name_);
    std::string_view piece(block);
    auto r = builder_.Build(spec, std::span<const std::string_view>(&piece, 1), "");
    if (!r.ok()) return r.status();
    Status s = WriteAll(r->member.data(), r->member.size(), 0);
    if (!s.ok()) {
      (void)::ftruncate(fd_, 0);
      return s;
    }
    size_ = r->member.size();
    std::lock_guard<std::mutex> lk(id_mu_);
    warcinfo_id_ = r->record_id;
    next_warcinfo_id_ = NewWarcRecordId();
    open_ = true;
    return Status::Ok();
  }

  // The records' members one after the other from `at`, with pwritev (a few at a time).
  Status WriteMembers(std::span<const WarcBuiltRecord> records, uint64_t at) {
    constexpr size_t kMaxIov = 16;
    while (!records.empty()) {
      iovec iov[kMaxIov];
      size_t n = std::min(records.size(), kMaxIov);
      size_t total = 0;
      for (size_t i = 0; i < n; ++i) {
        iov[i].iov_base = const_cast<char*>(records[i].member.data());
        iov[i].iov_len = records[i].member.size();
        total += records[i].member.size();
      }
      ssize_t w = ::pwritev(fd_, iov, static_cast<int>(n), static_cast<off_t>(at));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return Status::IoError("writing " + path_.string() + ": " + ErrnoText());
      if (static_cast<size_t>(w) < total) {
        // A short write: finish member by member from where it stopped.
        size_t done = static_cast<size_t>(w);
        for (size_t i = 0; i < n; ++i) {
          const std::string& m = records[i].member;
          if (done >= m.size()) {
            done -= m.size();
            at += m.size();
            continue;
          }
          Status s = WriteAll(m.data() + done, m.size() - done, at + done);
          if (!s.ok()) return s;
          at += m.size();
          done = 0;
        }
      } else {
        at += total;
      }
      records = records.subspan(n);
    }
    return Status::Ok();
  }

  Status WriteAll(const char* data, size_t n, uint64_t at) {
    while (n > 0) {
      ssize_t w = ::pwrite(fd_, data, n, static_cast<off_t>(at));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return Status::IoError("writing " + path_.string() + ": " + ErrnoText());
      data += w;
      n -= static_cast<size_t>(w);
      at += static_cast<uint64_t>(w);
    }
    return Status::Ok();
  }

  WarcWriterOptions opt_;
  WarcRecordBuilder builder_;  // warcinfo records and Write()
  int fd_ = -1;
  std::filesystem::path path_;
  std::string file_name_;
  uint64_t size_ = 0;
  long long next_serial_ = 0;
  mutable std::mutex id_mu_;       // guards the three below, for NextWarcinfoId()
  bool open_ = false;              // a file is open; its records carry warcinfo_id_
  std::string warcinfo_id_;        // the open file's warcinfo record
  std::string next_warcinfo_id_;   // the id the next file's warcinfo record will take
};

WarcWriter::WarcWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcWriter::~WarcWriter() = default;

Result<std::unique_ptr<WarcWriter>> WarcWriter::Open(WarcWriterOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  Status s = impl->Init();
  if (!s.ok()) return s;
  return std::unique_ptr<WarcWriter>(new WarcWriter(std::move(impl)));
}

Result<WarcWriteResult> WarcWriter::Write(const WarcRecordSpec& spec,
                                          std::span<const std::string_view> block_pieces) {
  auto r = impl_->Write(std::span<const WarcRecordSpec>(&spec, 1),
                        std::span<const std::span<const std::string_view>>(&block_pieces, 1));
  if (!r.ok()) return r.status();
  return std::move(r->front());
}

Result<WarcWriteResult> WarcWriter::Write(const WarcRecordSpec& spec, std::string_view block) {
  return Write(spec, std::span<const std::string_view>(&block, 1));
}

Result<std::pair<WarcWriteResult, WarcWriteResult>> WarcWriter::WriteCapture(
    const HttpCapture& capture) {
  auto r = impl_->WriteCapture(capture);
  if (!r.ok()) return r.status();
  return std::make_pair(std::move((*r)[0]), std::move((*r)[1]));
}

Result<std::vector<WarcWriteResult>> WarcWriter::AppendBuilt(
    std::span<const WarcBuiltRecord> records) {
  return impl_->AppendBuilt(records);
}

std::string WarcWriter::NextWarcinfoId() const { return impl_->NextWarcinfoId(); }

Status WarcWriter::Sync() { return impl_->Sync(); }
Status WarcWriter::Close() { return impl_->CloseFile(); }
std::filesystem::path WarcWriter::current_path() const { return impl_->current_path(); }

}  // namespace dossier
