// dossier-indexer: index | import | extract | entities | stats | failures | reindex.
// Exit codes: 0 done; 1 runtime failure (disk, index); 2 usage or config error;
// 3 another indexer holds the index (Xapian has one writer).
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

#include "dossier/config.h"
#include "dossier/entities.h"
#include "dossier/entities_command.h"
#include "dossier/extract_command.h"
#include "dossier/files.h"
#include "dossier/index_stats.h"
#include "dossier/logging.h"
#include "dossier/schema.h"
#include "dossier/strings.h"
#include "dossier/version.h"
#include "pipeline.h"
#include "reindex.h"

namespace fs = std::filesystem;

namespace {

int ExitFor(const dossier::Status& s) {
  if (s.code() == dossier::Status::Code::kBusy) return 3;
  if (s.code() == dossier::Status::Code::kInvalidArgument || s.code() == dossier::Status::Code::kNotFound) return 2;
  return 1;
}

dossier::PipelineOptions PipelineOptionsFor(const dossier::Config& c, const fs::path& data) {
  dossier::PipelineOptions o;
  o.threads = static_cast<int>(c.GetInt("indexer.threads"));
  o.commit_every = c.GetInt("indexer.commit_every");
  o.delete_removed = c.GetString("indexer.removed_pages") == "delete";
  o.failures_file = data / "failures.jsonl";
  o.progress = true;
  o.index.title_weight = static_cast<int>(c.GetInt("indexer.title_weight"));
  std::string syn = c.GetString("indexer.synonyms_file");
  o.index.synonyms_file = syn.empty() ? dossier::DefaultDataDir() / "synonyms.tsv" : fs::path(syn);
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dossier-indexer: extracts the archive's text and entities into a Xapian index"};
  app.set_version_flag("--version", std::string("dossier-indexer ") + DOSSIER_VERSION);
  std::string config_file, data_dir = "./data", log_format, log_level;
  app.add_option("--config", config_file, "TOML config file (see config/dossier.toml)");
  app.add_option("--data", data_dir, "data folder: crawl.db, warc/, index/")->capture_default_str();
  app.add_option("--log-format", log_format, "text or json");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error");
  app.fallthrough();  // global options may follow the subcommand
  app.require_subcommand(1);

  auto* index = app.add_subcommand("index", "index new WARC records from DATA/warc and DATA/warc-*/ into DATA/index");
  int commit_every = 0, threads = 0, shards = 0;
  std::vector<std::string> warc_dirs;
  for (auto* sc : {index}) {
    sc->add_option("--commit-every", commit_every, "documents between commits (default: config)");
    sc->add_option("--threads", threads, "extraction threads (default: every core)");
    sc->add_option("--warc-dir", warc_dirs, "another folder of WARC files (repeatable; each keeps its own checkpoint)");
  }

  auto* import = app.add_subcommand("import", "import WARC files, JSON Lines or a folder of HTML/PDF files");
  std::vector<std::string> warcs;
  std::string jsonl, files_dir;
  import->add_option("--warc", warcs, "WARC or WARC.gz files from any tool");
  import->add_option("--jsonl", jsonl, "JSON Lines: {id, url, title, text, published, type, language}");
  import->add_option("--files", files_dir, "a folder of .html/.pdf files");
  import->add_option("--commit-every", commit_every, "documents between commits");
  import->add_option("--threads", threads, "extraction threads");

  auto* extract = app.add_subcommand("extract", "print the main text or record extracted from one HTML/PDF file");
  std::string format = "text", url, file;
  extract->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  extract->add_option("--url", url, "the page's URL (resolves relative links, site name)");
  extract->add_option("FILE", file, "file, or - for stdin")->required();

  auto* entities = app.add_subcommand("entities", "print the entities found in one HTML or text file");
  std::string ent_format = "json", ent_file;
  entities->add_option("--format", ent_format, "json")->capture_default_str();
  entities->add_option("FILE", ent_file, "file, or - for stdin")->required();

  auto* stats = app.add_subcommand("stats", "counts by type, language, country and year; index size");
  auto* failures = app.add_subcommand("failures", "list documents that failed, with URL and reason");
  auto* dump = app.add_subcommand("dump", "print every stored record as JSON Lines (with --terms, its terms)");
  bool dump_terms = false;
  dump->add_flag("--terms", dump_terms, "add each document's index terms");
  auto* reindex = app.add_subcommand("reindex", "rebuild the index from the WARCs and swap it in atomically");
  reindex->add_option("--shards", shards, "number of shards of the new index (default: indexer.shards)");
  reindex->add_option("--warc-dir", warc_dirs, "another folder of WARC files (repeatable)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  auto loaded = dossier::LoadConfigAndStartLogging(config_file, log_format, log_level);
  if (!loaded.ok()) {
    std::cerr << "dossier-indexer: " << loaded.status().message() << "\n";
    return 2;
  }
  const dossier::Config& config = *loaded;
  fs::path data = data_dir;

  if (*extract) return dossier::RunExtractCommand(file, format, url, std::cout, std::cerr);
  if (*entities) return dossier::RunEntitiesCommand(ent_file, ent_format, dossier::DefaultDataDir(), std::cout, std::cerr);

  if (*stats) {
    auto s = dossier::ComputeIndexStats(data / "index");
    if (!s.ok()) {
      std::cerr << "dossier-indexer: " << s.status().message() << "\n";
      return ExitFor(s.status());
    }
    std::cout << "documents\t" << s->documents << "\nremoved\t" << s->removed << "\nindex_bytes\t"
              << s->bytes_on_disk << "\nlast_commit\t" << s->last_commit << "\n";
    auto section = [](const char* name, const std::map<std::string, uint64_t>& m) {
      for (const auto& [k, v] : m) std::cout << name << "\t" << k << "\t" << v << "\n";
    };
    section("type", s->by_type);
    section("language", s->by_language);
    section("country", s->by_country);
    section("year", s->by_year);
    return 0;
  }
  if (*dump) {
    dossier::Status st = dossier::ForEachDocument(data / "index", [&](const std::string& json,
                                                                     const std::vector<std::string>& terms) {
      if (!dump_terms) {
        std::cout << json << "\n";
        return;
      }
      std::string t;
      for (const auto& term : terms) t += (t.empty() ? "\"" : ",\"") + dossier::JsonEscape(term) + "\"";
      std::cout << "{\"record\":" << json << ",\"terms\":[" << t << "]}\n";
    });
    if (!st.ok()) {
      std::cerr << "dossier-indexer: " << st.message() << "\n";
      return ExitFor(st);
    }
    return 0;
  }
  if (*failures) {
    std::ifstream in(data / "failures.jsonl");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      std::cout << line << "\n";
      ++n;
    }
    std::cerr << n << " failure(s)\n";
    return 0;
  }

  auto popt = PipelineOptionsFor(config, data);
  if (commit_every > 0) popt.commit_every = commit_every;
  if (threads > 0) popt.threads = threads;
  auto proc = dossier::Processor::Create(dossier::ProcessorOptionsFromConfig(config));
  if (!proc.ok()) {
    spdlog::error("{}", proc.status().ToString());
    return ExitFor(proc.status());
  }

  std::vector<fs::path> extra_dirs(warc_dirs.begin(), warc_dirs.end());
  auto dirs = dossier::ListWarcDirs(data, extra_dirs);
  if (!dirs.ok()) {
    std::cerr << "dossier-indexer: " << dirs.status().message() << "\n";
    return 2;
  }
  const int config_shards = static_cast<int>(config.GetInt("indexer.shards"));
  if (*reindex) {
    if (shards <= 0) shards = config_shards;
    if (shards < 1) {
      std::cerr << "dossier-indexer: --shards / indexer.shards must be 1 or more\n";
      return 2;
    }
    auto s = dossier::Reindex(data, **proc, popt, shards, *dirs);
    if (!s.ok()) {
      spdlog::error("reindex failed: {}", s.status().ToString());
      return ExitFor(s.status());
    }
    spdlog::info("reindex finished: {}", s->ToString());
    return 0;
  }

  // An existing index keeps its number of shards (reindex --shards changes it); indexer.shards
  // applies when the index is created.
  int existing = dossier::ShardedWriter::CountShards(dossier::IndexPath(data));
  if (existing > 0 && existing != config_shards)
    spdlog::warn("the index has {} shard(s) and indexer.shards is {}: keeping {}; `dossier-indexer reindex` "
                 "rebuilds it with {}",
                 existing, config_shards, existing, config_shards);
  auto writer = dossier::ShardedWriter::Open(dossier::IndexPath(data), existing > 0 ? existing : std::max(1, config_shards),
                                             popt.index);
  if (!writer.ok()) {
    spdlog::error("{}", writer.status().ToString());
    return ExitFor(writer.status());
  }
  std::vector<std::unique_ptr<dossier::Source>> sources;
  std::vector<std::string> checkpoint_keys;  // one per source; "" = none kept
  if (*index) {
    for (const auto& d : *dirs) {
      sources.push_back(dossier::NewWarcSource(dossier::ListWarcFiles(d.dir), (*writer)->GetMetadata(d.checkpoint_key)));
      checkpoint_keys.push_back(d.checkpoint_key);
    }
    if (sources.empty()) spdlog::warn("no WARC folder under {} (warc/ or warc-*/) and no --warc-dir", data.string());
  } else {
    if (warcs.empty() && jsonl.empty() && files_dir.empty()) {
      std::cerr << "dossier-indexer import: give --warc FILE..., --jsonl FILE or --files DIR\n";
      return 2;
    }
    std::vector<fs::path> wf(warcs.begin(), warcs.end());
    for (const auto& w : wf)
      if (!fs::exists(w)) {
        std::cerr << "dossier-indexer import: no such file: " << w << "\n";
        return 2;
      }
    if (!wf.empty()) sources.push_back(dossier::NewWarcSource(wf, ""));
    if (!jsonl.empty()) {
      if (!fs::exists(jsonl)) {
        std::cerr << "dossier-indexer import: no such file: " << jsonl << "\n";
        return 2;
      }
      sources.push_back(dossier::NewJsonlSource(jsonl));
    }
    if (!files_dir.empty()) {
      if (!fs::is_directory(files_dir)) {
        std::cerr << "dossier-indexer import: not a folder: " << files_dir << "\n";
        return 2;
      }
      sources.push_back(dossier::NewFilesSource(files_dir));
    }
  }
  checkpoint_keys.resize(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    auto& src = sources[i];
    popt.checkpoint_key = checkpoint_keys[i];
    auto sum = dossier::RunPipeline(*src, **writer, **proc, popt);
    if (!sum.ok()) {
      spdlog::error("indexing {} failed: {}", src->Describe(), sum.status().ToString());
      return ExitFor(sum.status());
    }
    spdlog::info("indexed {}: {}", src->Describe(), sum->ToString());
    std::cout << sum->ToString() << "\n";
  }
  return 0;
}
