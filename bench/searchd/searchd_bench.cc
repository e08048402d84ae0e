// searchd_bench: how close dossier-searchd comes to raw in-process Xapian on the same
// index and the same queries. Built and driven by bench/searchd/run.sh; figures in README.md.
//
//   searchd_bench index CORPUS.jsonl DB            {"id","title","text"} lines → a Dossier index
//   searchd_bench queries DB OUT [N=1000]          N queries drawn from the index's own text
//   searchd_bench inproc DB QUERIES [--threads 2] [--passes 5] [--op and]
//        raw Xapian: QueryParser (English, STEM_SOME, FLAG_DEFAULT), top 10, each hit's data
//   searchd_bench searcher DB QUERIES [--threads 2] [--passes 5] [--no-snippets]
//        the same queries through dossier's Searcher (query language, snippets), in process
//   searchd_bench http HOST:PORT QUERIES [--connections 2] [--seconds 10] [--prefix /v1/search?q=]
//        [--suffix &size=10]: N keep-alive connections, one request in flight each
//   searchd_bench duel DB HOST:PORT QUERIES [--threads 2] [--rounds 9] [--slice 2] [--suffix &size=10]
//        raw Xapian (as inproc) and the daemon over HTTP (as http, --threads connections) in
//        alternating slices of --slice seconds, the order swapped every round, so that load
//        from other jobs falls on both; prints each round's pair and the median ratio. With
//        HTTP side uses a lean keep-alive client on a plain socket. With
//        --server-pid PID it also counts CPU time (raw threads; client threads + the daemon)
//        and prints queries per CPU-second of each side and their ratio
//
// Every other mode prints one line: name qps p50_us p99_us max_us errors zero_hit.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xapian.h>

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "dossier/index_writer.h"
#include "dossier/record.h"
#include "searcher.h"

using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
  std::vector<double> lat_us;
  long errors = 0, zero = 0;
};

double Pct(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * (v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + i, v.end());
  return v[i];
}

void Report(const std::string& name, std::vector<Stats>& per_thread, double seconds) {
  Stats all;
  for (auto& s : per_thread) {
    all.lat_us.insert(all.lat_us.end(), s.lat_us.begin(), s.lat_us.end());
    all.errors += s.errors;
    all.zero += s.zero;
  }
  double n = static_cast<double>(all.lat_us.size());
  double p50 = Pct(all.lat_us, 50), p99 = Pct(all.lat_us, 99), mx = Pct(all.lat_us, 100);
  std::printf("%s qps=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f requests=%.0f errors=%ld zero_hit=%ld\n",
              name.c_str(), n / seconds, p50, p99, mx, n, all.errors, all.zero);
  std::fflush(stdout);
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

std::string Opt(std::vector<std::string>& args, const std::string& name, const std::string& def) {
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == name) {
      std::string v = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return v;
    }
  return def;
}

int Index(const std::string& corpus, const std::string& db) {
  auto w = dossier::IndexWriter::Open(db);
  if (!w.ok()) {
    std::cerr << w.status().ToString() << "\n";
    return 1;
  }
  std::ifstream in(corpus);
  long n = 0;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    dossier::DocRecord r;
    r.id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    r.title = j.value("title", "");
    r.body = j.value("text", "");
    r.type = "page";
    r.language = "en";
    r.url = "https://bench.invalid/" + r.id;
    auto put = (*w)->Put(r);
    if (!put.ok()) {
      std::cerr << put.status().ToString() << "\n";
      return 1;
    }
    ++n;
  }
  if (!(*w)->Commit().ok()) return 1;
  std::fprintf(stderr, "indexed %ld documents into %s\n", n, db.c_str());
  return 0;
}

