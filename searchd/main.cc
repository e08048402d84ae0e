// dossier-searchd: serves the index over HTTP (`serve`) or runs a file of queries into a
// TREC run (`batch`). Everything but argument handling lives in the libraries.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <thread>

#include "batch.h"
#include "dossier/config.h"
#include "dossier/logging.h"
#include "dossier/version.h"
#include "metrics.h"
#include "searcher.h"
#include "server.h"

namespace {

// Exit codes as the other programs': 2 for usage or config errors, 1 for runtime failures.
int Fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "dossier-searchd: %s\n", message.c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dossier;
  CLI::App app{"dossier-searchd: search the Dossier index over HTTP, or in batch for evaluation"};
  app.set_version_flag("--version", std::string("dossier-searchd ") + DOSSIER_VERSION);
  app.require_subcommand(1);

  std::string data = "data", config_file, log_format, log_level;
  std::vector<std::string> shards;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--data", data, "data folder; the index is DATA/index")->capture_default_str();
    sub->add_option("--shard", shards,
                    "an index shard to search: a folder, tcp://host:port, or replicas tcp://a:p|tcp://b:p "
                    "(repeatable; replaces searchd.shards)");
    sub->add_option("--config", config_file, "TOML configuration file (config/dossier.toml shows every key)");
    sub->add_option("--log-format", log_format, "text or json (default: log.format)");
    sub->add_option("--log-level", log_level, "trace, debug, info, warn, error, off (default: log.level)");
  };

  auto* serve = app.add_subcommand("serve", "serve the HTTP API (searchd/API.md)");
  std::string listen, static_dir;
  int threads = 0;
  add_common(serve);
  serve->add_option("--listen", listen, "host:port to bind (default: searchd.listen, 127.0.0.1:8080); port 0 picks a free one");
  serve->add_option("--threads", threads, "worker threads (default: searchd.threads)");
  serve->add_option("--static-dir", static_dir, "web UI folder (default: searchd.static_dir)");

  auto* batch = app.add_subcommand("batch", "run queries from a file and write a TREC run to stdout");
  BatchOptions bopts;
  std::string output;
  add_common(batch);
  batch->add_option("--queries", bopts.queries, "JSON Lines {\"id\",\"text\"} (or id<TAB>text lines)")->required();
  batch->add_option("--format", bopts.format, "run format")->check(CLI::IsMember({"trec"}))->capture_default_str();
  batch->add_option("--k", bopts.k, "hits per query")->capture_default_str();
  batch->add_option("--op", bopts.op, "default operator between words: or (default, as IR evaluations use) or and")
      ->check(CLI::IsMember({"and", "or"}));
  batch->add_option("--tag", bopts.tag, "run tag (last column)")->capture_default_str();
  batch->add_option("--output", output, "write the run here instead of stdout");

  CLI11_PARSE(app, argc, argv);

  auto loaded = LoadConfigAndStartLogging(config_file, log_format, log_level);
  if (!loaded.ok()) return Fail(loaded.status().message(), 2);
  const Config& config = *loaded;

  SearcherOptions sopts = SearcherOptions::FromConfig(config, data);
  if (!shards.empty()) sopts.shards = shards;

  if (*batch) {
    auto searcher = Searcher::Open(sopts);
    if (!searcher.ok()) return Fail(searcher.status().message());
    std::ofstream file;
    if (!output.empty()) {
      file.open(output, std::ios::binary | std::ios::trunc);
      if (!file) return Fail("cannot write " + output);
    }
    auto n = RunBatch(**searcher, bopts, output.empty() ? std::cout : file);
    if (!n.ok()) return Fail(n.status().message());
    spdlog::get("dossier")->info("batch: {} queries run", *n);
    return 0;
  }

  // serve
  ServerOptions server_options;
  auto parsed = ParseListen(listen.empty() ? config.GetString("searchd.listen") : listen, server_options);
  if (!parsed.ok()) return Fail(parsed.status().message());
  server_options = *parsed;
  server_options.threads = threads > 0 ? threads : static_cast<int>(config.GetInt("searchd.threads"));

  auto pool = SearcherPool::Open(sopts);
  if (!pool.ok()) return Fail(pool.status().message());
  Metrics metrics;
  Context ctx;
  ctx.pool = pool->get();
  ctx.metrics = &metrics;
  ctx.static_dir = static_dir.empty() ? config.GetString("searchd.static_dir") : static_dir;

  // SIGINT/SIGTERM are taken by one thread with sigwait, which stops the server: stopping
  // from a signal handler would not be async-signal-safe. Blocked before any thread starts
  // so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Server server(ctx, server_options);
  auto port = server.Bind();
  if (!port.ok()) return Fail(port.status().message());
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::get("dossier")->info("signal {}: finishing requests in flight and stopping", sig);
    server.Stop();
  });
  std::string host = server_options.host.find(':') != std::string::npos ? "[" + server_options.host + "]"
                                                                        : server_options.host;
  std::printf("dossier-searchd listening on http://%s:%d\n", host.c_str(), *port);
  std::fflush(stdout);
  spdlog::get("dossier")->info("serving {} shard(s), {} threads", sopts.shards.size(), server_options.threads);
  bool ok = server.Run();
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter when Run ended on its own
  waiter.join();
  spdlog::get("dossier")->info("stopped");
  return ok ? 0 : 1;
}
