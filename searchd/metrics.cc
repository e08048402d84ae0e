#include "metrics.h"

#include <cstdio>

namespace dossier {

namespace {
// Latency buckets (seconds): a search over the local index answers in well under a
// millisecond; a slow wildcard or a remote shard may take seconds.
const double kBuckets[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                           0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5, 5};
constexpr size_t kBucketCount = sizeof(kBuckets) / sizeof(kBuckets[0]);

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
}  // namespace

Metrics::Metrics() = default;

void Metrics::Record(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& r = routes_[route];
  if (r.buckets.empty()) r.buckets.assign(kBucketCount, 0);
  ++r.by_status[status];
  for (size_t i = 0; i < kBucketCount; ++i)
    if (seconds <= kBuckets[i]) {
      ++r.buckets[i];
      break;
    }
  r.sum += seconds;
  ++r.count;
}

std::string Metrics::Text(int64_t documents, double uptime_seconds) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += "# HELP dossier_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE dossier_http_requests_total counter\n";
  for (const auto& [route, r] : routes_)
    for (const auto& [status, n] : r.by_status)
      out += "dossier_http_requests_total{route=\"" + route + "\",status=\"" +
             std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  out += "# HELP dossier_http_errors_total HTTP requests answered with an error, by route and class.\n";
  out += "# TYPE dossier_http_errors_total counter\n";
  for (const auto& [route, r] : routes_) {
    int64_t client = 0, server = 0;
    for (const auto& [status, n] : r.by_status) {
      if (status >= 500) server += n;
      else if (status >= 400) client += n;
    }
    out += "dossier_http_errors_total{route=\"" + route + "\",class=\"4xx\"} " + std::to_string(client) + "\n";
    out += "dossier_http_errors_total{route=\"" + route + "\",class=\"5xx\"} " + std::to_string(server) + "\n";
  }
  out += "# HELP dossier_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE dossier_http_request_duration_seconds histogram\n";
  for (const auto& [route, r] : routes_) {
    int64_t cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
      cumulative += r.buckets[i];
      out += "dossier_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" +
             Num(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "dossier_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
           std::to_string(r.count) + "\n";
    out += "dossier_http_request_duration_seconds_sum{route=\"" + route + "\"} " + Num(r.sum) + "\n";
    out += "dossier_http_request_duration_seconds_count{route=\"" + route + "\"} " +
           std::to_string(r.count) + "\n";
  }
  out += "# HELP dossier_index_documents Documents in the index.\n";
  out += "# TYPE dossier_index_documents gauge\n";
  out += "dossier_index_documents " + std::to_string(documents) + "\n";
  out += "# HELP dossier_uptime_seconds Seconds since dossier-searchd started.\n";
  out += "# TYPE dossier_uptime_seconds gauge\n";
  out += "dossier_uptime_seconds " + Num(uptime_seconds) + "\n";
  return out;
}

}  // namespace dossier
