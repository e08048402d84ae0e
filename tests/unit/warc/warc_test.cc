#include <catch2/catch.hpp>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dossier/files.h"
#include "dossier/http_message.h"
#include "dossier/warc.h"

using namespace dossier;
namespace fs = std::filesystem;

namespace {

fs::path DataDir() { return fs::path(DOSSIER_SOURCE_DIR) / "tests" / "data" / "warc"; }

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void Spit(const fs::path& p, std::string_view bytes) {
  fs::remove(p);  // a new file: rewriting a truncated one makes ext4 flush it on close
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

struct ReadAll {
  std::vector<WarcRecord> records;
  std::vector<Status> errors;
};

// Every record and every error, in order; fails the test if the reader does not end.
ReadAll ReadEverything(WarcReader& reader) {
  ReadAll out;
  for (int guard = 0; guard < 100000; ++guard) {
    WarcRecord rec;
    auto next = reader.Next(&rec);
    if (!next.ok()) {
      out.errors.push_back(next.status());
      continue;
    }
    if (!*next) return out;
    out.records.push_back(std::move(rec));
  }
  FAIL("reader did not reach the end");
  return out;
}

ReadAll ReadFileAll(const fs::path& p) {
  auto r = WarcReader::Open(p);
  REQUIRE(r.ok());
  return ReadEverything(**r);
}

std::string Inflate(std::string_view gz) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  REQUIRE(inflateInit2(&zs, 16 + 15) == Z_OK);
  std::string out;
  char buf[65536];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  int ret;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    ret = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  } while (ret == Z_OK);
  CHECK(ret == Z_STREAM_END);
  CHECK(zs.avail_in == 0);  // exactly one member
  inflateEnd(&zs);
  return out;
}

std::string Gzip(std::string_view in) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// A hand-written plain WARC record (CRLF, WARC/1.1).
std::string PlainRecord(std::string_view type, std::string_view uri, std::string_view block) {
  return "WARC/1.1\r\nWARC-Type: " + std::string(type) + "\r\nWARC-Target-URI: " +
         std::string(uri) + "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" +
         std::string(block) + "\r\n\r\n";
}

