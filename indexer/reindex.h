// Reindex: builds a fresh index from every WARC into DATA/index-<time> (with the number of
// shards asked for), then points DATA/index at it with an atomic symlink swap, so searchd
// keeps serving the old index until the new one is complete. Also where the indexer finds
// its WARC folders.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline.h"

namespace dossier {

// DATA/index: a symlink to the current index folder (or, for old layouts, the folder).
std::filesystem::path IndexPath(const std::filesystem::path& data_dir);

// A folder of WARC files and the metadata key of its own checkpoint. Each folder keeps its
// own position because the crawler's partitions write new files into their folders at their
// own pace: one position across folders would skip a partition's newer files.
struct WarcDir {
  std::filesystem::path dir;
  std::string checkpoint_key;
};

// DATA/warc (key "dossier.checkpoint", as before partitions), then every DATA/warc-*/ in
// name order (key "dossier.checkpoint.warc-*"), then each of `extra` (key
// "dossier.checkpoint.<folder name>"; InvalidArgument when two folders share a name or an
// extra folder does not exist). Folders that do not exist under DATA are left out.
Result<std::vector<WarcDir>> ListWarcDirs(const std::filesystem::path& data_dir,
                                          const std::vector<std::filesystem::path>& extra = {});

// Rebuilds into `shards` shards from the WARCs of `dirs`.
Result<PipelineSummary> Reindex(const std::filesystem::path& data_dir, const Processor& processor,
                                PipelineOptions options, int shards, const std::vector<WarcDir>& dirs);

}  // namespace dossier
