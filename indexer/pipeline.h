// The indexing pipeline: a Source yields items; worker threads extract, find entities and
// build Xapian documents; the calling thread writes them in source order and commits every
// N documents together with the source position (the checkpoint), so a crash at any moment
// loses nothing and indexes nothing twice. Memory is bounded by the queue, not the corpus.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dossier/index_writer.h"
#include "dossier/sharded_writer.h"
#include "dossier/record.h"
#include "dossier/status.h"
#include "dossier/warc.h"  // ListWarcFiles
#include "processor.h"

namespace dossier {

struct SourceItem {
  std::optional<RawItem> raw;        // a fetched or read page
  std::optional<DocRecord> record;   // or a ready record (JSON Lines)
  std::string position;              // source position just after this item
};

class Source {
 public:
  virtual ~Source() = default;
  // Next item: true, or false at the end. A bad item is returned as a Status and skipped by
  // the next call.
  virtual Result<bool> Next(SourceItem* item) = 0;
  virtual std::string Describe() const = 0;
  // How far through the source the last item was, 0..1, or -1 when unknown (for the ETA).
  virtual double Progress() const { return -1; }
};

// WARC files (crawler's or any tool's), in name order, starting after `checkpoint`
// ("file\toffset", as written by this source; "" = from the start).
std::unique_ptr<Source> NewWarcSource(std::vector<std::filesystem::path> files, std::string checkpoint);
// JSON Lines: one object a line; "id" required (a line without it is an error naming the line).
std::unique_ptr<Source> NewJsonlSource(const std::filesystem::path& file);
// A folder of .html/.htm/.pdf files, recursively, in name order; url = file:// path.
std::unique_ptr<Source> NewFilesSource(const std::filesystem::path& dir);

struct PipelineOptions {
  int threads = 0;                 // workers; 0 = every core
  int64_t commit_every = 1000;
  std::string checkpoint_key;      // metadata key for the position; "" = none kept
  bool delete_removed = false;     // 404/410: delete instead of marking removed
  std::filesystem::path failures_file;  // JSON Lines log of failed items
  bool progress = false;
  IndexOptions index;
};

struct PipelineSummary {
  int64_t read = 0, added = 0, replaced = 0, unchanged = 0, removed = 0, skipped = 0, failed = 0;
  double seconds = 0;
  // CPU time of the thread that writes to Xapian and of the extraction workers together:
  // which side limits the run (the writer is one thread; the workers share the other cores).
  double writer_cpu_seconds = 0, worker_cpu_seconds = 0;
  std::string ToString() const;
};

// `writer` holds one or more shards (an unsharded index is one shard).
Result<PipelineSummary> RunPipeline(Source& source, ShardedWriter& writer, const Processor& processor,
                                    const PipelineOptions& options);

}  // namespace dossier
