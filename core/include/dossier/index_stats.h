// Counts an index holds, for `dossier-indexer stats`: documents by type, language, country
// and year, and the index's size on disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
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

}  // namespace dossier
