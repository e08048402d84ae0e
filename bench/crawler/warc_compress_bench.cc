// CPU per record and output bytes of the WARC records' gzip members: zlib (as the writer
// used it until 2026-11-29: one z_stream reset per record) against libdeflate (one
// compressor, one call per record), at the levels named. Input: .warc.gz files whose
// records are each one gzip member (ours, wget's); the record bytes are those members
// inflated, so they are compressed exactly as the writer compressed them.
//
//   g++ -O2 -std=c++20 bench/crawler/warc_compress_bench.cc -o /tmp/wcb -lz -ldeflate
//   /tmp/wcb [-r ROUNDS] [-m zlib:4,deflate:4,...] FILE.warc.gz...
//
// Prints one line per method: records, input MB, output bytes, ratio, CPU us per record
// (thread CPU time, best of the rounds: the machine is shared), and against the first.
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// The inflated bytes of each gzip member of `file`.
std::vector<std::string> Members(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> out;
  z_stream zs{};
  inflateInit2(&zs, 16 + MAX_WBITS);
  size_t at = 0;
  std::vector<char> buf(1 << 16);
  while (at < data.size()) {
    inflateReset(&zs);
    zs.next_in = reinterpret_cast<Bytef*>(data.data() + at);
    zs.avail_in = static_cast<uInt>(data.size() - at);
    std::string record;
    int ret;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf.data());
      zs.avail_out = static_cast<uInt>(buf.size());
      ret = inflate(&zs, Z_NO_FLUSH);
      record.append(buf.data(), buf.size() - zs.avail_out);
    } while (ret == Z_OK);
    if (ret != Z_STREAM_END) {
      std::fprintf(stderr, "%s: bad gzip member at %zu\n", file.c_str(), at);
      break;
    }
    at = data.size() - zs.avail_in;
    out.push_back(std::move(record));
  }
  inflateEnd(&zs);
  return out;
}

struct Method {
  std::string name;  // "zlib" or "deflate"
  int level;
};

// Compresses every record once; returns total output bytes.
size_t RunZlib(const std::vector<std::string>& records, int level, std::string& scratch) {
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  size_t total = 0;
  for (const auto& r : records) {
    deflateReset(&zs);
    size_t bound = deflateBound(&zs, r.size());
    if (scratch.size() < bound) scratch.resize(bound);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(r.data()));
    zs.avail_in = static_cast<uInt>(r.size());
    zs.next_out = reinterpret_cast<Bytef*>(scratch.data());
    zs.avail_out = static_cast<uInt>(scratch.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) std::abort();
    total += scratch.size() - zs.avail_out;
  }
  deflateEnd(&zs);
  return total;
}

size_t RunDeflate(const std::vector<std::string>& records, int level, std::string& scratch) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  size_t total = 0;
  for (const auto& r : records) {
    size_t bound = libdeflate_gzip_compress_bound(c, r.size());
    if (scratch.size() < bound) scratch.resize(bound);
    size_t n = libdeflate_gzip_compress(c, r.data(), r.size(), scratch.data(), scratch.size());
    if (n == 0) std::abort();
    total += n;
  }
  libdeflate_free_compressor(c);
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 3;
  std::string methods = "zlib:4,zlib:1,zlib:6,deflate:1,deflate:2,deflate:3,deflate:4,deflate:5,deflate:6";
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-r" && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else if (a == "-m" && i + 1 < argc) methods = argv[++i];
    else files.push_back(a);
  }
  std::vector<std::string> records;
  size_t in_bytes = 0;
  for (const auto& f : files)
    for (auto& r : Members(f)) {
      in_bytes += r.size();
      records.push_back(std::move(r));
    }
  if (records.empty()) {
    std::fprintf(stderr, "usage: %s [-r ROUNDS] [-m zlib:4,deflate:4] FILE.warc.gz...\n", argv[0]);
    return 2;
  }
  std::vector<Method> ms;
  std::stringstream ss(methods);
  for (std::string m; std::getline(ss, m, ',');) {
    auto colon = m.find(':');
    ms.push_back({m.substr(0, colon), std::atoi(m.c_str() + colon + 1)});
  }
  std::printf("# %zu records, %.1f MB of record bytes, %d rounds (best CPU kept)\n",
              records.size(), in_bytes / 1e6, rounds);
  std::printf("%-10s %14s %7s %12s %9s %9s\n", "method", "out bytes", "ratio", "CPU us/rec",
              "CPU rel", "bytes rel");
  double first_cpu = 0, first_bytes = 0;
  std::string scratch;
  for (size_t k = 0; k < ms.size(); ++k) {
    double best = 1e30;
    size_t out = 0;
    for (int r = 0; r < rounds; ++r) {
      double t0 = ThreadCpuSeconds();
      out = ms[k].name == "zlib" ? RunZlib(records, ms[k].level, scratch)
                                 : RunDeflate(records, ms[k].level, scratch);
      best = std::min(best, ThreadCpuSeconds() - t0);
    }
    double us = best * 1e6 / records.size();
    if (k == 0) first_cpu = us, first_bytes = static_cast<double>(out);
    std::printf("%-10s %14zu %7.4f %12.1f %9.2f %9.4f\n",
                (ms[k].name + ":" + std::to_string(ms[k].level)).c_str(), out,
                static_cast<double>(out) / in_bytes, us, us / first_cpu, out / first_bytes);
  }
}