// 35% one word, 30% two, 15% three (words of one document), 20% two- or three-word phrases
// (consecutive words of one document), like shared/peers/make_queries.py.
int Queries(const std::string& db_path, const std::string& out, int n) {
  Xapian::Database db(db_path);
  std::mt19937_64 rng(20261128);
  const double docs = db.get_doccount();
  const std::regex word_re("[a-z]{3,20}");
  const std::regex token_re("[a-z0-9]+");
  std::set<std::string> seen;
  std::vector<std::string> queries;
  std::uniform_int_distribution<Xapian::docid> pick(1, db.get_lastdocid());
  std::uniform_real_distribution<double> unit(0, 1);
  for (int guard = 0; static_cast<int>(queries.size()) < n && guard < n * 100; ++guard) {
    Xapian::docid id = pick(rng);
    std::string data;
    try {
      data = db.get_document(id).get_data();
    } catch (const Xapian::DocNotFoundError&) {
      continue;
    }
    auto rec = dossier::RecordFromJson(data);
    if (!rec.ok()) continue;
    std::string text = rec->title + " " + rec->body;
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<std::string> words;  // every word, in order ("" for unusable ones)
    for (std::sregex_iterator it(text.begin(), text.end(), token_re), end; it != end; ++it) {
      std::string w = it->str();
      bool ok = std::regex_match(w, word_re);
      if (ok) {
        double df = db.get_termfreq(w);
        ok = df >= 3 && df <= docs * 0.5;
      }
      words.push_back(ok ? w : "");
    }
    std::vector<std::string> usable;
    for (const auto& w : words)
      if (!w.empty()) usable.push_back(w);
    if (usable.size() < 10) continue;
    double r = unit(rng);
    std::string q;
    if (r < 0.80) {
      int k = r < 0.35 ? 1 : r < 0.65 ? 2 : 3;
      std::set<std::string> picked;
      while (static_cast<int>(picked.size()) < k) picked.insert(usable[rng() % usable.size()]);
      for (const auto& w : picked) q += (q.empty() ? "" : " ") + w;
    } else {
      int k = r < 0.92 ? 2 : 3;
      size_t start = rng() % words.size();
      for (size_t j = start; j + k <= words.size() && q.empty(); ++j) {
        bool all = true;
        for (int m = 0; m < k; ++m) all = all && !words[j + m].empty();
        if (!all) continue;
        q = "\"";
        for (int m = 0; m < k; ++m) q += (m ? " " : "") + words[j + m];
        q += "\"";
      }
    }
    if (!q.empty() && seen.insert(q).second) queries.push_back(q);
  }
  std::ofstream f(out);
  for (const auto& q : queries) f << q << "\n";
  std::fprintf(stderr, "%zu queries written to %s\n", queries.size(), out.c_str());
  return 0;
}

template <typename Worker>
void RunPasses(const std::string& name, int threads, int passes, size_t total, Worker worker) {
  {  // warm-up
    std::atomic<size_t> next{0};
    Stats s;
    worker(next, s, total);
  }
  std::vector<Stats> all(threads);
  double seconds = 0;
  for (int p = 0; p < passes; ++p) {
    std::atomic<size_t> next{0};
    std::vector<Stats> st(threads);
    std::vector<std::thread> ths;
    auto t0 = Clock::now();
    for (int t = 0; t < threads; ++t) ths.emplace_back([&, t] { worker(next, st[t], total); });
    for (auto& th : ths) th.join();
    seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    for (int t = 0; t < threads; ++t) {
      all[t].lat_us.insert(all[t].lat_us.end(), st[t].lat_us.begin(), st[t].lat_us.end());
      if (p == 0) {
        all[t].errors += st[t].errors;
        all[t].zero += st[t].zero;
      }
    }
  }
  Report(name, all, seconds);
}

int InProc(const std::string& db_path, const std::vector<std::string>& qs, int threads, int passes, bool op_and) {
  RunPasses("xapian-inproc-t" + std::to_string(threads), threads, passes, qs.size(),
            [&](std::atomic<size_t>& next, Stats& s, size_t total) {
              Xapian::Database db(db_path);
              Xapian::Enquire enq(db);
              Xapian::QueryParser qp;
              qp.set_stemmer(Xapian::Stem("english"));
              qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
              qp.set_database(db);
              qp.set_default_op(op_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
              enq.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 0, 0.4, 0.5));
              for (size_t i; (i = next.fetch_add(1)) < total;) {
                auto t0 = Clock::now();
                try {
                  enq.set_query(qp.parse_query(qs[i], Xapian::QueryParser::FLAG_DEFAULT));
                  Xapian::MSet m = enq.get_mset(0, 10);
                  if (m.empty()) ++s.zero;
                  size_t bytes = 0;
                  for (auto it = m.begin(); it != m.end(); ++it) bytes += it.get_document().get_data().size();
                  if (bytes == 1) std::puts("");
                } catch (const Xapian::Error&) {
                  ++s.errors;
                }
                s.lat_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
              }
            });
  return 0;
}

