// The route table, the dispatcher and the HTTP/1.1 server around them (plain sockets).
// Measured on this machine (shared/DESIGN.md): a server that closes keep-alive connections
// or leaves Nagle on costs 100x in throughput, so connections are kept and TCP_NODELAY set;
// each keep-alive connection holds one worker thread, so the pool is sized for the
// connections expected. Limits: request line 8 KiB (414), head 16 KiB (431), body
// max_payload_bytes (413), 5 s per read or write.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

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

namespace {

constexpr size_t kMaxRequestLine = 8192;   // longer: 414
constexpr size_t kMaxHeaderBytes = 16384;  // request line and headers together; more: 431
constexpr int kIoTimeoutSeconds = 5;       // a read or write that waits longer ends the connection
constexpr size_t kStreamFlushBytes = 64 * 1024;

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

// All of `data`, or false when the peer went away or the write timed out.
bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// `head` then `body`, in one sendmsg (one segment when they fit) without copying the body
// behind the head; false as SendAll.
bool SendAll(int fd, std::string_view head, std::string_view body) {
  while (!head.empty() || !body.empty()) {
    iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                      {const_cast<char*>(body.data()), body.size()}};
    msghdr msg{};
    msg.msg_iov = head.empty() ? parts + 1 : parts;
    msg.msg_iovlen = head.empty() ? 1 : 2;
    ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    size_t sent = static_cast<size_t>(n);
    const size_t from_head = std::min(sent, head.size());
    head.remove_prefix(from_head);
    body.remove_prefix(sent - from_head);
  }
  return true;
}

void AppendHeaders(std::string& out, const Response& resp, bool keep_alive, bool http10 = false) {
  out += "HTTP/1.1 ";
  out += std::to_string(resp.status);
  out += ' ';
  out += Reason(resp.status);
  out += "\r\nContent-Type: ";
  out += resp.content_type;
  out += "\r\n";
  for (const auto& [k, v] : resp.headers) {
    out += k;
    out += ": ";
    out += v;
    out += "\r\n";
  }
  if (!keep_alive)
    out += "Connection: close\r\n";
  else if (http10)
    out += "Connection: keep-alive\r\n";  // an HTTP/1.0 client closes otherwise
}

// One parsed request head: what Dispatch needs and how to treat the connection after it.
struct RequestHead {
  std::string method, target;
  std::map<std::string, std::string> headers;  // lower-case names
  bool keep_alive = true;
  bool http10 = false;
  size_t content_length = 0;
  bool chunked = false;
};

// Parses `head` (request line and headers, without the blank line). 0 when well formed,
// else the HTTP status to answer with before closing.
int ParseHead(std::string_view head, RequestHead* out) {
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  if (line.size() > kMaxRequestLine) return 414;
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return 400;
  out->method = std::string(line.substr(0, sp1));
  out->target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::string_view version = line.substr(sp2 + 1);
  if (out->method.empty() || out->target.empty() || version.substr(0, 7) != "HTTP/1.") return 400;
  for (char c : out->method)
    if (c < 'A' || c > 'Z') return 400;
  bool http10 = version == "HTTP/1.0";
  out->keep_alive = !http10;
  out->http10 = http10;
  size_t at = eol == std::string_view::npos ? head.size() : eol + 2;
  while (at < head.size()) {
    size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos) end = head.size();
    std::string_view h = head.substr(at, end - at);
    at = end + 2;
    size_t colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) return 400;
    std::string name = AsciiLower(h.substr(0, colon));
    std::string value(Trim(h.substr(colon + 1)));
    if (name == "content-length") {
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)
        return 400;
      out->content_length = std::stoull(value);
    } else if (name == "transfer-encoding") {
      out->chunked = AsciiLower(value).find("chunked") != std::string::npos;
    } else if (name == "connection") {
      std::string v = AsciiLower(value);
      if (v.find("close") != std::string::npos) out->keep_alive = false;
      if (http10 && v.find("keep-alive") != std::string::npos) out->keep_alive = true;
    }
    out->headers[std::move(name)] = std::move(value);
  }
  return 0;
}

}  // namespace

