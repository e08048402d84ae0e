// dossier-crawler: crawl | robots | url. Exit codes (docs in README.md):
//   0 done; 1 runtime failure (disk, database); 2 usage or config error;
//   3 another crawler holds the data folder's lock; 4 stopped by SIGTERM/SIGINT (resumes next run).
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>

#include "crawler.h"
#include "dossier/config.h"
#include "dossier/logging.h"
#include "dossier/url.h"
#include "dossier/version.h"
#include "robots/robots_command.h"

namespace {

dossier::Crawler* g_crawler = nullptr;
void OnSignal(int) {
  if (g_crawler) g_crawler->RequestStop();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dossier-crawler: fetches the organisation's sites politely into a WARC archive"};
  app.set_version_flag("--version", std::string("dossier-crawler ") + DOSSIER_VERSION);
  std::string config_file, data_dir = "./data", log_format, log_level;
  app.add_option("--config", config_file, "TOML config file (see config/dossier.toml)");
  app.add_option("--data", data_dir, "data folder: crawl.db, warc/, index/")->capture_default_str();
  app.add_option("--log-format", log_format, "text or json (default: config log.format)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error (default: config log.level)");
  bool print_config = false;
  app.add_flag("--print-config", print_config, "print every config key with its default and exit");
  app.fallthrough();  // global options may follow the subcommand
  app.require_subcommand(0, 1);

  auto* crawl = app.add_subcommand("crawl", "crawl the seeds and sitemaps, and recrawl what is due");
  std::vector<std::string> seeds;
  bool dry_run = false, no_progress = false, recrawl_all = false;
  std::string partition;
  crawl->add_option("--seed", seeds, "start URL (repeatable; added to crawler.seeds)");
  crawl->add_flag("--recrawl-all", recrawl_all, "fetch every known URL now, whatever its schedule");
  crawl->add_option("--partition", partition,
                    "i/K: crawl only the hosts of partition i of K (hash of the host), for K processes "
                    "each with its own --data");
  crawl->add_flag("--dry-run", dry_run, "print the URLs that are due, fetch nothing");
  crawl->add_flag("--no-progress", no_progress, "no progress line on the terminal");

  auto* robots = app.add_subcommand("robots", "check URLs against a robots.txt with the crawler's matcher");
  std::string robots_file, agent = "DossierBot";
  std::vector<std::string> robots_urls;
  robots->add_option("--robots", robots_file, "robots.txt file")->required();
  robots->add_option("--agent", agent, "product token to match")->capture_default_str();
  robots->add_option("URL", robots_urls, "URLs (or paths) to check")->required();

  auto* url = app.add_subcommand("url", "resolve HREFs as browsers do (WHATWG URL Standard)");
  std::string base;
  bool canonical = false;
  std::vector<std::string> hrefs;
  url->add_option("--base", base, "base URL to resolve against");
  url->add_flag("--canonical", canonical, "print the crawler's dedup key instead of the href");
  url->add_option("HREF", hrefs, "URLs to parse")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (print_config) {
    std::cout << dossier::Config::ExampleToml();
    return 0;
  }
  auto loaded = dossier::LoadConfigAndStartLogging(config_file, log_format, log_level);
  if (!loaded.ok()) {
    std::cerr << "dossier-crawler: " << loaded.status().message() << "\n";
    return 2;
  }
  const dossier::Config& config = *loaded;

  if (*robots) return dossier::RunRobotsCommand(robots_file, agent, robots_urls, std::cout, std::cerr);

  if (*url) {
    dossier::Url base_url;
    const dossier::Url* base_ptr = nullptr;
    if (!base.empty()) {
      auto b = dossier::ParseUrl(base);
      if (!b.ok()) {
        std::cerr << "dossier-crawler: --base is not a valid URL: " << b.status().message() << "\n";
        return 2;
      }
      base_url = *b;
      base_ptr = &base_url;
    }
    dossier::CanonicalOptions canon;
    canon.strip_params = config.GetStringList("crawler.strip_query_params");
    canon.sort_params = config.GetBool("crawler.sort_query_params");
    for (const auto& h : hrefs) {
      auto u = dossier::ParseUrl(h, base_ptr);
      if (!u.ok()) std::cout << "invalid\n";
      else std::cout << (canonical ? dossier::CanonicalKey(*u, canon) : u->Href()) << "\n";
    }
    return 0;
  }

  if (*crawl) {
    dossier::CrawlOptions opt;
    opt.data_dir = data_dir;
    opt.seeds = seeds;
    opt.dry_run = dry_run;
    opt.recrawl_all = recrawl_all;
    if (!partition.empty()) {
      auto ps = dossier::ParsePartition(partition, &opt.partition, &opt.partitions);
      if (!ps.ok()) {
        std::cerr << "dossier-crawler: " << ps.message() << "\n";
        return 2;
      }
    }
    opt.progress = !no_progress;
    opt.config = config;
    dossier::Crawler crawler(opt, dossier::NewCurlFetcher(dossier::FetcherOptionsFromConfig(config)));
    g_crawler = &crawler;
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGINT, OnSignal);
    auto result = crawler.Run();
    g_crawler = nullptr;
    if (!result.ok()) {
      if (result.status().code() == dossier::Status::Code::kBusy) {
        spdlog::error("another crawler is running on this data folder: {}", result.status().message());
        return 3;
      }
      spdlog::error("crawl failed: {}", result.status().ToString());
      if (result.status().code() == dossier::Status::Code::kInvalidArgument) return 2;
      return 1;
    }
    spdlog::info("crawl finished: {}", result->ToString());
    return result->interrupted ? 4 : 0;
  }
  std::cout << app.help();
  return 2;
}
