// The crawler's WARC queue: records compressed on a pool, appended by one thread, must come
// out in the order they were handed over, each naming the warcinfo of the file it landed
// in, also when rotations come while records are being built.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <thread>
#include <chrono>

#include "dossier/files.h"
#include "dossier/warc.h"
#include "warc_queue.h"

using namespace dossier;
namespace fs = std::filesystem;

TEST_CASE("the WARC queue writes in order across rotations", "[warc_queue]") {
  TempDir tmp;
  constexpr int kPages = 300;
  for (int threads : {1, 2, 3}) {
    INFO("build threads " << threads);
    fs::path dir = tmp.path() / std::to_string(threads);
    WarcWriterOptions o;
    o.dir = dir;
    o.max_bytes = 20000;  // a rotation every few records, while others are being built
    auto w = WarcWriter::Open(o);
    REQUIRE(w.ok());
    {
      WarcQueue q(std::move(*w), 6, threads, /*max_pending_bytes=*/64 << 10);
      std::mt19937 rng(threads);
      for (int i = 0; i < kPages; ++i) {
        std::string body(1000 + rng() % 4000, '\0');
        for (char& ch : body) ch = static_cast<char>('a' + rng() % 26);
        if (i % 10 == 7) {
          WarcRecordSpec spec;
          spec.type = WarcRecordType::kRevisit;
          spec.target_uri = "https://example.org/" + std::to_string(i);
          REQUIRE(q.AddRecord(std::move(spec), "HTTP/1.1 304 Not Modified\r\n\r\n").ok());
        } else {
          OwnedCapture c;
          c.target_uri = "https://example.org/" + std::to_string(i);
          c.request = "GET / HTTP/1.1\r\n\r\n";
          c.response_head = "HTTP/1.1 200 OK\r\n\r\n";
          c.response_body = body;
          REQUIRE(q.AddCapture(std::move(c)).ok());
        }
        if (i % 50 == 49) REQUIRE(q.Sync().ok());
      }
      REQUIRE(q.Sync().ok());
    }
    auto files = ListWarcFiles(dir);
    CHECK(files.size() > 20);
    int next = 0;
    for (const auto& f : files) {
      INFO(f.filename());
      auto r = WarcReader::Open(f);
      REQUIRE(r.ok());
      WarcRecord rec;
      std::string info_id;
      while (true) {
        auto n = (*r)->Next(&rec);
        REQUIRE(n.ok());
        if (!*n) break;
        CHECK(WarcBlockDigestMatches(rec));
        if (rec.type == WarcRecordType::kWarcinfo) {
          CHECK(info_id.empty());
          info_id = std::string(rec.record_id());
          continue;
        }
        CHECK(rec.headers.Get("WARC-Warcinfo-ID") == info_id);
        if (rec.type == WarcRecordType::kRequest) continue;  // its response follows
        CHECK(rec.target_uri() == "https://example.org/" + std::to_string(next));
        CHECK(rec.type == (next % 10 == 7 ? WarcRecordType::kRevisit : WarcRecordType::kResponse));
        ++next;
      }
    }
    CHECK(next == kPages);
  }
}

TEST_CASE("a sync asked for without waiting covers what was queued before it, not after", "[warc_queue]") {
  TempDir tmp;
  WarcWriterOptions o;
  o.dir = tmp.path() / "w";
  auto w = WarcWriter::Open(o);
  REQUIRE(w.ok());
  auto count_responses = [&] {
    int n = 0;
    for (const auto& f : ListWarcFiles(o.dir)) {
      auto r = WarcReader::Open(f);
      REQUIRE(r.ok());
      WarcRecord rec;
      while (true) {
        auto more = (*r)->Next(&rec);
        if (!more.ok() || !*more) break;  // a record being appended right now ends the count
        n += rec.type == WarcRecordType::kResponse;
      }
    }
    return n;
  };
  WarcQueue q(std::move(*w), 6, 2);
  auto add = [&](int i) {
    OwnedCapture c;
    c.target_uri = "https://example.org/" + std::to_string(i);
    c.request = "GET / HTTP/1.1\r\n\r\n";
    c.response_head = "HTTP/1.1 200 OK\r\n\r\n";
    c.response_body = std::string(20000, static_cast<char>('a' + i % 26));
    REQUIRE(q.AddCapture(std::move(c)).ok());
  };
  for (int i = 0; i < 40; ++i) add(i);
  uint64_t first = q.RequestSync();
  for (int i = 40; i < 60; ++i) add(i);  // the producer goes on meanwhile
  uint64_t second = q.RequestSync();
  CHECK(second > first);
  Status st;
  for (int spins = 0; !q.Synced(first, &st) && spins < 10000; ++spins) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(q.Synced(first, &st));
  CHECK(st.ok());
  CHECK(count_responses() >= 40);
  REQUIRE(q.Sync().ok());
  CHECK(q.Synced(second, &st));
  CHECK(count_responses() == 60);
}
