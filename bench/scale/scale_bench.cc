// Query latency over 1, 2 and 4 shards, local and over loopback TCP (xapian-tcpsrv), through
// dossier's Searcher (the code behind /v1/search). Built and driven by bench/scale/run.sh;
// figures in bench/scale/README.md.
//
//   scale_bench split SRC OUT N          SRC's documents into OUT/shard-000.. by Fnv1a64(id) % N
//                                        (as dossier-indexer places them), with metadata,
//                                        synonyms, spellings and the XAPIANDB stub
//   scale_bench queries DB OUT [N=1000]  N two-word queries drawn from the index's own words
//   scale_bench run LABEL QUERIES SHARD... [--threads T] [--passes P]
//                                        every query P times on T threads (a Searcher each);
//                                        prints LABEL, p50 and p99 in ms, and queries/s
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dossier/strings.h"
#include "searcher.h"

namespace {

int Split(const std::string& src, const std::string& out, int n) {
  Xapian::Database in(src);
  std::filesystem::create_directories(out);
  std::vector<Xapian::WritableDatabase> shards;
  std::string stub;
  for (int i = 0; i < n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "shard-%03d", i);
    shards.emplace_back(out + "/" + name, Xapian::DB_CREATE_OR_OVERWRITE);
    stub += std::string("auto ") + name + "\n";
  }
  for (auto k = in.metadata_keys_begin(); k != in.metadata_keys_end(); ++k)
    for (auto& s : shards) s.set_metadata(*k, in.get_metadata(*k));
  for (auto k = in.synonym_keys_begin(); k != in.synonym_keys_end(); ++k)
    for (auto v = in.synonyms_begin(*k); v != in.synonyms_end(*k); ++v)
      for (auto& s : shards) s.add_synonym(*k, *v);
  // Spellings: every word to every shard would count it N times; give it to one.
  int next = 0;
  for (auto w = in.spellings_begin(); w != in.spellings_end(); ++w)
    shards[next++ % n].add_spelling(*w, w.get_termfreq());
  int64_t docs = 0;
  for (auto it = in.postlist_begin(""); it != in.postlist_end(""); ++it) {
    Xapian::Document d = in.get_document(*it);
    std::string id;
    auto t = d.termlist_begin();
    t.skip_to("Q");
    if (t != d.termlist_end() && (*t)[0] == 'Q') id = (*t).substr(1);
    int s = static_cast<int>(dossier::Fnv1a64(id) % static_cast<uint64_t>(n));
    shards[s].replace_document("Q" + id, d);
    ++docs;
  }
  for (auto& s : shards) s.commit();
  std::ofstream(out + "/XAPIANDB") << stub;
  std::fprintf(stderr, "%lld documents into %d shards under %s\n", static_cast<long long>(docs), n, out.c_str());
  return 0;
}

int Queries(const std::string& db_path, const std::string& out, int n) {
  Xapian::Database db(db_path);
  std::mt19937 rng(42);
  std::uniform_int_distribution<Xapian::docid> pick(1, db.get_lastdocid());
  std::set<std::string> seen;
  std::ofstream f(out);
  for (int guard = 0; static_cast<int>(seen.size()) < n && guard < n * 100; ++guard) {
    Xapian::Document d;
    try {
      d = db.get_document(pick(rng));
    } catch (const Xapian::DocNotFoundError&) {
      continue;
    }
    std::vector<std::string> words;
    for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
      const std::string w = *t;
      if (w.size() >= 4 && w.size() <= 15 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        words.push_back(w);
    }
    if (words.size() < 2) continue;
    std::uniform_int_distribution<size_t> w(0, words.size() - 1);
    std::string q = words[w(rng)] + " " + words[w(rng)];
    if (seen.insert(q).second) f << q << "\n";
  }
  std::fprintf(stderr, "%zu queries written to %s\n", seen.size(), out.c_str());
  return 0;
}

int Run(const std::string& label, const std::string& queries_file, const std::vector<std::string>& shards,
        int threads, int passes) {
  std::vector<std::string> queries;
  std::ifstream in(queries_file);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) queries.push_back(line);
  dossier::SearcherOptions o;
  o.shards = shards;
  std::vector<std::unique_ptr<dossier::Searcher>> searchers;
  for (int t = 0; t < threads; ++t) {
    auto s = dossier::Searcher::Open(o);
    if (!s.ok()) {
      std::cerr << s.status().message() << "\n";
      return 1;
    }
    searchers.push_back(std::move(*s));
  }
  // One warm-up pass, not timed: the page cache, not the first touch, is what is measured.
  for (const auto& q : queries) {
    dossier::SearchRequest r;
    r.q = q;
    (void)searchers[0]->Search(r);
  }
  std::vector<std::vector<double>> lat(threads);
  std::atomic<size_t> next{0};
  std::atomic<int64_t> errors{0};
  const size_t total = queries.size() * static_cast<size_t>(passes);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i; (i = next++) < total;) {
        dossier::SearchRequest r;
        r.q = queries[i % queries.size()];
        auto a = std::chrono::steady_clock::now();
        auto res = searchers[t]->Search(r);
        auto b = std::chrono::steady_clock::now();
        if (!res.ok()) ++errors;
        lat[t].push_back(std::chrono::duration<double, std::milli>(b - a).count());
      }
    });
  }
  for (auto& th : pool) th.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))]; };
  std::printf("%-14s shards=%zu threads=%d queries=%zu p50_ms=%.2f p99_ms=%.2f qps=%.0f errors=%lld\n", label.c_str(),
              shards.size(), threads, all.size(), pct(0.50), pct(0.99), all.size() / secs,
              static_cast<long long>(errors.load()));
  return errors.load() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: scale_bench split|queries|run ... (see the file's header)\n";
    return 2;
  }
  try {
    if (args[0] == "split" && args.size() == 4) return Split(args[1], args[2], std::stoi(args[3]));
    if (args[0] == "queries" && args.size() >= 3) return Queries(args[1], args[2], args.size() > 3 ? std::stoi(args[3]) : 1000);
    if (args[0] == "run" && args.size() >= 4) {
      int threads = 2, passes = 3;
      std::vector<std::string> shards;
      for (size_t i = 3; i < args.size(); ++i) {
        if (args[i] == "--threads" && i + 1 < args.size()) threads = std::stoi(args[++i]);
        else if (args[i] == "--passes" && i + 1 < args.size()) passes = std::stoi(args[++i]);
        else shards.push_back(args[i]);
      }
      return Run(args[1], args[2], shards, threads, passes);
    }
  } catch (const Xapian::Error& e) {
    std::cerr << e.get_description() << "\n";
    return 1;
  }
  std::cerr << "usage: scale_bench split|queries|run ... (see the file's header)\n";
  return 2;
}
