// The route table, the dispatcher and the cpp-httplib adapter. cpp-httplib is used only in
// this file. Measured on this machine (shared/DESIGN.md): its defaults close a connection
// every 5 requests and leave Nagle on, which cost 100x in throughput; each keep-alive
// connection holds one pool thread, so the pool is sized for the connections expected.
// Debian builds cpp-httplib as a shared library, so its compile-time limits are its
// defaults: request line and each header line at most 8 KiB, listen backlog 5 (raised
// below with a second listen()).
#include <httplib.h>
#include <sys/socket.h>

#include "server.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "dossier/strings.h"
#include "handlers.h"
#include "metrics.h"
#include "ui.h"

namespace dossier {

// The whole HTTP surface (searchd/API.md documents each route). Matched in order.
const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = {
      {"GET", "/v1/search", HandleSearch},
      {"GET", "/v1/search.csv", HandleSearchCsv},
      {"GET", "/v1/search.jsonl", HandleSearchJsonl},
      {"GET", "/v1/search.atom", HandleSearchAtom},
      {"GET", "/v1/documents/{id}", HandleDocument},
      {"GET", "/v1/documents/{id}/related", HandleRelated},
      {"GET", "/v1/countries", HandleCountries},
      {"GET", "/v1/countries/{code}", HandleCountry},
      {"GET", "/v1/suggest", HandleSuggest},
      {"GET", "/v1/health", HandleHealth},
      {"GET", "/metrics", HandleMetrics},
      {"GET", "/opensearch.xml", HandleOpenSearch},
      // The web UI (ui.cc): server-rendered pages over the same Searcher.
      {"GET", "/", HandleUiSearch},
      {"GET", "/documents/{id}", HandleUiDocument},
      {"GET", "/countries", HandleUiCountries},
      {"GET", "/countries/{code}", HandleUiCountry},
      {"GET", "/static/{path*}", HandleUiStatic},
  };
  return routes;
}

std::string Request::Param(const std::string& name, const std::string& fallback) const {
  for (auto it = params.rbegin(); it != params.rend(); ++it)
    if (it->first == name) return it->second;
  return fallback;
}

std::vector<std::string> Request::Params(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params)
    if (k == name) out.push_back(v);
  return out;
}

bool Request::Has(const std::string& name) const {
  for (const auto& p : params)
    if (p.first == name) return true;
  return false;
}

std::string Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

namespace {

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* out) {
  std::map<std::string, std::string> found;
  size_t pi = 0, si = 0;
  while (pi < pattern.size()) {
    if (pattern[pi] == '{') {
      size_t close = pattern.find('}', pi);
      std::string name(pattern.substr(pi + 1, close - pi - 1));
      bool rest = !name.empty() && name.back() == '*';
      if (rest) name.pop_back();
      size_t end = rest ? path.size() : path.find('/', si);
      if (end == std::string_view::npos) end = path.size();
      if (end == si) return false;  // empty segment
      found[name] = std::string(path.substr(si, end - si));
      si = end;
      pi = close + 1;
      continue;
    }
    if (si >= path.size() || path[si] != pattern[pi]) return false;
    ++pi;
    ++si;
  }
  if (si != path.size()) return false;
  *out = std::move(found);
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view s, bool plus_is_space, const char* what) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return Status::InvalidArgument(std::string("bad percent-encoding in ") + what);
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (out.find('\0') != std::string::npos)
    return Status::InvalidArgument(std::string("a NUL byte in ") + what);
  if (!IsValidUtf8(out)) return Status::InvalidArgument(std::string(what) + " is not valid UTF-8");
  return out;
}

std::shared_ptr<spdlog::logger> Log() {
  auto l = spdlog::get("dossier");
  return l ? l : spdlog::default_logger();
}

}  // namespace

const Route* MatchRoute(Request& request) {
  for (const auto& r : Routes()) {
    if (request.method != r.method && !(request.method == "HEAD" && std::string_view(r.method) == "GET"))
      continue;
    if (MatchPattern(r.pattern, request.path, &request.path_params)) return &r;
  }
  return nullptr;
}

