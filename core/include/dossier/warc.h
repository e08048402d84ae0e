// WARC 1.1 (ISO 28500:2017) files: a writer of `.warc.gz` files (one gzip member per
// record, rotated by size, with a warcinfo record at the head of each file), a streaming
// reader of .warc.gz / .warc files from any tool, repair of a torn last record, and the
// SHA-1 + base32 digests WARC uses.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dossier/http_message.h"
#include "dossier/status.h"

namespace dossier {

// ---------------------------------------------------------------------------------------
// Digests

// SHA-1 (FIPS 180-4), incremental. Thread-safety: a value; one owner.
class Sha1 {
 public:
  Sha1();
  void Update(std::string_view bytes);
  // The 20-byte digest. The object must not be updated afterwards.
  std::array<uint8_t, 20> Finish();

 private:
  void Blocks(const uint8_t* p, size_t n);  // n 64-byte blocks
  uint32_t h_[5];
  uint8_t buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

// RFC 4648 base32 (upper case, '=' padded).
std::string Base32Encode(std::string_view bytes);
// "sha1:" + base32 of SHA-1(bytes): the form of WARC-Block-Digest / WARC-Payload-Digest.
std::string WarcSha1Digest(std::string_view bytes);

// ---------------------------------------------------------------------------------------
// Records

enum class WarcRecordType {
  kWarcinfo,
  kResponse,
  kResource,
  kRequest,
  kMetadata,
  kRevisit,
  kConversion,
  kContinuation,
  kUnknown,  // missing or unrecognised WARC-Type
};
// "response", ...; "unknown" for kUnknown.
std::string_view WarcRecordTypeName(WarcRecordType type);
// Case-insensitive; kUnknown for anything else.
WarcRecordType ParseWarcRecordType(std::string_view name);

// The WARC-Profile URIs of the two revisit profiles.
inline constexpr std::string_view kRevisitIdenticalPayloadDigest =
    "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";
inline constexpr std::string_view kRevisitServerNotModified =
    "http://netpreserve.org/warc/1.1/revisit/server-not-modified";

// One record as read from a file.
struct WarcRecord {
  // Where the record starts: for a gzip file the offset of the gzip member holding its
  // first byte, plus `member_offset` uncompressed bytes into that member (0 when each
  // record is its own member, as it should be); for an uncompressed file the byte offset
  // and member_offset 0. Seek(offset, member_offset) comes back here.
  uint64_t offset = 0;
  uint64_t member_offset = 0;
  // gzip: bytes from `offset` to the end of the gzip member the record ends (for a record
  // in its own member, the member's compressed size), or 0 when more records follow in the
  // same member. Plain: bytes from `offset` through the blank lines after the block.
  uint64_t stored_length = 0;
  std::string version;  // "WARC/1.1", "WARC/1.0"
  WarcRecordType type = WarcRecordType::kUnknown;
  HeaderList headers;
  std::string block;  // exactly Content-Length bytes

  std::string_view record_id() const { return headers.Get("WARC-Record-ID"); }
  // WARC-Target-URI without the <...> that WARC/1.0 writers (wget) put around it.
  std::string_view target_uri() const {
    std::string_view v = headers.Get("WARC-Target-URI");
    if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
    return v;
  }
  std::string_view date() const { return headers.Get("WARC-Date"); }
  std::string_view content_type() const { return headers.Get("Content-Type"); }
};

// True when the record has no WARC-Block-Digest, or one in "sha1:" base32 (or hex) form
// that matches its block. Digests of other algorithms are not checked (true).
bool WarcBlockDigestMatches(const WarcRecord& record);

// ---------------------------------------------------------------------------------------
// Reading

struct WarcReaderOptions {
  // A record whose Content-Length is larger is skipped (Next returns Unsupported) rather
  // than read into memory. Default 1 GiB.
  uint64_t max_record_bytes = 1ull << 30;
};

// Reads records one at a time from a .warc.gz (one gzip member per record, or one gzip
// stream for the whole file) or an uncompressed .warc; the kind is detected from the
// content, not the name. Holds at most one record plus fixed-size buffers in memory.
// Damaged data yields a Corruption status naming the offset, and the next call skips to
// the next gzip member or "WARC/" line; every call makes progress, so a loop over Next()
// always ends.
// Thread-safety: not thread-safe; one owner. Owns its file descriptor.
class WarcReader {
 public:
  // NotFound / IoError when the file cannot be opened.
  static Result<std::unique_ptr<WarcReader>> Open(const std::filesystem::path& path,
                                                  WarcReaderOptions options = {});
  // Reads from bytes in memory (tests, fuzzing).
  static std::unique_ptr<WarcReader> FromString(std::string bytes,
                                                WarcReaderOptions options = {});
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // Reads the next record into *record (its buffers are reused). Returns true for a
  // record, false at the end of the file. Errors: Corruption (message names the offset,
  // see corrupt_offset()) for damaged data, Unsupported for a record over
  // max_record_bytes; call Next() again to go on after it. IoError when the disk fails.
  Result<bool> Next(WarcRecord* record);

