// Fuzz target: arbitrary bytes as an HTTP request target ("/v1/search?q=..."), through
// target parsing, routing, parameter validation and the handlers over a tiny index. It
// must never crash; 4xx answers are fine.
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "dossier/files.h"
#include "dossier/index_writer.h"
#include "handlers.h"
#include "metrics.h"
#include "server.h"

namespace {

struct Fixture {
  dossier::TempDir dir{"fuzz-http"};
  std::unique_ptr<dossier::SearcherPool> pool;
  dossier::Metrics metrics;
  dossier::Context ctx;
  Fixture() {
    spdlog::set_level(spdlog::level::off);  // no access log line per input
    auto w = dossier::IndexWriter::Open(dir.path() / "index");
    if (!w.ok()) return;
    dossier::DocRecord r;
    r.id = "case-1";
    r.type = "case";
    r.title = "Ramil Aliyev: Red Notice";
    r.body = "A Red Notice from Azerbaijan against a journalist.";
    r.published = "2017-03-15";
    r.countries = {"AZ"};
    r.entities = {{"person", "ramil-aliyev", "Ramil Aliyev", 1}};
    (void)(*w)->Put(r);
    (void)(*w)->Commit();
    dossier::SearcherOptions o;
    o.shards = {(dir.path() / "index").string()};
    auto p = dossier::SearcherPool::Open(o);
    if (p.ok()) pool = std::move(*p);
    ctx.pool = pool.get();
    ctx.metrics = &metrics;
    ctx.static_dir = dir.path();  // static files: the traversal checks run too
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  std::string input(reinterpret_cast<const char*>(data), size);
  auto req = dossier::ParseTarget("GET", input);
  if (!req.ok()) return 0;
  (void)dossier::SearchRequestFromParams(*req);
  dossier::Response resp = dossier::Dispatch(std::move(*req), fixture.ctx);
  if (resp.stream) {
    std::string chunk;
    for (int i = 0; i < 1000 && resp.stream(chunk); ++i) chunk.clear();
  }
  return 0;
}
