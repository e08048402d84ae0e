// The request and response structs the handlers exchange, free of any HTTP library, so
// that every handler is a plain function testable without sockets (server.h maps them to
// and from the wire). Error bodies are JSON: {"error": {"code": 400, "message": "..."}}.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dossier/status.h"

namespace dossier {

class SearcherPool;
class Metrics;

struct Request {
  std::string method = "GET";
  std::string path;    // percent-decoded, valid UTF-8
  std::string target;  // as received, for the access log
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in order
  std::map<std::string, std::string> headers;                 // names in lower case
  std::map<std::string, std::string> path_params;             // {id} etc., set by the router
  std::string remote_addr;

  // The last value of parameter `name`, or `fallback`.
  std::string Param(const std::string& name, const std::string& fallback = "") const;
  // Every value of `name` (repeated parameters), in order.
  std::vector<std::string> Params(const std::string& name) const;
  bool Has(const std::string& name) const;
  std::string Header(const std::string& lower_name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is sent in chunks as they are produced: each call appends the next
  // chunk to `out` and returns false once there is nothing more to send.
  std::function<bool(std::string& out)> stream;
};

// What handlers share. Not owned; outlives the server.
struct Context {
  SearcherPool* pool = nullptr;
  Metrics* metrics = nullptr;
  std::filesystem::path static_dir;  // web UI files; empty = the built-in placeholder page
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

using Handler = Response (*)(const Request&, Context&);

// The one mapping of Status codes to HTTP status codes (errors.cc).
int HttpStatusFor(Status::Code code);
// A JSON error response for `status` (which is not OK).
Response ErrorResponse(const Status& status);
Response ErrorResponse(int http_status, const std::string& message);

}  // namespace dossier