const std::regex kRecordId(
    "<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
const std::regex kWarcDate("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

WarcWriterOptions Options(const fs::path& dir) {
  WarcWriterOptions o;
  o.dir = dir;
  o.prefix = "test";
  o.operator_name = "Archive team <archive@example.org>";
  o.hostname = "crawl-1";
  return o;
}

}  // namespace

TEST_CASE("every record type round-trips through writer and reader", "[warc]") {
  TempDir tmp;
  auto w = WarcWriter::Open(Options(tmp.path()));
  REQUIRE(w.ok());
  WarcWriter& writer = **w;

  const std::string request = "GET /case/17 HTTP/1.1\r\nHost: example.org\r\n\r\n";
  const std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 26\r\n\r\n";
  const std::string body = "<html>Case 17 report</html>";
  HttpCapture cap;
  cap.target_uri = "https://example.org/case/17";
  cap.ip_address = "192.0.2.7";
  cap.request = request;
  cap.response_head = head;
  cap.response_body = body;
  cap.truncated = "length";
  cap.extra_response_headers = {{"WARC-Dossier-Fetch", "1"}};
  auto pair = writer.WriteCapture(cap);
  REQUIRE(pair.ok());
  auto [req_w, resp_w] = *pair;

  WarcRecordSpec revisit;
  revisit.type = WarcRecordType::kRevisit;
  revisit.target_uri = cap.target_uri;
  revisit.content_type = "application/http;msgtype=response";
  revisit.profile = std::string(kRevisitIdenticalPayloadDigest);
  revisit.refers_to = resp_w.record_id;
  revisit.refers_to_target_uri = cap.target_uri;
  revisit.refers_to_date = "2024-05-01T12:00:00Z";
  revisit.payload_digest = WarcSha1Digest(body);
  auto rev1 = writer.Write(revisit, head);
  REQUIRE(rev1.ok());
  revisit.profile = std::string(kRevisitServerNotModified);
  revisit.payload_digest.clear();
  auto rev2 = writer.Write(revisit, "HTTP/1.1 304 Not Modified\r\n\r\n");
  REQUIRE(rev2.ok());

  WarcRecordSpec meta;
  meta.type = WarcRecordType::kMetadata;
  meta.target_uri = cap.target_uri;
  meta.concurrent_to = resp_w.record_id;
  meta.content_type = "application/warc-fields";
  auto meta_w = writer.Write(meta, "outlink: https://example.org/a\r\n");
  REQUIRE(meta_w.ok());

  WarcRecordSpec res;
  res.type = WarcRecordType::kResource;
  res.target_uri = "file:///report.pdf";
  res.content_type = "application/pdf";
  res.date = std::chrono::sys_days{std::chrono::year{2020} / 2 / 29} + std::chrono::hours{23};
  const std::string pdf = RandomBytes(100000, 1);
  std::string_view pieces[] = {std::string_view(pdf).substr(0, 1000),
                               std::string_view(pdf).substr(1000)};
  auto res_w = writer.Write(res, std::span<const std::string_view>(pieces));
  REQUIRE(res_w.ok());
  const fs::path path = writer.current_path();
  REQUIRE(writer.Sync().ok());
  REQUIRE(writer.Close().ok());
  CHECK(writer.current_path().empty());

  auto all = ReadFileAll(path);
  CHECK(all.errors.empty());
  REQUIRE(all.records.size() == 7);
  const auto& r = all.records;

  struct Expect {
    WarcRecordType type;
    const WarcWriteResult* written;
  };
  const Expect expect[] = {{WarcRecordType::kWarcinfo, nullptr},
                           {WarcRecordType::kRequest, &req_w},
                           {WarcRecordType::kResponse, &resp_w},
                           {WarcRecordType::kRevisit, &*rev1},
                           {WarcRecordType::kRevisit, &*rev2},
                           {WarcRecordType::kMetadata, &*meta_w},
                           {WarcRecordType::kResource, &*res_w}};
  const std::string file_bytes = Slurp(path);
  for (size_t i = 0; i < 7; ++i) {
    INFO("record " << i << " " << WarcRecordTypeName(expect[i].type));
    CHECK(r[i].type == expect[i].type);
    CHECK(r[i].version == "WARC/1.1");
    CHECK(std::regex_match(std::string(r[i].record_id()), kRecordId));
    CHECK(std::regex_match(std::string(r[i].date()), kWarcDate));
    CHECK(r[i].headers.Get("Content-Length") == std::to_string(r[i].block.size()));
    CHECK(WarcBlockDigestMatches(r[i]));
    CHECK(r[i].member_offset == 0);
    if (i > 0) {
      CHECK(r[i].headers.Get("WARC-Warcinfo-ID") == r[0].record_id());
      CHECK(r[i].offset == expect[i].written->offset);
      CHECK(r[i].stored_length == expect[i].written->length);
      CHECK(r[i].record_id() == expect[i].written->record_id);
      CHECK(expect[i].written->file == path.filename().string());
    }
    // Each record is exactly one gzip member on its own.
    std::string member = Inflate(std::string_view(file_bytes).substr(r[i].offset, r[i].stored_length));
    CHECK(member.substr(0, 10) == "WARC/1.1\r\n");
    CHECK(member.substr(member.size() - 4) == "\r\n\r\n");
  }
  CHECK(r[6].offset + r[6].stored_length == file_bytes.size());

  // warcinfo
  CHECK(r[0].headers.Get("WARC-Filename") == path.filename().string());
  CHECK(r[0].content_type() == "application/warc-fields");
  CHECK_THAT(r[0].block, Catch::Contains("software: Dossier/"));
  CHECK_THAT(r[0].block, Catch::Contains("format: WARC File Format 1.1\r\n"));
  CHECK_THAT(r[0].block, Catch::Contains("hostname: crawl-1\r\n"));
  CHECK_THAT(r[0].block, Catch::Contains("operator: Archive team <archive@example.org>\r\n"));
  // request / response pair
  CHECK(r[1].block == request);
  CHECK(r[1].content_type() == "application/http;msgtype=request");
  CHECK(r[2].block == head + body);
  CHECK(r[2].content_type() == "application/http;msgtype=response");
  CHECK(r[1].headers.Get("WARC-Concurrent-To") == r[2].record_id());
  CHECK(r[2].headers.Get("WARC-Concurrent-To") == r[1].record_id());
  CHECK(r[2].target_uri() == "https://example.org/case/17");
  CHECK(r[2].headers.Get("WARC-IP-Address") == "192.0.2.7");
  CHECK(r[2].headers.Get("WARC-Truncated") == "length");
  CHECK(r[2].headers.Get("WARC-Dossier-Fetch") == "1");
  CHECK(r[2].headers.Get("WARC-Payload-Digest") == WarcSha1Digest(body));
  CHECK(r[2].headers.Get("WARC-Block-Digest") == WarcSha1Digest(head + body));
  CHECK(r[1].date() == r[2].date());
  auto http = ParseHttpResponse(r[2].block);
  REQUIRE(http.ok());
  CHECK(http->status == 200);
  // revisits
  CHECK(r[3].headers.Get("WARC-Profile") ==
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest");
  CHECK(r[3].headers.Get("WARC-Refers-To") == r[2].record_id());
  CHECK(r[3].headers.Get("WARC-Refers-To-Target-URI") == "https://example.org/case/17");
  CHECK(r[3].headers.Get("WARC-Refers-To-Date") == "2024-05-01T12:00:00Z");
  CHECK(r[3].headers.Get("WARC-Payload-Digest") == WarcSha1Digest(body));
  CHECK(r[3].block == head);
  CHECK(r[4].headers.Get("WARC-Profile") ==
        "http://netpreserve.org/warc/1.1/revisit/server-not-modified");
  CHECK_FALSE(r[4].headers.Has("WARC-Payload-Digest"));
  // metadata, resource
  CHECK(r[5].headers.Get("WARC-Concurrent-To") == r[2].record_id());
  CHECK(r[5].block == "outlink: https://example.org/a\r\n");
  CHECK(r[6].block == pdf);
  CHECK(r[6].date() == "2020-02-29T23:00:00.000000Z");
  CHECK(r[6].content_type() == "application/pdf");
  CHECK_FALSE(r[6].headers.Has("WARC-Payload-Digest"));
}

TEST_CASE("a record can be read again from its offset", "[warc]") {
  TempDir tmp;
  auto w = WarcWriter::Open(Options(tmp.path()));
  REQUIRE(w.ok());
  std::vector<WarcWriteResult> written;
  for (int i = 0; i < 10; ++i) {
    WarcRecordSpec s;
    s.target_uri = "https://example.org/" + std::to_string(i);
    auto r = (*w)->Write(s, "document " + std::to_string(i));
    REQUIRE(r.ok());
    written.push_back(*r);
  }
  const fs::path path = (*w)->current_path();
  REQUIRE((*w)->Close().ok());
  auto reader = WarcReader::Open(path);
  REQUIRE(reader.ok());
  CHECK((*reader)->gzip());
  for (int i : {7, 2, 9, 0}) {
    INFO("record " << i);
    REQUIRE((*reader)->Seek(written[i].offset).ok());
    WarcRecord rec;
    auto n = (*reader)->Next(&rec);
    REQUIRE(n.ok());
    REQUIRE(*n);
    CHECK(rec.block == "document " + std::to_string(i));
    CHECK(rec.offset == written[i].offset);
  }
  CHECK((*reader)->Seek(written[3].offset + 1).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("wget's WARC files read as Python reads them", "[warc][compat]") {
  // Offsets and URIs as listed by an independent Python parser of the same files; the
  // pages are those python3 -m http.server served to wget.
  struct Rec {
    uint64_t plain_offset;
    uint64_t gz_offset;
    WarcRecordType type;
    const char* uri;
  };
  const Rec expect[] = {
      {0, 0, WarcRecordType::kWarcinfo, ""},
      {622, 438, WarcRecordType::kRequest, "http://127.0.0.1:8765/index.html"},
      {1170, 843, WarcRecordType::kResponse, "http://127.0.0.1:8765/index.html"},
      {2077, 1446, WarcRecordType::kRequest, "http://127.0.0.1:8765/robots.txt"},
      {2625, 1850, WarcRecordType::kResponse, "http://127.0.0.1:8765/robots.txt"},
      {3685, 2504, WarcRecordType::kRequest, "http://127.0.0.1:8765/report.txt"},
      {4276, 2928, WarcRecordType::kResponse, "http://127.0.0.1:8765/report.txt"},
      {5032, 3442, WarcRecordType::kMetadata,
       "metadata://gnu.org/software/wget/warc/MANIFEST.txt"},
      {5457, 3757, WarcRecordType::kResource,
       "metadata://gnu.org/software/wget/warc/wget_arguments.txt"},
  };
  for (const char* name : {"wget-plain.warc", "wget-gz.warc.gz"}) {
    INFO("file " << name);
    const bool gz = std::string(name).ends_with(".gz");
    auto all = ReadFileAll(DataDir() / name);
    CHECK(all.errors.empty());
    REQUIRE(all.records.size() == std::size(expect));
    for (size_t i = 0; i < std::size(expect); ++i) {
      const auto& rec = all.records[i];
      INFO("record " << i);
      CHECK(rec.version == "WARC/1.0");
      CHECK(rec.type == expect[i].type);
      CHECK(rec.offset == (gz ? expect[i].gz_offset : expect[i].plain_offset));
      CHECK(rec.target_uri() == expect[i].uri);  // wget writes <...>; the brackets go
      CHECK(WarcBlockDigestMatches(rec));
    }
    auto index = ParseHttpResponse(all.records[2].block);
    REQUIRE(index.ok());
    CHECK(index->status == 200);
    CHECK(MediaType(index->headers.Get("content-type")) == "text/html");
    CHECK(index->body ==
          "<!doctype html><html><head><meta charset=\"utf-8\"><title>Case file</title></head>"
          "<body><h1>Red Notice case</h1><p>Text of the case. <a href=\"report.txt\">report</a>"
          "</p></body></html>\n");
    auto robots = ParseHttpResponse(all.records[4].block);
    REQUIRE(robots.ok());
    CHECK(robots->status == 404);
    auto report = ParseHttpResponse(all.records[6].block);
    REQUIRE(report.ok());
    CHECK(report->body == "Annual report 2023: findings.\n");
    auto req = ParseHttpRequest(all.records[5].block);
    REQUIRE(req.ok());
    CHECK(req->method == "GET");
    CHECK(req->target == "/report.txt");
    CHECK(all.records[6].headers.Get("WARC-Concurrent-To") == all.records[5].record_id());
  }
}

TEST_CASE("sloppy hand-written WARCs are read", "[warc][compat]") {
  // See tests/data/warc/make_fixtures.py for what these files hold.
  auto all = ReadFileAll(DataDir() / "sloppy.warc");
  CHECK(all.errors.empty());
  REQUIRE(all.records.size() == 3);
  const auto& r = all.records;
  CHECK(r[0].type == WarcRecordType::kWarcinfo);
  CHECK(r[0].offset == 4);  // after the stray blank lines
  CHECK(r[0].block == "software: handmade\r\n");
  CHECK(r[1].version == "WARC/1.0");
  CHECK(r[1].type == WarcRecordType::kResponse);  // from "warc-type"
  CHECK(r[1].target_uri() == "http://example.org/case/17");
  CHECK(r[1].headers.Get("x-folded") == "first second");
  CHECK(r[1].record_id() == "<urn:uuid:00000000-0000-4000-8000-000000000002>");
  auto http = ParseHttpResponse(r[1].block);
  REQUIRE(http.ok());
  CHECK(http->body == "<html><body><h1>Case 17</h1><p>Detained in 2021.</p></body></html>");
  CHECK(ContentTypeCharset(http->headers.Get("Content-Type")) == "iso-8859-1");
  CHECK(r[2].version == "WARC/1.1");
  CHECK(r[2].type == WarcRecordType::kResource);
  CHECK(r[2].block == "plain notes\n");

  auto whole = ReadFileAll(DataDir() / "whole-gzip.warc.gz");
  CHECK(whole.errors.empty());
  REQUIRE(whole.records.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    INFO("record " << i);
    CHECK(whole.records[i].block == "document " + std::to_string(i) + "\n");
    CHECK(whole.records[i].offset == 0);  // all in the one member
    if (i > 0) CHECK(whole.records[i].member_offset > whole.records[i - 1].member_offset);
  }
  // Resuming in the middle of the single stream works too.
  auto reader = WarcReader::Open(DataDir() / "whole-gzip.warc.gz");
  REQUIRE(reader.ok());
  REQUIRE((*reader)->Seek(0, whole.records[1].member_offset).ok());
  WarcRecord rec;
  REQUIRE((*reader)->Next(&rec).ok());
  CHECK(rec.block == "document 1\n");
}

TEST_CASE("damaged data yields Corruption and reading goes on", "[warc][corrupt]") {
  // A gzip file of three per-record members, and a plain file of three records.
  std::vector<std::string> members;
  std::string plain;
  for (int i = 0; i < 3; ++i) {
    std::string rec = PlainRecord("resource", "http://x/" + std::to_string(i),
                                  "body " + std::to_string(i) + " " + RandomBytes(300, i));
    members.push_back(Gzip(rec));
    plain += rec;
  }
  const std::string gz = members[0] + members[1] + members[2];
  std::string flipped = gz;
  flipped[members[0].size() + members[1].size() / 2] ^= 0x40;
  std::string big_length = plain;
  big_length.replace(big_length.find("Content-Length: ", 10), 19, "Content-Length: 999");

  struct Case {
    std::string name;
    std::string bytes;
    std::vector<int> records;  // which of the three come back
    bool want_error;
  };
  const Case cases[] = {
      {"intact gzip", gz, {0, 1, 2}, false},
      {"intact plain", plain, {0, 1, 2}, false},
      {"garbage before plain", "GET / HTTP/1.1\r\nnot a warc\r\n" + plain, {0, 1, 2}, true},
      {"garbage before gzip", "xyz" + gz, {0, 1, 2}, true},
      {"garbage between gzip members", members[0] + "JUNKJUNK" + members[1] + members[2],
       {0, 1, 2}, true},
      {"zero padding at the end", gz + std::string(100, '\0'), {0, 1, 2}, true},
      {"flipped byte in member 2", flipped, {0, 2}, true},
      {"member 2 cut short", members[0] + members[1].substr(0, 40) + members[2], {0, 2}, true},
      {"record 2 cut short (plain)",
       plain.substr(0, plain.find("WARC/1.1", 10) + 150) + plain.substr(plain.find("WARC/1.1", 10)),
       {0, 1, 2}, true},  // record 1 comes back whole from its second copy
      {"Content-Length too large (plain)", big_length, {1, 2}, true},
      {"member without a WARC record", members[0] + Gzip("hello") + members[2], {0, 2}, true},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    auto reader = WarcReader::FromString(c.bytes);
    auto all = ReadEverything(*reader);
    std::vector<int> got;
    for (const auto& rec : all.records) {
      std::string uri(rec.target_uri());
      got.push_back(uri.back() - '0');
      CHECK(rec.block.substr(0, 6) == "body " + uri.substr(uri.size() - 1));
    }
    CHECK(got == c.records);
    CHECK(all.errors.empty() == !c.want_error);
    for (const auto& e : all.errors) {
      CHECK(e.code() == Status::Code::kCorruption);
      CHECK_THAT(e.message(), Catch::Contains("offset"));
    }
  }
}

TEST_CASE("the reader ends on any bytes", "[warc][corrupt]") {
  std::string gz = Gzip(PlainRecord("resource", "http://x/", "abc"));
  std::vector<std::string> inputs = {"", "W", "WARC/", "WARC/1.1\r\n", "\x1f", "\x1f\x8b",
                                     "\x1f\x8b\x08", gz.substr(0, 12), "\r\n\r\n\r\n"};
  for (uint32_t seed = 0; seed < 200; ++seed) {
    std::string s = RandomBytes(1 + seed * 7, seed);
    if (seed % 3 == 0) s = gz + s;
    if (seed % 5 == 0) s = "WARC/1.1\r\nContent-Length: 5\r\n\r\n" + s;
    inputs.push_back(s);
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    INFO("input " << i);
    auto reader = WarcReader::FromString(inputs[i]);
    auto all = ReadEverything(*reader);
    CHECK(all.errors.size() <= inputs[i].size() + 1);
  }
}

TEST_CASE("a record over max_record_bytes is skipped with Unsupported", "[warc]") {
  std::string bytes = PlainRecord("resource", "http://x/0", std::string(5000, 'a')) +
                      PlainRecord("resource", "http://x/1", "small");
  for (bool gz : {false, true}) {
    INFO((gz ? "gzip" : "plain"));
    std::string input = bytes;
    if (gz) {
      size_t second = bytes.find("WARC/1.1", 10);
      input = Gzip(bytes.substr(0, second)) + Gzip(bytes.substr(second));
    }
    WarcReaderOptions o;
    o.max_record_bytes = 1000;
    auto reader = WarcReader::FromString(input, o);
    WarcRecord rec;
    auto first = reader->Next(&rec);
    REQUIRE_FALSE(first.ok());
    CHECK(first.status().code() == Status::Code::kUnsupported);
    auto second = reader->Next(&rec);
    REQUIRE(second.ok());
    REQUIRE(*second);
    CHECK(rec.block == "small");
  }
}

TEST_CASE("RepairWarcFile cuts a torn last record at any byte", "[warc][repair]") {
  TempDir tmp;
  auto w = WarcWriter::Open(Options(tmp.path()));
  REQUIRE(w.ok());
  std::vector<std::string> blocks;
  std::vector<WarcWriteResult> written;
  for (int i = 0; i < 5; ++i) {
    WarcRecordSpec s;
    s.target_uri = "https://example.org/" + std::to_string(i);
    // Text that compresses a little, so the last member is a few KiB.
    std::string block;
    for (int k = 0; k < 300; ++k) block += std::to_string(i * 1000 + k * 7919 % 1013) + " ";
    blocks.push_back(block);
    auto r = (*w)->Write(s, block);
    REQUIRE(r.ok());
    written.push_back(*r);
  }
  const fs::path path = (*w)->current_path();
  REQUIRE((*w)->Close().ok());
  const std::string whole = Slurp(path);
  const uint64_t last = written[4].offset;
  REQUIRE(last + written[4].length == whole.size());

  uint64_t kept = 0;
  REQUIRE(RepairWarcFile(path, &kept).ok());  // nothing to do
  CHECK(kept == whole.size());
  CHECK(Slurp(path) == whole);

  const fs::path torn = tmp.path() / "torn.warc.gz";
  for (uint64_t cut = last; cut < whole.size(); ++cut) {
    INFO("cut at " << cut << " (last record " << last << ".." << whole.size() << ")");
    Spit(torn, std::string_view(whole).substr(0, cut));
    kept = 0;
    REQUIRE(RepairWarcFile(torn, &kept).ok());
    REQUIRE(kept == last);
    REQUIRE(fs::file_size(torn) == last);
    auto all = ReadFileAll(torn);
    REQUIRE(all.errors.empty());
    REQUIRE(all.records.size() == 5);  // warcinfo + 4
    for (int i = 0; i < 4; ++i) REQUIRE(all.records[i + 1].block == blocks[i]);
  }
}

TEST_CASE("RepairWarcFile cuts a torn plain WARC and leaves damage in the middle alone",
          "[warc][repair]") {
  TempDir tmp;
  const std::string wget = Slurp(DataDir() / "wget-plain.warc");
  const uint64_t last = 5457;  // the last record, as listed by Python
  const fs::path p = tmp.path() / "w.warc";
  for (uint64_t cut : {last + 1, last + 100, static_cast<uint64_t>(wget.size() - 1),
                       static_cast<uint64_t>(wget.size() - 3)}) {
    INFO("cut at " << cut);
    Spit(p, std::string_view(wget).substr(0, cut));
    uint64_t kept = 0;
    REQUIRE(RepairWarcFile(p, &kept).ok());
    CHECK(kept == last);
    CHECK(ReadFileAll(p).records.size() == 8);
  }
  // A damaged record followed by intact ones: the file is left as it is.
  std::string damaged = wget;
  damaged.replace(1170, 8, "GARBAGE!");
  Spit(p, damaged);
  uint64_t kept = 0;
  REQUIRE(RepairWarcFile(p, &kept).ok());
  CHECK(kept == damaged.size());
  CHECK(Slurp(p) == damaged);
}

TEST_CASE("the writer rotates files by size and names them by time and serial", "[warc]") {
  TempDir tmp;
  WarcWriterOptions o = Options(tmp.path());
  o.max_bytes = 10000;
  std::vector<WarcWriteResult> written;
  {
    auto w = WarcWriter::Open(o);
    REQUIRE(w.ok());
    for (int i = 0; i < 30; ++i) {
      WarcRecordSpec s;
      s.target_uri = "https://example.org/" + std::to_string(i);
      auto r = (*w)->Write(s, RandomBytes(2000, 100 + i));  // incompressible
      REQUIRE(r.ok());
      written.push_back(*r);
    }
  }
  auto files = ListWarcFiles(tmp.path(), "test");
  REQUIRE(files.size() >= 5);
  const std::regex name("test-(\\d{14})-(\\d{5})\\.warc\\.gz");
  int next = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    INFO("file " << files[f].filename());
    std::smatch m;
    std::string fname = files[f].filename().string();
    REQUIRE(std::regex_match(fname, m, name));
    CHECK(std::stoi(m[2].str()) == static_cast<int>(f));
    auto all = ReadFileAll(files[f]);
    CHECK(all.errors.empty());
    REQUIRE(all.records.size() >= 2);
    CHECK(all.records[0].type == WarcRecordType::kWarcinfo);
    CHECK(all.records[0].headers.Get("WARC-Filename") == fname);
    uint64_t size = fs::file_size(files[f]);
    const auto& last = all.records.back();
    if (f + 1 < files.size()) {
      CHECK(size >= o.max_bytes);            // closed only once past the limit
      CHECK(last.offset < o.max_bytes);      // and not a record later
    }
    for (size_t k = 1; k < all.records.size(); ++k, ++next) {
      CHECK(all.records[k].target_uri() == "https://example.org/" + std::to_string(next));
      CHECK(written[next].file == fname);
      CHECK(written[next].offset == all.records[k].offset);
    }
  }
  CHECK(next == 30);

  // A new writer in the same folder goes on with the next serial, overwriting nothing.
  auto w2 = WarcWriter::Open(o);
  REQUIRE(w2.ok());
  auto r = (*w2)->Write(WarcRecordSpec{}, "x");
  REQUIRE(r.ok());
  std::smatch m;
  REQUIRE(std::regex_match(r->file, m, name));
  CHECK(std::stoi(m[2].str()) == static_cast<int>(files.size()));
  CHECK(ListWarcFiles(tmp.path(), "test").size() == files.size() + 1);
}

TEST_CASE("a request and its response stay in one file across rotation", "[warc]") {
  TempDir tmp;
  WarcWriterOptions o = Options(tmp.path());
  o.max_bytes = 1;  // every record would close the file
  auto w = WarcWriter::Open(o);
  REQUIRE(w.ok());
  HttpCapture c;
  c.target_uri = "https://example.org/";
  c.request = "GET / HTTP/1.1\r\n\r\n";
  c.response_head = "HTTP/1.1 200 OK\r\n\r\n";
  c.response_body = "hi";
  auto p = (*w)->WriteCapture(c);
  REQUIRE(p.ok());
  CHECK(p->first.file == p->second.file);
  auto p2 = (*w)->WriteCapture(c);
  REQUIRE(p2.ok());
  CHECK(p2->first.file != p->first.file);
}

// Records built on other threads and appended by one writer, as the crawler does.
TEST_CASE("records built on several threads and appended in order read back", "[warc][built]") {
  TempDir tmp;
  auto w = WarcWriter::Open(Options(tmp.path()));
  REQUIRE(w.ok());
  WarcWriter& writer = **w;
  const std::string warcinfo_id = writer.NextWarcinfoId();
  REQUIRE(std::regex_match(warcinfo_id, kRecordId));

  constexpr int kCaptures = 40;
  std::vector<std::string> bodies(kCaptures);
  for (int i = 0; i < kCaptures; ++i)
    bodies[i] = "<html>page " + std::to_string(i) + " " + std::string(500 * i, 'a' + i % 26) + "</html>";
  // Odd captures on one thread, even ones on another, each with its own builder.
  std::vector<std::pair<WarcBuiltRecord, WarcBuiltRecord>> built(kCaptures);
  auto build = [&](int parity) {
    WarcRecordBuilder builder(6);
    for (int i = parity; i < kCaptures; i += 2) {
      HttpCapture c;
      c.target_uri = "https://example.org/" + std::to_string(i);
      const std::string request = "GET /" + std::to_string(i) + " HTTP/1.1\r\n\r\n";  // c.request views it
      c.request = request;
      c.response_head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
      c.response_body = bodies[i];
      auto b = builder.BuildCapture(c, warcinfo_id);
      REQUIRE(b.ok());
      built[i] = std::move(*b);
    }
  };
  std::thread t0(build, 0), t1(build, 1);
  t0.join();
  t1.join();

  std::vector<WarcWriteResult> where;
  for (const auto& [req, resp] : built) {
    WarcBuiltRecord both[2] = {req, resp};
    auto r = writer.AppendBuilt(both);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 2);
    CHECK((*r)[0].record_id == req.record_id);
    CHECK((*r)[0].offset + (*r)[0].length == (*r)[1].offset);
    CHECK((*r)[1].length == resp.member.size());
    where.insert(where.end(), r->begin(), r->end());
  }
  // A record written the ordinary way after them lands right after the last.
  auto plain = writer.Write(WarcRecordSpec{}, "after");
  REQUIRE(plain.ok());
  CHECK(plain->offset == where.back().offset + where.back().length);
  const fs::path path = writer.current_path();
  REQUIRE(writer.Close().ok());

  auto all = ReadFileAll(path);
  CHECK(all.errors.empty());
  REQUIRE(all.records.size() == 1 + 2 * kCaptures + 1);
  CHECK(all.records[0].type == WarcRecordType::kWarcinfo);
  CHECK(all.records[0].record_id() == warcinfo_id);
  for (int i = 0; i < kCaptures; ++i) {
    INFO("capture " << i);
    const WarcRecord& req = all.records[1 + 2 * i];
    const WarcRecord& resp = all.records[2 + 2 * i];
    CHECK(req.type == WarcRecordType::kRequest);
    CHECK(resp.type == WarcRecordType::kResponse);
    CHECK(resp.target_uri() == "https://example.org/" + std::to_string(i));
    CHECK(resp.block == "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + bodies[i]);
    CHECK(resp.headers.Get("WARC-Payload-Digest") == WarcSha1Digest(bodies[i]));
    CHECK(resp.headers.Get("WARC-Concurrent-To") == req.record_id());
    CHECK(resp.headers.Get("WARC-Warcinfo-ID") == warcinfo_id);
    CHECK(WarcBlockDigestMatches(req));
    CHECK(WarcBlockDigestMatches(resp));
    // Each record is its own member, where AppendBuilt said.
    CHECK(req.offset == where[2 * i].offset);
    CHECK(resp.offset == where[2 * i + 1].offset);
    CHECK(resp.stored_length == where[2 * i + 1].length);
    CHECK(where[2 * i + 1].file == path.filename().string());
  }
  CHECK(all.records.back().block == "after");
  CHECK(all.records.back().headers.Get("WARC-Warcinfo-ID") == warcinfo_id);

  // And a member can be read again from its offset.
  auto reader = WarcReader::Open(path);
  REQUIRE(reader.ok());
  REQUIRE((*reader)->Seek(where[31].offset).ok());
  WarcRecord rec;
  auto n = (*reader)->Next(&rec);
  REQUIRE(n.ok());
  REQUIRE(*n);
  CHECK(rec.target_uri() == "https://example.org/15");
  CHECK(rec.type == WarcRecordType::kResponse);
}

TEST_CASE("a built record is the record Write writes", "[warc][built]") {
  WarcRecordSpec spec;
  spec.type = WarcRecordType::kResponse;
  spec.target_uri = "https://example.org/x";
  spec.content_type = "application/http;msgtype=response";
  spec.date = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  spec.record_id = "<urn:uuid:00000000-0000-4000-8000-000000000001>";
  spec.http_payload = true;
  const std::string block = "HTTP/1.1 200 OK\r\n\r\nbody bytes";
  for (int level : {1, 6, 9}) {
    INFO("level " << level);
    TempDir tmp;
    WarcWriterOptions o = Options(tmp.path());
    o.compression_level = level;
    auto w = WarcWriter::Open(o);
    REQUIRE(w.ok());
    const std::string id = (*w)->NextWarcinfoId();
    auto written = (*w)->Write(spec, block);
    REQUIRE(written.ok());
    WarcRecordBuilder builder(level);
    std::string_view piece(block);
    auto built = builder.Build(spec, std::span<const std::string_view>(&piece, 1), id);
    REQUIRE(built.ok());
    const std::string file = Slurp((*w)->current_path());
    CHECK(file.substr(written->offset) == built->member);  // the same bytes
    CHECK(Inflate(built->member).find("WARC-Payload-Digest: " + WarcSha1Digest("body bytes")) !=
          std::string::npos);
  }
}

TEST_CASE("every built record is one standard gzip member, whatever its size and level",
          "[warc][built]") {
  // Records up to 16 MiB go through libdeflate in one call, larger ones through zlib in
  // pieces: both must give one gzip member that an independent inflater (zlib) reads to
  // exactly the record, and that WarcReader reads back with its digests intact.
  std::string text;
  while (text.size() < (1u << 20)) text += "<p>Case file " + std::to_string(text.size()) + " of the archive</p>\n";
  struct Case {
    const char* name;
    std::string body;
    int level;
  };
  const Case cases[] = {
      {"empty body", "", 4},
      {"small page, level 1", text.substr(0, 9000), 1},
      {"small page, level 4", text.substr(0, 9000), 4},
      {"small page, level 9", text.substr(0, 9000), 9},
      {"level 0 clamps to 1", text.substr(0, 500), 0},
      {"level 12 clamps to 9", text.substr(0, 500), 12},
      {"incompressible 300 KB", RandomBytes(300000, 7), 4},
      {"1 MB of text", text, 6},
      {"17 MiB: the streaming path", RandomBytes(1u << 20, 8) + std::string(16u << 20, 'a'), 1},
  };
  TempDir tmp;
  std::string file;
  std::vector<std::string> members;
  WarcRecordBuilder builder(4);  // reused across cases, as a build thread does
  for (const auto& c : cases) {
    INFO(c.name);
    WarcRecordBuilder leveled(c.level);
    WarcRecordBuilder& b = c.level == 4 ? builder : leveled;
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
    HttpCapture capture;
    capture.target_uri = std::string("https://example.org/") + c.name;
    capture.request = "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n";
    capture.response_head = head;
    capture.response_body = c.body;
    auto built = b.BuildCapture(capture, "");
    REQUIRE(built.ok());
    for (const auto* r : {&built->first, &built->second}) {
      const std::string& m = r->member;
      REQUIRE(m.size() > 18);
      CHECK(static_cast<uint8_t>(m[0]) == 0x1f);  // gzip magic, deflate
      CHECK(static_cast<uint8_t>(m[1]) == 0x8b);
      CHECK(m[2] == 8);
      std::string record = Inflate(m);  // checks: exactly one member, nothing after it
      CHECK(record.substr(0, 10) == "WARC/1.1\r\n");
      CHECK(record.substr(record.size() - 4) == "\r\n\r\n");
      members.push_back(m);
      file += m;
    }
    CHECK(Inflate(built->second.member).find(head + c.body + "\r\n\r\n") != std::string::npos);
    // Compressed where it can be: a level was applied, not stored blocks only.
    if (c.body.size() > 1000 && !std::string_view(c.name).starts_with("incompressible"))
      CHECK(built->second.member.size() < c.body.size() * 9 / 10);
  }
  Spit(tmp.path() / "all.warc.gz", file);
  auto all = ReadFileAll(tmp.path() / "all.warc.gz");
  CHECK(all.errors.empty());
  REQUIRE(all.records.size() == 2 * std::size(cases));
  uint64_t at = 0;
  for (size_t i = 0; i < all.records.size(); ++i) {
    const auto& rec = all.records[i];
    INFO(cases[i / 2].name << (i % 2 ? " response" : " request"));
    CHECK(rec.offset == at);
    CHECK(rec.member_offset == 0);
    CHECK(rec.stored_length == members[i].size());
    CHECK(WarcBlockDigestMatches(rec));
    if (i % 2 == 1) {
      auto http = ParseHttpResponse(rec.block);
      REQUIRE(http.ok());
      CHECK(http->body == cases[i / 2].body);
      CHECK(rec.headers.Get("WARC-Payload-Digest") == WarcSha1Digest(cases[i / 2].body));
    }
    at += members[i].size();
  }
}

TEST_CASE("AppendBuilt rotates files and refuses records built for another file",
          "[warc][built]") {
  TempDir tmp;
  WarcWriterOptions o = Options(tmp.path());
  o.max_bytes = 10000;
  auto w = WarcWriter::Open(o);
  REQUIRE(w.ok());
  WarcWriter& writer = **w;
  WarcRecordBuilder builder(6);
  auto build = [&](int i, const std::string& id) {
    WarcRecordSpec s;
    s.target_uri = "https://example.org/" + std::to_string(i);
    std::string block = RandomBytes(3000, 500 + i);  // incompressible
    std::string_view piece(block);
    auto b = builder.Build(s, std::span<const std::string_view>(&piece, 1), id);
    REQUIRE(b.ok());
    return std::move(*b);
  };

  std::vector<WarcWriteResult> written;
  int refused = 0;
  // Build ahead as the crawler's pool does: three records in flight at once.
  std::deque<std::pair<int, WarcBuiltRecord>> ahead;
  int next = 0;
  while (written.size() < 20) {
    while (ahead.size() < 3) ahead.emplace_back(next, build(next, writer.NextWarcinfoId())), ++next;
    auto [i, rec] = std::move(ahead.front());
    ahead.pop_front();
    std::string before = writer.current_path().string();
    auto r = writer.AppendBuilt(std::span<const WarcBuiltRecord>(&rec, 1));
    if (!r.ok()) {
      // Built before the rotation that followed: refused, nothing written; build again.
      CHECK(r.status().code() == Status::Code::kInvalidArgument);
      CHECK(writer.current_path().string() == before);
      ++refused;
      rec = build(i, writer.NextWarcinfoId());
      r = writer.AppendBuilt(std::span<const WarcBuiltRecord>(&rec, 1));
    }
    REQUIRE(r.ok());
    CHECK((*r)[0].record_id == rec.record_id);
    CHECK((*r)[0].length == rec.member.size());
    CHECK(rec.warcinfo_id != "");
    written.push_back((*r)[0]);
  }
  CHECK(refused > 0);
  REQUIRE(writer.Close().ok());

  auto files = ListWarcFiles(tmp.path(), "test");
  REQUIRE(files.size() >= 5);
  size_t k = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    INFO("file " << files[f].filename());
    auto all = ReadFileAll(files[f]);
    CHECK(all.errors.empty());
    REQUIRE(all.records.size() >= 2);
    CHECK(all.records[0].type == WarcRecordType::kWarcinfo);
    std::string info_id(all.records[0].record_id());
    if (f + 1 < files.size()) CHECK(fs::file_size(files[f]) >= o.max_bytes);
    for (size_t j = 1; j < all.records.size(); ++j, ++k) {
      REQUIRE(k < written.size());
      CHECK(all.records[j].target_uri() == "https://example.org/" + std::to_string(k));
      CHECK(all.records[j].headers.Get("WARC-Warcinfo-ID") == info_id);
      CHECK(all.records[j].offset == written[k].offset);
      CHECK(all.records[j].stored_length == written[k].length);
      CHECK(written[k].file == files[f].filename().string());
      CHECK(WarcBlockDigestMatches(all.records[j]));
    }
  }
  CHECK(k == written.size());
}

TEST_CASE("FormatWarcDate writes UTC with microseconds", "[warc]") {
  using namespace std::chrono;
  struct Case {
    system_clock::time_point t;
    const char* text;
  };
  const Case cases[] = {
      {system_clock::time_point{}, "1970-01-01T00:00:00.000000Z"},
      {sys_days{year{2024} / 5 / 1} + hours{12} + microseconds{123456},
       "2024-05-01T12:00:00.123456Z"},
      {sys_days{year{1999} / 12 / 31} + hours{23} + minutes{59} + seconds{59},
       "1999-12-31T23:59:59.000000Z"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(FormatWarcDate(c.t) == c.text);
  }
}

TEST_CASE("record ids are distinct v4 UUIDs", "[warc]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewWarcRecordId();
    INFO(id);
    CHECK(std::regex_match(id, kRecordId));
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("WarcRecordType names round-trip", "[warc]") {
  for (auto t : {WarcRecordType::kWarcinfo, WarcRecordType::kResponse, WarcRecordType::kResource,
                 WarcRecordType::kRequest, WarcRecordType::kMetadata, WarcRecordType::kRevisit,
                 WarcRecordType::kConversion, WarcRecordType::kContinuation}) {
    INFO(WarcRecordTypeName(t));
    CHECK(ParseWarcRecordType(WarcRecordTypeName(t)) == t);
  }
  CHECK(ParseWarcRecordType("Response") == WarcRecordType::kResponse);
  CHECK(ParseWarcRecordType("bogus") == WarcRecordType::kUnknown);
}
