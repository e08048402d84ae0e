// Prometheus metrics of dossier-searchd: requests by route and status, a latency histogram
// per route, errors, and the index's document count (set when /metrics is read).
// Thread-safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace dossier {

class Metrics {
 public:
  Metrics();
  // One finished request: the route's pattern ("/v1/search"), the HTTP status, seconds taken.
  void Record(const std::string& route, int status, double seconds);
  // The Prometheus text exposition (version 0.0.4) of everything recorded.
  std::string Text(int64_t documents, double uptime_seconds) const;

 private:
  struct RouteStats {
    std::map<int, int64_t> by_status;
    std::vector<int64_t> buckets;  // cumulative counts are computed when printed
    double sum = 0;
    int64_t count = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, RouteStats> routes_;
};

}  // namespace dossier
