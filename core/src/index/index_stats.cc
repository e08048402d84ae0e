#include "dossier/index_stats.h"

#include <xapian.h>

#include "dossier/schema.h"

namespace dossier {

Result<IndexStats> ComputeIndexStats(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound("no index at " + path.string());
  IndexStats s;
  try {
    Xapian::Database db(path.string());
    s.documents = db.get_doccount();
    s.removed = db.get_termfreq(schema::kRemoved);
    s.last_commit = db.get_metadata(schema::kLastCommitKey);
    s.checkpoint = db.get_metadata(schema::kCheckpointKey);
    auto count = [&](const std::string& prefix, std::map<std::string, uint64_t>& into, size_t value_len) {
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        std::string v = (*it).substr(prefix.size());
        if (value_len && v.size() != value_len) continue;  // XC vs XCOLLAPSE-like neighbours
        into[v] = it.get_termfreq();
      }
    };
    count(schema::kType, s.by_type, 0);
    count(schema::kLang, s.by_language, 0);
    count(schema::kCountry, s.by_country, 2);
    count(schema::kYear, s.by_year, 4);
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot read index at " + path.string() + ": " + e.get_description());
  }
  for (const auto& e : std::filesystem::recursive_directory_iterator(path, ec))
    if (e.is_regular_file()) s.bytes_on_disk += e.file_size();
  return s;
}

Status ForEachDocument(const std::filesystem::path& path,
                       const std::function<void(const std::string&, const std::vector<std::string>&)>& fn) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound("no index at " + path.string());
  try {
    Xapian::Database db(path.string());
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      std::vector<std::string> terms;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms.push_back(*t);
      fn(doc.get_data(), terms);
    }
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot read index at " + path.string() + ": " + e.get_description());
  }
  return Status::Ok();
}

}  // namespace dossier
