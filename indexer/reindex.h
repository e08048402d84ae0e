// Reindex: builds a fresh index from every WARC into DATA/index-<time>, then points
// DATA/index at it with an atomic symlink swap, so searchd keeps serving the old index
// until the new one is complete.
#pragma once

#include <filesystem>

#include "pipeline.h"

namespace dossier {

// DATA/index: a symlink to the current index folder (or, for old layouts, the folder).
std::filesystem::path IndexPath(const std::filesystem::path& data_dir);

Result<PipelineSummary> Reindex(const std::filesystem::path& data_dir, const Processor& processor,
                                PipelineOptions options);

}  // namespace dossier
