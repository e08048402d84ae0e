// The real server on an ephemeral loopback port: what a client sees over the wire,
// including the malformed requests the server must refuse itself (before any handler).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "fixture.h"
#include "metrics.h"
#include "server.h"

namespace dossier {
namespace {

// A connection to the server on loopback; reads on it give up after 5 s.
int ConnectLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// What the server sends on fd until it closes (or 5 s pass), or until a whole first line.
std::string Receive(int fd, bool first_line_only) {
  std::string reply;
  char buf[4096];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<size_t>(n));
    if (first_line_only && reply.find("\r\n") != std::string::npos) break;
  }
  return reply;
}

// Sends raw bytes and returns the first line of the answer ("" when the server closed).
std::string RawExchange(int port, const std::string& bytes) {
  int fd = ConnectLoopback(port);
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string reply = Receive(fd, /*first_line_only=*/true);
  close(fd);
  return reply.substr(0, reply.find("\r\n"));
}

// Sends raw bytes and returns everything the server answers until it closes the connection
// (or 5 s pass).
std::string RawAll(int port, const std::string& bytes) {
  int fd = ConnectLoopback(port);
  REQUIRE(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  std::string reply = Receive(fd, /*first_line_only=*/false);
  close(fd);
  return reply;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("The server answers over loopback and refuses malformed requests") {
  testing::FixtureIndex fx;
  auto pool = SearcherPool::Open(fx.options());
  REQUIRE(pool.ok());
  Metrics metrics;
  Context ctx;
  ctx.pool = pool->get();
  ctx.metrics = &metrics;
  ServerOptions so;
  so.port = 0;
  so.threads = 4;
  Server server(ctx, so);
  auto port = server.Bind();
  REQUIRE(port.ok());
  REQUIRE(*port > 0);
  std::thread runner([&] { server.Run(); });

  httplib::Client cli("127.0.0.1", *port);
  auto health = cli.Get("/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto hj = nlohmann::json::parse(health->body);
  CHECK(hj["documents"] == 20);

  auto search = cli.Get("/v1/search?q=red%20notice%20azerbaijan");
  REQUIRE(search);
  CHECK(search->status == 200);
  CHECK(search->get_header_value("Content-Type") == "application/json");
  auto sj = nlohmann::json::parse(search->body);
  CHECK(sj["hits"][0]["id"] == "case-aliyev");
  CHECK(sj["hits"][0].contains("snippet"));

  auto bad = cli.Get("/v1/search?q=%22unclosed");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK_THAT(bad->body, Catch::Contains("unbalanced quote"));

  auto utf8 = cli.Get("/v1/search?q=%C3%28");
  REQUIRE(utf8);
  CHECK(utf8->status == 400);
  CHECK_THAT(utf8->body, Catch::Contains("not valid UTF-8"));

  auto jsonl = cli.Get("/v1/search.jsonl?q=interpol");
  REQUIRE(jsonl);
  CHECK(jsonl->status == 200);
  CHECK(std::count(jsonl->body.begin(), jsonl->body.end(), '\n') >= 10);

  auto post = cli.Post("/v1/search", "x", "text/plain");
  REQUIRE(post);
  CHECK(post->status == 405);

  CHECK_THAT(RawExchange(*port, "GARBAGE\r\n\r\n"), Catch::StartsWith("HTTP/1.1 400"));
  std::string huge = "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  std::string status_line = RawExchange(*port, huge);
  CHECK_THAT(status_line, Catch::StartsWith("HTTP/1.1 4"));
  std::string long_uri = "GET /v1/search?q=" + std::string(10000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n";
  CHECK_THAT(RawExchange(*port, long_uri), Catch::StartsWith("HTTP/1.1 4"));

  // Keep-alive: many requests over one connection.
  for (int i = 0; i < 20; ++i) {
    auto r = cli.Get("/v1/search?q=interpol&size=1");
    REQUIRE(r);
    CHECK(r->status == 200);
  }

  // Two requests in one packet (pipelined): two answers, in order, then the close asked for.
  std::string two = RawAll(*port,
                           "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                           "GET /v1/search?q=interpol&size=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(Count(two, "HTTP/1.1 200 OK\r\n") == 2);
  CHECK(two.find("\"documents\"") < two.find("\"hits\""));
  // HTTP/1.0: no chunked encoding (an export is sent as it comes, then the connection
  // closes), and a keep-alive asked for is confirmed.
  std::string export10 = RawAll(*port, "GET /v1/search.jsonl?q=interpol HTTP/1.0\r\n\r\n");
  CHECK_THAT(export10, Catch::StartsWith("HTTP/1.1 200"));
  CHECK(export10.find("Transfer-Encoding") == std::string::npos);
  CHECK(Count(export10, "\n{") >= 9);
  std::string kept = RawExchange(*port, "GET /v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  CHECK_THAT(kept, Catch::StartsWith("HTTP/1.1 200"));
  std::string head10 = RawAll(*port, "HEAD /v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /v1/health HTTP/1.0\r\n\r\n");
  CHECK(head10.find("Connection: keep-alive\r\n") != std::string::npos);
  CHECK(Count(head10, "HTTP/1.1 200 OK\r\n") == 2);
  CHECK(Count(head10, "\"documents\"") == 1);  // HEAD has no body

  server.Stop();
  runner.join();
}

}  // namespace
}  // namespace dossier