int InSearcher(const std::string& db_path, const std::vector<std::string>& qs, int threads, int passes,
               bool snippets) {
  dossier::SearcherOptions o;
  o.shards = {db_path};
  RunPasses(std::string(snippets ? "dossier-searcher-t" : "dossier-searcher-nosnippets-t") + std::to_string(threads),
            threads, passes, qs.size(),
            [&](std::atomic<size_t>& next, Stats& s, size_t total) {
              auto searcher = dossier::Searcher::Open(o);
              if (!searcher.ok()) {
                std::cerr << searcher.status().ToString() << "\n";
                return;
              }
              for (size_t i; (i = next.fetch_add(1)) < total;) {
                auto t0 = Clock::now();
                (void)(*searcher)->Reopen();
                dossier::SearchRequest req;
                req.q = qs[i];
                req.snippets = snippets;
                auto r = (*searcher)->Search(req);
                if (!r.ok())
                  ++s.errors;
                else if (r->hits.empty())
                  ++s.zero;
                s.lat_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
              }
            });
  return 0;
}

int Http(const std::string& hostport, const std::vector<std::string>& qs, int connections, double seconds,
         const std::string& prefix, const std::string& suffix) {
  auto colon = hostport.rfind(':');
  std::string host = hostport.substr(0, colon);
  int port = std::stoi(hostport.substr(colon + 1));
  std::vector<Stats> st(connections);
  std::atomic<bool> stop{false};
  std::vector<std::thread> ths;
  auto t0 = Clock::now();
  for (int c = 0; c < connections; ++c)
    ths.emplace_back([&, c] {
      httplib::Client cli(host, port);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      size_t i = static_cast<size_t>(c) * 997 % qs.size();
      while (!stop.load(std::memory_order_relaxed)) {
        std::string path = prefix + httplib::detail::encode_query_param(qs[i]) + suffix;
        i = (i + 1) % qs.size();
        auto q0 = Clock::now();
        auto res = cli.Get(path);
        double us = std::chrono::duration<double, std::micro>(Clock::now() - q0).count();
        if (!res || res->status != 200)
          ++st[c].errors;
        else if (res->body.find("\"hits\":[]") != std::string::npos)
          ++st[c].zero;
        st[c].lat_us.push_back(us);
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : ths) t.join();
  Report("dossier-http-c" + std::to_string(connections), st,
         std::chrono::duration<double>(Clock::now() - t0).count());
  return 0;
}

// A keep-alive HTTP/1.1 client on a plain socket for the duel: a GET, then the answer's
// status line, headers and Content-Length body. About a third of cpp-httplib's client CPU
// per request, so that less of the two cores goes to the measuring side.
class LeanClient {
 public:
  LeanClient(std::string host, int port) : host_(std::move(host)), port_(port) {}
  ~LeanClient() { Close(); }
  // The HTTP status (0 when the connection failed); the body in `body`.
  int Get(const std::string& path, std::string* body) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !Connect()) return 0;
      request_ = "GET " + path + " HTTP/1.1\r\nHost: " + host_ + "\r\n\r\n";
      if (SendAll(request_)) {
        int status = Read(body);
        if (status > 0) return status;
      }
      Close();  // the server closed a kept-alive connection: once more on a new one
    }
    return 0;
  }

 private:
  bool Connect() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    if (::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      Close();
      return false;
    }
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buf_.clear();
  }
  bool SendAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  bool Fill() {
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buf_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  int Read(std::string* body) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!Fill()) return 0;
    if (buf_.compare(0, 9, "HTTP/1.1 ") != 0) return 0;
    int status = std::atoi(buf_.c_str() + 9);
    size_t length = 0;
    std::string head = buf_.substr(0, end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t at = head.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;  // /v1/search is never chunked
    length = std::strtoul(head.c_str() + at + 17, nullptr, 10);
    while (buf_.size() < end + 4 + length)
      if (!Fill()) return 0;
    body->assign(buf_, end + 4, length);
    buf_.erase(0, end + 4 + length);
    return status;
  }

  std::string host_;
  int port_;
  int fd_ = -1;
  std::string buf_, request_;
};

// One thread's raw in-process searcher: what `inproc` runs, kept open across slices.
struct RawSide {
  Xapian::Database db;
  Xapian::Enquire enq;
  Xapian::QueryParser qp;
  explicit RawSide(const std::string& path) : db(path), enq(db) {
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(db);
    qp.set_default_op(Xapian::Query::OP_AND);
    enq.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 0, 0.4, 0.5));
  }
  bool Run(const std::string& q) {
    enq.set_query(qp.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT));
    Xapian::MSet m = enq.get_mset(0, 10);
    size_t bytes = 0;
    for (auto it = m.begin(); it != m.end(); ++it) bytes += it.get_document().get_data().size();
    if (bytes == 1) std::puts("");
    return !m.empty();
  }
};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// CPU seconds used so far by every thread of process `pid` (/proc/PID/task/*/schedstat, whose
// first field is nanoseconds on a CPU); 0 when `pid` is 0 or gone.
double ProcessCpuSeconds(long pid) {
  if (pid <= 0) return 0;
  double total = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    double ns = 0;
    if (in >> ns) total += ns / 1e9;
  }
  return total;
}

