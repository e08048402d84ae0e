// Counts an index holds, for `dossier-indexer stats`: documents by type, language, country
// and year, and the index's size on disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <vector>
#include <string>

#include "dossier/status.h"

namespace dossier {

struct IndexStats {
  uint64_t documents = 0;
  uint64_t removed = 0;
  uint64_t bytes_on_disk = 0;
  std::string last_commit;
  std::string checkpoint;
  std::map<std::string, uint64_t> by_type, by_language, by_country, by_year;
};

// NotFound when there is no index at `path`.
Result<IndexStats> ComputeIndexStats(const std::filesystem::path& path);

// Calls `fn` with each stored record (JSON, as in the document data) and the document's
// terms, in document-id order. For `dossier-indexer dump` and the exactly-once tests.
Status ForEachDocument(const std::filesystem::path& path,
                       const std::function<void(const std::string& json,
                                                const std::vector<std::string>& terms)>& fn);

}  // namespace dossier
