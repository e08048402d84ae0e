// Fuzz target: arbitrary bytes as a user's query, through the query-language rewriter and
// the whole Searcher path (Xapian's QueryParser, filters, snippets) over a tiny index.
// It must never crash or hang; an InvalidArgument Status is a fine answer.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "dossier/files.h"
#include "dossier/index_writer.h"
#include "query.h"
#include "searcher.h"

namespace {

struct Fixture {
  dossier::TempDir dir{"fuzz-query"};
  std::unique_ptr<dossier::Searcher> searcher;
  Fixture() {
    auto w = dossier::IndexWriter::Open(dir.path() / "index");
    if (!w.ok()) return;
    const char* titles[] = {"Red Notice against a journalist", "Extradition refused", "Azerbaijan country page"};
    for (int i = 0; i < 3; ++i) {
      dossier::DocRecord r;
      r.id = "d" + std::to_string(i);
      r.type = i == 2 ? "country" : "news";
      r.title = titles[i];
      r.body = std::string(titles[i]) + " <script>x</script> INTERPOL extradition torture & risk";
      r.published = "201" + std::to_string(i) + "-01-0" + std::to_string(i + 1);
      r.countries = {"AZ", "RU"};
      r.entities = {{"person", "ramil-aliyev", "Ramil Aliyev", 1}, {"instrument", "interpol-red-notice", "Red Notice", 1}};
      (void)(*w)->Put(r);
    }
    (void)(*w)->Commit();
    dossier::SearcherOptions o;
    o.shards = {(dir.path() / "index").string()};
    o.query_time_limit_ms = 500;
    auto s = dossier::Searcher::Open(o);
    if (s.ok()) searcher = std::move(*s);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  std::string input(reinterpret_cast<const char*>(data), size);
  (void)dossier::RewriteQuery(input);
  (void)dossier::PlainWords(input);
  (void)dossier::NormalizeDateBound(input, size % 2 == 0);
  if (fixture.searcher) {
    dossier::SearchRequest req;
    req.q = input;
    req.facets = {"country"};
    (void)fixture.searcher->Search(req);
    req.plain = true;
    (void)fixture.searcher->Search(req);
    (void)fixture.searcher->Suggest(input, 5);
  }
  return 0;
}