  // Positions the reader at a record's (offset, member_offset) as reported in WarcRecord.
  // InvalidArgument when the offset is past the end or not the start of a gzip member.
  Status Seek(uint64_t offset, uint64_t member_offset = 0);

  bool gzip() const;
  // The offset of the damage behind the last Corruption returned by Next().
  uint64_t corrupt_offset() const;

  class Impl;

 private:
  explicit WarcReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Truncates `path` to the end of its last complete record when the tail after it is torn
// (a gzip member cut short, or a record shorter than its Content-Length), as a crash while
// writing leaves it. Damage followed by complete records is left alone (readers skip it).
// *kept_bytes (optional) receives the file's size afterwards. IoError when the file cannot
// be read or truncated.
Status RepairWarcFile(const std::filesystem::path& path, uint64_t* kept_bytes);

// ---------------------------------------------------------------------------------------
// Writing

struct WarcWriterOptions {
  std::filesystem::path dir;        // folder of the files; created when missing. Required.
  std::string prefix = "dossier";   // files are <prefix>-YYYYMMDDhhmmss-<serial>.warc.gz
  // A file is closed once it has grown past this; the next record opens a new one.
  // Default 1 GiB.
  uint64_t max_bytes = 1ull << 30;
  // gzip level, 1 (fastest) to 9 (smallest), as for gzip(1); given to libdeflate, whose
  // levels 1-9 are zlib's counterparts (zlib for a record over 16 MiB). Default 6.
  int compression_level = 6;
  // Fields of each file's warcinfo record. hostname defaults to this machine's name.
  std::string software;  // default "Dossier/<version>"
  std::string hostname;
  std::string operator_name;  // "operator"; omitted when empty
  std::string description;    // "description"; omitted when empty
  std::vector<std::pair<std::string, std::string>> extra_warcinfo_fields;
};

// What the caller says about a record; the writer adds WARC-Record-ID, WARC-Date (when
// `date` is unset), Content-Length, WARC-Block-Digest and WARC-Warcinfo-ID.
struct WarcRecordSpec {
  WarcRecordType type = WarcRecordType::kResource;
  std::string target_uri;    // WARC-Target-URI; omitted when empty
  std::string content_type;  // Content-Type of the block; omitted when empty
  // WARC-Date; the default (epoch) means now.
  std::chrono::system_clock::time_point date{};
  std::string ip_address;    // WARC-IP-Address; omitted when empty
  std::string concurrent_to;  // WARC-Concurrent-To: a record id "<urn:uuid:...>"
  std::string refers_to;      // WARC-Refers-To (revisit)
  std::string refers_to_target_uri;  // WARC-Refers-To-Target-URI (revisit)
  std::string refers_to_date;        // WARC-Refers-To-Date, as written in the original
  std::string profile;               // WARC-Profile (revisit): kRevisit...
  std::string truncated;             // WARC-Truncated ("length", "time", ...)
  // For an application/http block: compute WARC-Payload-Digest over the bytes after the
  // HTTP head (the entity as transferred). Ignored when payload_digest is set.
  bool http_payload = false;
  // Written as WARC-Payload-Digest as is (a revisit repeats the original's).
  std::string payload_digest;
  std::string record_id;  // "<urn:uuid:...>"; empty means a new random v4 UUID
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

// Where a record went, for the caller to store.
struct WarcWriteResult {
  std::string record_id;  // "<urn:uuid:...>"
  std::string file;       // file name inside the writer's folder
  uint64_t offset = 0;    // of the record's gzip member
  uint64_t length = 0;    // compressed bytes of the member
};

// A fetch to record as a request record and a response record pointing at each other.
struct HttpCapture {
  std::string target_uri;
  std::string ip_address;  // omitted when empty
  std::chrono::system_clock::time_point date{};  // default: now
  std::string_view request;        // request head (and body) as sent
  std::string_view response_head;  // status line, headers, blank line
  std::string_view response_body;  // the payload as received
  std::string truncated;           // WARC-Truncated of the response, or empty
  std::vector<std::pair<std::string, std::string>> extra_response_headers;
};

// A record compressed and digested but in no file yet: one complete gzip member, as
// WarcRecordBuilder makes it and WarcWriter::AppendBuilt appends it.
struct WarcBuiltRecord {
  std::string record_id;    // "<urn:uuid:...>"
  std::string warcinfo_id;  // the WARC-Warcinfo-ID it carries; empty for none
  std::string member;       // the gzip member, WARC head + block + "\r\n\r\n"
};

// Builds records — WARC head, SHA-1 digests, gzip member — without touching a file, so
// the costly part of writing can run on several threads while one WarcWriter appends the
// results in order. The bytes are those WarcWriter::Write would have written.
// Records are compressed whole with libdeflate; one over 16 MiB streams through zlib instead.
// Thread-safety: not thread-safe; one per thread. Owns a libdeflate compressor (and a zlib
// stream once a large record came), kept from record to record.
class WarcRecordBuilder {
 public:
  // gzip level, 1 (fastest) to 9 (smallest) as WarcWriterOptions::compression_level;
  // clamped into that range.
  explicit WarcRecordBuilder(int compression_level = 6);
  ~WarcRecordBuilder();
  WarcRecordBuilder(const WarcRecordBuilder&) = delete;
  WarcRecordBuilder& operator=(const WarcRecordBuilder&) = delete;

