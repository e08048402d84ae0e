#include "batch.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "dossier/files.h"
#include "dossier/strings.h"

namespace dossier {

Result<int64_t> RunBatch(Searcher& searcher, const BatchOptions& options, std::ostream& out) {
  if (options.format != "trec")
    return Status::InvalidArgument("unknown batch format '" + options.format + "' (expected trec)");
  if (options.k < 1) return Status::InvalidArgument("--k must be at least 1");
  auto text = ReadFile(options.queries);
  if (!text.ok()) return text.status();
  int64_t run = 0;
  int line_no = 0;
  for (const auto& raw : Split(*text, '\n', false)) {
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty()) continue;
    std::string qid, qtext;
    if (line.front() == '{') {
      auto j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("id") || !j.contains("text"))
        return Status::InvalidArgument(options.queries.string() + ":" + std::to_string(line_no) +
                                       ": expected {\"id\": ..., \"text\": ...}");
      qid = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
      qtext = j["text"].is_string() ? j["text"].get<std::string>() : "";
    } else {
      auto tab = line.find('\t');
      if (tab == std::string_view::npos)
        return Status::InvalidArgument(options.queries.string() + ":" + std::to_string(line_no) +
                                       ": expected a JSON object or id<TAB>text");
      qid = std::string(Trim(line.substr(0, tab)));
      qtext = std::string(Trim(line.substr(tab + 1)));
    }
    SearchRequest req;
    req.q = qtext;
    req.size = options.k;
    req.op = options.op;
    req.snippets = false;
    req.no_limits = true;
    auto r = searcher.Search(req);
    if (!r.ok() && r.status().code() == Status::Code::kInvalidArgument) {
      spdlog::warn("query {}: {}; running it as plain words", qid, r.status().message());
      req.plain = true;
      r = searcher.Search(req);
    }
    if (!r.ok()) return Status(r.status());
    for (const auto& h : r->hits) {
      char score[32];
      std::snprintf(score, sizeof score, "%.6f", h.score);
      out << qid << " Q0 " << h.id << ' ' << h.rank << ' ' << score << ' ' << options.tag << '\n';
    }
    ++run;
  }
  out.flush();
  if (!out) return Status::IoError("cannot write the run");
  return run;
}

}  // namespace dossier