Result<Request> ParseTarget(std::string_view method, std::string_view target) {
  Request req;
  req.method = std::string(method);
  req.target = std::string(target);
  if (target.empty() || target[0] != '/')
    return Status::InvalidArgument("the request target must be an absolute path");
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (auto hash = raw_path.find('#'); hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  auto path = PercentDecode(raw_path, false, "the path");
  if (!path.ok()) return path.status();
  req.path = *path;
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    if (auto hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
    size_t start = 0;
    while (start <= query.size()) {
      size_t amp = query.find('&', start);
      if (amp == std::string_view::npos) amp = query.size();
      std::string_view pair = query.substr(start, amp - start);
      if (!pair.empty()) {
        size_t eq = pair.find('=');
        auto key = PercentDecode(pair.substr(0, eq), true, "a parameter name");
        if (!key.ok()) return key.status();
        std::string value;
        if (eq != std::string_view::npos) {
          auto v = PercentDecode(pair.substr(eq + 1), true, ("parameter '" + *key + "'").c_str());
          if (!v.ok()) return v.status();
          value = std::move(*v);
        }
        req.params.emplace_back(std::move(*key), std::move(value));
      }
      start = amp + 1;
    }
  }
  return req;
}

Response Dispatch(Request request, Context& ctx) {
  const auto t0 = std::chrono::steady_clock::now();
  Response resp;
  const Route* route = MatchRoute(request);
  std::string route_name = route ? route->pattern : "unmatched";
  if (route == nullptr) {
    bool other_method = false;
    for (const auto& r : Routes()) {
      std::map<std::string, std::string> ignored;
      if (MatchPattern(r.pattern, request.path, &ignored)) other_method = true;
    }
    resp = other_method ? ErrorResponse(405, "method " + request.method + " is not allowed on " + request.path +
                                                 " (the API is read-only: use GET)")
                        : ErrorResponse(404, "no such route: " + request.path + " (see /v1/health, /v1/search)");
    if (other_method) resp.headers.emplace_back("Allow", "GET, HEAD");
  } else {
    try {
      resp = route->handler(request, ctx);
    } catch (const std::exception& e) {
      Log()->error("handler for {} threw: {}", request.target, e.what());
      resp = ErrorResponse(500, "internal error while answering this request");
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (ctx.metrics) ctx.metrics->Record(route_name, resp.status, seconds);
  Log()->info("{} \"{} {}\" {} {} {:.3f}ms", request.remote_addr.empty() ? "-" : request.remote_addr,
              request.method, request.target.empty() ? request.path : request.target, resp.status,
              resp.stream ? std::string("stream") : std::to_string(resp.body.size()), seconds * 1000);
  return resp;
}

Result<ServerOptions> ParseListen(std::string_view listen, ServerOptions base) {
  std::string_view s = Trim(listen);
  size_t colon = s.rfind(':');
  if (colon == std::string_view::npos)
    return Status::InvalidArgument("--listen '" + std::string(listen) + "' needs host:port, e.g. 127.0.0.1:8080");
  std::string host(s.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "127.0.0.1";
  std::string port_text(s.substr(colon + 1));
  int port = -1;
  if (!port_text.empty() && port_text.size() <= 5 &&
      port_text.find_first_not_of("0123456789") == std::string::npos)
    port = std::stoi(port_text);
  if (port < 0 || port > 65535)
    return Status::InvalidArgument("--listen '" + std::string(listen) + "' has a bad port");
  base.host = host;
  base.port = port;
  return base;
}

struct Server::Rep {
  Context& ctx;
  ServerOptions options;
  httplib::Server http;
  int listen_fd = -1;
  Rep(Context& c, ServerOptions o) : ctx(c), options(std::move(o)) {}
};

Server::Server(Context& ctx, ServerOptions options)
    : rep_(std::make_unique<Rep>(ctx, std::move(options))) {
  auto& http = rep_->http;
  const int threads = std::max(1, rep_->options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(1000000);
  http.set_payload_max_length(rep_->options.max_payload_bytes);
  Rep* rep = rep_.get();
  http.set_socket_options([rep](socket_t sock) {
    httplib::default_socket_options(sock);  // SO_REUSEADDR
    rep->listen_fd = sock;
  });
  Context* ctxp = &rep_->ctx;
  auto serve = [ctxp](const httplib::Request& hreq, httplib::Response& hres) {
    auto parsed = ParseTarget(hreq.method, hreq.target);
    Response resp;
    if (!parsed.ok()) {
      resp = ErrorResponse(parsed.status());
      if (ctxp->metrics) ctxp->metrics->Record("unmatched", resp.status, 0);
    } else {
      Request& req = *parsed;
      req.remote_addr = hreq.remote_addr;
      for (const auto& [k, v] : hreq.headers) req.headers[AsciiLower(k)] = v;
      resp = Dispatch(std::move(req), *ctxp);
    }
    hres.status = resp.status;
    for (const auto& [k, v] : resp.headers) hres.set_header(k, v);
    if (resp.stream) {
      auto gen = std::make_shared<std::function<bool(std::string&)>>(std::move(resp.stream));
      hres.set_chunked_content_provider(resp.content_type, [gen](size_t, httplib::DataSink& sink) {
        std::string chunk;
        bool more = (*gen)(chunk);
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (!more) sink.done();
        return true;
      });
    } else {
      hres.set_content(std::move(resp.body), resp.content_type.c_str());
    }
  };
  http.Get(".*", serve);
  // Other methods get the router's 405.
  http.Post(".*", serve);
  http.Put(".*", serve);
  http.Delete(".*", serve);
  http.Patch(".*", serve);
  http.Options(".*", serve);
  // Errors cpp-httplib answers itself (malformed request line, header too long, URI too
  // long) get the same JSON body as ours.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    Response e = ErrorResponse(res.status, res.status == 414   ? "the request URI is too long"
                                           : res.status == 413 ? "the request body is too large"
                                                               : "malformed HTTP request");
    res.set_content(e.body, e.content_type.c_str());
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    Log()->error("request {} failed: {}", req.target, what);
    Response e = ErrorResponse(500, "internal error while answering this request");
    res.status = 500;
    res.set_content(e.body, e.content_type.c_str());
  });
}

Server::~Server() { Stop(); }

Result<int> Server::Bind() {
  auto& http = rep_->http;
  const auto& o = rep_->options;
  int port = o.port;
  if (o.port == 0) {
    port = http.bind_to_any_port(o.host);
    if (port <= 0) return Status::IoError("cannot bind to " + o.host + " (any port)");
  } else if (!http.bind_to_port(o.host, o.port)) {
    return Status::IoError("cannot bind to " + o.host + ":" + std::to_string(o.port) +
                           " (in use, or not an address of this machine)");
  }
  // cpp-httplib listens with a backlog of 5: a burst of new connections (64 clients
  // connecting at once) would wait for SYN retries. Linux takes a second listen() as a
  // new backlog.
  if (rep_->listen_fd >= 0) ::listen(rep_->listen_fd, 1024);
  return port;
}

bool Server::Run() { return rep_->http.listen_after_bind(); }

void Server::Stop() {
  if (rep_->http.is_running()) rep_->http.stop();
}

}  // namespace dossier