struct SliceResult {
  double qps = 0;
  double cpu_seconds = 0;  // of the slice's own threads
  size_t queries = 0;
};

// Runs `one(thread, query index)` on `threads` threads for `seconds`; each thread walks the
// queries from its own start. Fills `lat_us`.
template <typename One>
SliceResult Slice(int threads, double seconds, size_t start, size_t n, std::vector<double>* lat_us, One one) {
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> lat(threads);
  std::vector<double> cpu(threads);
  std::vector<std::thread> ths;
  auto t0 = Clock::now();
  for (int t = 0; t < threads; ++t)
    ths.emplace_back([&, t] {
      const double cpu0 = ThreadCpuSeconds();
      size_t i = (start + static_cast<size_t>(t) * 997) % n;
      while (!stop.load(std::memory_order_relaxed)) {
        auto q0 = Clock::now();
        one(t, i);
        lat[t].push_back(std::chrono::duration<double, std::micro>(Clock::now() - q0).count());
        i = (i + 1) % n;
      }
      cpu[t] = ThreadCpuSeconds() - cpu0;
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : ths) th.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  SliceResult r;
  for (int t = 0; t < threads; ++t) {
    r.queries += lat[t].size();
    r.cpu_seconds += cpu[t];
    lat_us->insert(lat_us->end(), lat[t].begin(), lat[t].end());
  }
  r.qps = static_cast<double>(r.queries) / elapsed;
  return r;
}

int Duel(const std::string& db_path, const std::string& hostport, const std::vector<std::string>& qs,
         int threads, int rounds, double slice, const std::string& prefix, const std::string& suffix,
         long server_pid) {
  auto colon = hostport.rfind(':');
  std::string host = hostport.substr(0, colon);
  int port = std::stoi(hostport.substr(colon + 1));
  std::vector<std::unique_ptr<RawSide>> raw;
  std::vector<std::unique_ptr<LeanClient>> clients;
  std::vector<std::string> bodies(threads);
  for (int t = 0; t < threads; ++t) {
    raw.push_back(std::make_unique<RawSide>(db_path));
    clients.push_back(std::make_unique<LeanClient>(host, port));
  }
  std::vector<std::string> paths;
  for (const auto& q : qs) paths.push_back(prefix + httplib::detail::encode_query_param(q) + suffix);
  std::atomic<long> errors{0};
  auto raw_one = [&](int t, size_t i) {
    try {
      raw[t]->Run(qs[i]);
    } catch (const Xapian::Error&) {
      ++errors;
    }
  };
  auto http_one = [&](int t, size_t i) {
    if (clients[t]->Get(paths[i], &bodies[t]) != 200 || bodies[t].empty()) ++errors;
  };
  {  // warm-up: both sides see every query once (page cache, connections)
    std::vector<double> ignored;
    Slice(threads, 1, 0, qs.size(), &ignored, raw_one);
    Slice(threads, 1, 0, qs.size(), &ignored, http_one);
  }
  std::vector<double> ratios, cpu_ratios, raw_lat, http_lat;
  double raw_sum = 0, http_sum = 0, client_cpu = 0, server_cpu = 0, raw_cpu = 0;
  size_t http_queries = 0, raw_queries = 0;
  auto http_slice = [&](size_t start) {
    const double server0 = ProcessCpuSeconds(server_pid);
    SliceResult r = Slice(threads, slice, start, qs.size(), &http_lat, http_one);
    client_cpu += r.cpu_seconds;
    server_cpu += ProcessCpuSeconds(server_pid) - server0;
    http_queries += r.queries;
    r.cpu_seconds += ProcessCpuSeconds(server_pid) - server0;  // client threads + the daemon
    return r;
  };
  for (int r = 0; r < rounds; ++r) {
    size_t start = static_cast<size_t>(r) * 7919 % qs.size();
    SliceResult raw_r, http_r;
    if (r % 2 == 0) {
      raw_r = Slice(threads, slice, start, qs.size(), &raw_lat, raw_one);
      http_r = http_slice(start);
    } else {
      http_r = http_slice(start);
      raw_r = Slice(threads, slice, start, qs.size(), &raw_lat, raw_one);
    }
    raw_sum += raw_r.qps;
    raw_cpu += raw_r.cpu_seconds;
    raw_queries += raw_r.queries;
    http_sum += http_r.qps;
    ratios.push_back(http_r.qps / raw_r.qps);
    // Queries per CPU-second: what each side would answer per second on cores of its own.
    double raw_per_cpu = static_cast<double>(raw_r.queries) / raw_r.cpu_seconds;
    double http_per_cpu = static_cast<double>(http_r.queries) / http_r.cpu_seconds;
    if (server_pid > 0) cpu_ratios.push_back(http_per_cpu / raw_per_cpu);
    std::printf("duel-round %d raw_qps=%.0f http_qps=%.0f ratio=%.3f raw_q_per_cpu_s=%.0f http_q_per_cpu_s=%.0f "
                "cpu_ratio=%.3f\n",
                r + 1, raw_r.qps, http_r.qps, ratios.back(), raw_per_cpu, http_per_cpu,
                server_pid > 0 ? cpu_ratios.back() : 0.0);
    std::fflush(stdout);
  }
  auto quantiles = [](std::vector<double> v, const char* name) {
    if (v.empty()) return std::string();
    std::sort(v.begin(), v.end());
    auto q = [&](double p) { return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)]; };
    char buf[256];
    std::snprintf(buf, sizeof buf, " %s_median=%.3f %s_min=%.3f %s_q1=%.3f %s_q3=%.3f %s_max=%.3f", name, q(0.5),
                  name, v.front(), name, q(0.25), name, q(0.75), name, v.back());
    return std::string(buf);
  };
  if (server_pid > 0 && http_queries > 0 && raw_queries > 0)
    std::printf("duel-cpu raw_us_per_query=%.1f http_client_us_per_query=%.1f http_server_us_per_query=%.1f\n",
                raw_cpu / static_cast<double>(raw_queries) * 1e6, client_cpu / static_cast<double>(http_queries) * 1e6,
                server_cpu / static_cast<double>(http_queries) * 1e6);
  std::printf("duel raw_qps=%.0f http_qps=%.0f raw_p50_us=%.0f http_p50_us=%.0f%s%s rounds=%d slice_s=%.1f errors=%ld\n",
              raw_sum / rounds, http_sum / rounds, Pct(raw_lat, 50), Pct(http_lat, 50),
              quantiles(ratios, "ratio").c_str(), quantiles(cpu_ratios, "cpu_ratio").c_str(), rounds, slice,
              errors.load());
  return errors.load() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto usage = [] {
    std::cerr << "usage: searchd_bench index|queries|inproc|searcher|http|duel ... (see the file's header)\n";
    return 2;
  };
  if (args.empty()) return usage();
  std::string mode = args[0];
  args.erase(args.begin());
  int threads = std::stoi(Opt(args, "--threads", "2"));
  int passes = std::stoi(Opt(args, "--passes", "5"));
  bool op_and = Opt(args, "--op", "and") == "and";
  int connections = std::stoi(Opt(args, "--connections", "2"));
  double seconds = std::stod(Opt(args, "--seconds", "10"));
  std::string prefix = Opt(args, "--prefix", "/v1/search?q=");
  std::string suffix = Opt(args, "--suffix", "&size=10");
  int rounds = std::stoi(Opt(args, "--rounds", "9"));
  double slice = std::stod(Opt(args, "--slice", "2"));
  long server_pid = std::stol(Opt(args, "--server-pid", "0"));
  bool no_snippets = false;
  if (auto it = std::find(args.begin(), args.end(), "--no-snippets"); it != args.end()) {
    no_snippets = true;
    args.erase(it);
  }
  try {
    if (mode == "index" && args.size() == 2) return Index(args[0], args[1]);
    if (mode == "queries" && args.size() >= 2) return Queries(args[0], args[1], args.size() > 2 ? std::stoi(args[2]) : 1000);
    if (mode == "duel" && args.size() == 3) {
      auto qs = ReadLines(args[2]);
      if (qs.empty()) return usage();
      return Duel(args[0], args[1], qs, threads, rounds, slice, prefix, suffix, server_pid);
    }
    if (args.size() != 2) return usage();
    auto qs = ReadLines(args[1]);
    if (qs.empty()) {
      std::cerr << "no queries in " << args[1] << "\n";
      return 2;
    }
    if (mode == "inproc") return InProc(args[0], qs, threads, passes, op_and);
    if (mode == "searcher") return InSearcher(args[0], qs, threads, passes, !no_snippets);
    if (mode == "http") return Http(args[0], qs, connections, seconds, prefix, suffix);
  } catch (const Xapian::Error& e) {
    std::cerr << e.get_description() << "\n";
    return 1;
  }
  return usage();
}