// A small HTTP/1.1 server: one thread per connection (a keep-alive connection holds its
// thread, as the connections of the bench and the web page are few), the head read with
// plain recv() and each answer written with one send(), headers and body together.
// cpp-httplib, used before, wrote headers and body in two sends and polled before each read,
// which cost about a tenth of a search's CPU (bench/searchd/README.md).
struct Server::Rep {
  Context& ctx;
  ServerOptions options;
  int listen_fd = -1;
  std::atomic<bool> stopping{false};
  std::atomic<bool> running{false};
  std::mutex mu;
  std::condition_variable cv;
  std::deque<int> pending;         // accepted, waiting for a worker
  std::set<int> open;              // connections being served (shut down by Stop)
  Rep(Context& c, ServerOptions o) : ctx(c), options(std::move(o)) {}

  void Worker() {
    for (;;) {
      int fd = -1;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return stopping || !pending.empty(); });
        if (pending.empty()) return;
        fd = pending.front();
        pending.pop_front();
        if (stopping) {
          ::close(fd);
          continue;
        }
        open.insert(fd);
      }
      Serve(fd);
      {
        std::lock_guard<std::mutex> lock(mu);
        open.erase(fd);
      }
      ::close(fd);
    }
  }

  // Answers `status` with the JSON error body and no keep-alive.
  static void SendError(int fd, int status, const std::string& message) {
    Response e = ErrorResponse(status, message);
    std::string out;
    AppendHeaders(out, e, false);
    out += "Content-Length: " + std::to_string(e.body.size()) + "\r\n\r\n";
    out += e.body;
    SendAll(fd, out);
  }

  void Serve(int fd) {
    std::string remote = "-";
    {
      sockaddr_storage ss{};
      socklen_t len = sizeof ss;
      char buf[INET6_ADDRSTRLEN] = "";
      if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
        if (ss.ss_family == AF_INET)
          ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, buf, sizeof buf);
        else if (ss.ss_family == AF_INET6)
          ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, buf, sizeof buf);
        remote = buf;
      }
    }
    std::string in;  // bytes read and not yet used (a pipelined request may follow)
    std::string out;
    char chunk[16384];
    while (!stopping) {
      // The head: up to the blank line.
      size_t head_end;
      size_t searched = 0;
      auto too_long = [&] {
        size_t eol = in.find("\r\n");
        if (eol == std::string::npos ? in.size() > kMaxRequestLine : eol > kMaxRequestLine)
          SendError(fd, 414, "the request URI is too long");
        else
          SendError(fd, 431, "the request headers are too large");
      };
      while ((head_end = in.find("\r\n\r\n", searched)) == std::string::npos) {
        searched = in.size() >= 3 ? in.size() - 3 : 0;
        if (in.size() > kMaxHeaderBytes) return too_long();
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // closed, timed out or shut down by Stop
        in.append(chunk, static_cast<size_t>(n));
      }
      if (head_end > kMaxHeaderBytes) return too_long();
      RequestHead head;
      int bad = ParseHead(std::string_view(in).substr(0, head_end), &head);
      if (bad != 0) {
        SendError(fd, bad, bad == 414 ? "the request URI is too long" : "malformed HTTP request");
        return;
      }
      in.erase(0, head_end + 4);
      // A body (the API takes none): read past it, or refuse it.
      if (head.chunked) {
        head.keep_alive = false;  // not read: the connection ends after the answer
      } else if (head.content_length > options.max_payload_bytes) {
        SendError(fd, 413, "the request body is too large");
        return;
      } else {
        while (in.size() < head.content_length) {
          ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) return;
          in.append(chunk, static_cast<size_t>(n));
        }
        in.erase(0, head.content_length);
      }

      Response resp;
      try {
        auto parsed = ParseTarget(head.method, head.target);
        if (!parsed.ok()) {
          resp = ErrorResponse(parsed.status());
          if (ctx.metrics) ctx.metrics->Record("unmatched", resp.status, 0);
        } else {
          Request& req = *parsed;
          req.remote_addr = remote;
          req.headers = std::move(head.headers);
          resp = Dispatch(std::move(req), ctx);
        }
      } catch (const std::exception& e) {
        Log()->error("request {} failed: {}", head.target, e.what());
        resp = ErrorResponse(500, "internal error while answering this request");
      }
      // HTTP/1.0 has no chunked encoding: a stream is sent as it comes and the connection
      // closed after it.
      const bool chunked = resp.stream && !head.http10;
      const bool keep_alive = head.keep_alive && !stopping && !(resp.stream && head.http10);
      const bool with_body = head.method != "HEAD";
      out.clear();
      AppendHeaders(out, resp, keep_alive, head.http10);
      if (!resp.stream) {
        out += "Content-Length: ";
        out += std::to_string(resp.body.size());
        out += "\r\n\r\n";
        if (!SendAll(fd, out, with_body ? std::string_view(resp.body) : std::string_view())) return;
      } else {
        out += chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "\r\n";
        if (with_body) {
          // Chunks as the handler produces them, gathered into writes of ~64 KiB.
          std::string piece;
          bool more = true;
          while (more) {
            piece.clear();
            try {
              more = resp.stream(piece);
            } catch (const std::exception& e) {
              Log()->error("streaming {} failed: {}", head.target, e.what());
              SendAll(fd, out);
              return;  // the client sees the chunked body cut short
            }
            if (!piece.empty() && chunked) {
              char size[20];
              std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
              out += size;
              out += piece;
              out += "\r\n";
            } else {
              out += piece;
            }
            if (!more && chunked) out += "0\r\n\r\n";
            if (out.size() >= kStreamFlushBytes || !more) {
              if (!SendAll(fd, out)) return;
              out.clear();
            }
          }
        } else if (!SendAll(fd, out)) {
          return;
        }
      }
      if (!keep_alive) return;
    }
  }
};

