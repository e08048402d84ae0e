// dossier-searchd's HTTP surface: the route table, the dispatcher (metrics, access log,
// errors), request-target parsing, and the HTTP/1.1 server around them.
// Thread-safety: Dispatch is thread-safe given a thread-safe Context (SearcherPool and
// Metrics are). Server: Start/Stop from any thread; Stop is idempotent.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http.h"

namespace dossier {

struct Route {
  const char* method;
  const char* pattern;  // "/v1/documents/{id}"; "{path*}" matches the rest of the path
  Handler handler;
};

// Every route, in the order they are matched.
const std::vector<Route>& Routes();

// The route matching `request` (filling request.path_params), or nullptr.
const Route* MatchRoute(Request& request);

// Runs the route for `request`: 404/405 when none matches, 500 (logged) when a handler
// throws. Records the metrics and writes the access log line.
Response Dispatch(Request request, Context& ctx);

// Splits a request target ("/v1/search?q=a+b&page=2") into the decoded path and
// parameters. InvalidArgument naming the problem on bad percent-encoding, invalid UTF-8,
// a NUL byte or a target that is not an absolute path.
Result<Request> ParseTarget(std::string_view method, std::string_view target);

struct ServerOptions {
  std::string host = "127.0.0.1";  // bind address (loopback by default)
  int port = 8080;                 // 0 = an ephemeral port
  int threads = 64;                // worker threads; each keep-alive connection holds one
  size_t max_payload_bytes = 64 * 1024;  // request bodies (the API takes none)
};

// "127.0.0.1:8080", "[::1]:8080", ":8080" → host and port. InvalidArgument otherwise.
Result<ServerOptions> ParseListen(std::string_view listen, ServerOptions base);

class Server {
 public:
  Server(Context& ctx, ServerOptions options);
  ~Server();
  // Binds the socket; returns the port (the chosen one for port 0). IoError when the
  // address cannot be bound.
  Result<int> Bind();
  // Serves until Stop(); returns false when the server could not run.
  bool Run();
  void Stop();

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace dossier