  // One record whose block is the concatenation of `block_pieces`, carrying
  // WARC-Warcinfo-ID `warcinfo_id` (none when empty or for a warcinfo record): pass
  // WarcWriter::NextWarcinfoId(). Internal when the compressor fails.
  Result<WarcBuiltRecord> Build(const WarcRecordSpec& spec,
                                std::span<const std::string_view> block_pieces,
                                std::string_view warcinfo_id);
  // The request and response records of WarcWriter::WriteCapture. {request, response}.
  Result<std::pair<WarcBuiltRecord, WarcBuiltRecord>> BuildCapture(const HttpCapture& capture,
                                                                   std::string_view warcinfo_id);

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Writes WARC/1.1 records, each as its own gzip member, into rotating files. Each
// write() reaches the kernel before the call returns; Sync() makes it durable. A file
// closed by rotation is fdatasynced first.
// Thread-safety: not thread-safe; one owner (the crawler's WARC writer loop). Owns the
// open file.
class WarcWriter {
 public:
  // InvalidArgument for bad options; IoError when the folder cannot be created.
  static Result<std::unique_ptr<WarcWriter>> Open(WarcWriterOptions options);
  ~WarcWriter();  // closes the file (without fsync: call Sync() first for durability)
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Writes one record whose block is the concatenation of `block_pieces` (so a head and a
  // body need not be joined). IoError when the disk fails; the file is then cut back to
  // the end of the previous record.
  Result<WarcWriteResult> Write(const WarcRecordSpec& spec,
                                std::span<const std::string_view> block_pieces);
  Result<WarcWriteResult> Write(const WarcRecordSpec& spec, std::string_view block);

  // A request record then a response record (application/http), linked by
  // WARC-Concurrent-To, the response with its payload digest. Returns {request, response}.
  Result<std::pair<WarcWriteResult, WarcWriteResult>> WriteCapture(const HttpCapture& capture);

  // Appends records made by a WarcRecordBuilder, in order and all in one file (rotation
  // comes after the last, so a request and its response stay together), and returns
  // where each landed. InvalidArgument, writing nothing, when a record's warcinfo_id is
  // neither empty nor NextWarcinfoId() (a rotation came between building and appending:
  // build it again). IoError when the disk fails; the file is then cut back to where the
  // first of them would have started.
  Result<std::vector<WarcWriteResult>> AppendBuilt(std::span<const WarcBuiltRecord> records);

  // The WARC-Warcinfo-ID the next record appended will carry: the current file's, or,
  // when no file is open (none yet, or the last was closed), that of the file the next
  // record opens. Thread-safe (may be called while the owner writes); the answer can be
  // stale by the time a record built with it is appended, which AppendBuilt reports.
  std::string NextWarcinfoId() const;

  // fdatasync of the current file.
  Status Sync();
  // Closes the current file; the next record opens a new one.
  Status Close();

  // The current file's path, or empty before the first record / after Close().
  std::filesystem::path current_path() const;

 private:
  class Impl;
  explicit WarcWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The WARC files (*.warc, *.warc.gz) directly in `dir` whose name starts with `prefix`
// (any when empty), sorted by name — for the writer's names, oldest first.
std::vector<std::filesystem::path> ListWarcFiles(const std::filesystem::path& dir,
                                                 std::string_view prefix = "");

// "2024-05-01T12:00:00.123456Z" (UTC, microseconds).
std::string FormatWarcDate(std::chrono::system_clock::time_point t);
// A new "<urn:uuid:...>" (random, version 4). Thread-safe (one generator per thread).
std::string NewWarcRecordId();

}  // namespace dossier