Server::Server(Context& ctx, ServerOptions options)
    : rep_(std::make_unique<Rep>(ctx, std::move(options))) {}

Server::~Server() {
  Stop();
  if (rep_->listen_fd >= 0) ::close(rep_->listen_fd);
}

Result<int> Server::Bind() {
  auto& rep = *rep_;
  const auto& o = rep.options;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(o.port);
  const std::string where = o.host + ":" + port_text;
  if (::getaddrinfo(o.host.c_str(), port_text.c_str(), &hints, &found) != 0 || found == nullptr)
    return Status::IoError("cannot bind to " + where + " (not an address of this machine)");
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // New connections arrive in bursts (64 clients at once): a deep backlog, not SYN retries.
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 1024) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0)
    return Status::IoError("cannot bind to " + where + " (in use, or not an address of this machine)");
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  int port = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                      : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  rep.listen_fd = fd;
  return port;
}

bool Server::Run() {
  auto& rep = *rep_;
  if (rep.listen_fd < 0 || rep.stopping) return false;
  rep.running = true;
  std::vector<std::thread> workers;
  const int threads = std::max(1, rep.options.threads);
  for (int i = 0; i < threads; ++i) workers.emplace_back([&rep] { rep.Worker(); });
  while (!rep.stopping) {
    int fd = ::accept4(rep.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) {
        if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      break;  // the listening socket was shut down by Stop
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv{kIoTimeoutSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    std::lock_guard<std::mutex> lock(rep.mu);
    rep.pending.push_back(fd);
    rep.cv.notify_one();
  }
  {
    std::lock_guard<std::mutex> lock(rep.mu);
    rep.stopping = true;
    // Requests in flight finish; idle keep-alive connections see the end of their input.
    for (int fd : rep.open) ::shutdown(fd, SHUT_RD);
  }
  rep.cv.notify_all();
  for (auto& w : workers) w.join();
  rep.running = false;
  return true;
}

void Server::Stop() {
  auto& rep = *rep_;
  std::lock_guard<std::mutex> lock(rep.mu);
  if (rep.stopping) return;
  rep.stopping = true;
  if (rep.listen_fd >= 0) ::shutdown(rep.listen_fd, SHUT_RDWR);  // wakes accept()
  for (int fd : rep.open) ::shutdown(fd, SHUT_RD);
  rep.cv.notify_all();
}

}  // namespace dossier
