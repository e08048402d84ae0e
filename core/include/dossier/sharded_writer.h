// ShardedWriter: the index as N shards, each an ordinary Xapian database, with the surface
// of IndexWriter that the indexer's pipeline uses. A document lives in shard
// Fnv1a64(id) % N. docs/scale.md describes the layout; searchd searches the shards as one.
//
// Layout of an index folder `path`:
//   N = 1: `path` is itself the Xapian database (the layout from before sharding).
//   N > 1: `path`/shard-000 … `path`/shard-<N-1>, each a Xapian database, plus the stub file
//          `path`/XAPIANDB listing them, so that any Xapian program (xapian-delve, quest,
//          `dossier-indexer stats`) opens the folder as one combined database.
//
// Exactly once: SetMetadata writes the key into every shard and Commit commits every shard.
// A crash between two shards' commits leaves them at different checkpoints; GetMetadata then
// answers the smallest (CompareCheckpoints), and replaying from there is harmless because a
// document is placed by its id and an unchanged document is not rewritten.
//
// Thread-safety: one ShardedWriter per index, used from one thread, like IndexWriter.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/index_writer.h"
#include "dossier/record.h"
#include "dossier/status.h"

namespace dossier {

class ShardedWriter {
 public:
  // Opens or creates the index at `path` with `shards` shards (1 or more). InvalidArgument
  // when an existing index there has another number of shards (the message names both and
  // suggests `dossier-indexer reindex --shards N`); the errors of IndexWriter::Open otherwise
  // (Busy when another indexer holds a shard).
  static Result<std::unique_ptr<ShardedWriter>> Open(const std::filesystem::path& path, int shards,
                                                     const IndexOptions& options = {});
  ~ShardedWriter();

  // The number of shards of the index at `path`: 1 for a plain Xapian database, N for a
  // sharded folder, 0 when there is no index.
  static int CountShards(const std::filesystem::path& path);
  // The folder of shard `i` of `shards` under `path` (`path` itself when shards == 1).
  static std::filesystem::path ShardPath(const std::filesystem::path& path, int i, int shards);
  // The shard of the document `id`: Fnv1a64(id) % shards.
  static int ShardOf(std::string_view id, int shards);

  // As IndexWriter, in the document's shard.
  Result<IndexWriter::Outcome> Put(const PreparedDocument& doc);
  Result<IndexWriter::Outcome> Put(const DocRecord& record);
  Status MarkRemoved(const std::string& id, const std::string& when, bool delete_it);
  // Deletes `id` in its shard and its pages (XPARENT<id>) in every shard: a PDF's pages have
  // their own ids and so live anywhere.
  Status Delete(const std::string& id);
  Result<DocRecord> Get(const std::string& id) const;
  // Stored in every shard with the next Commit.
  void SetMetadata(const std::string& key, const std::string& value);
  // Shard 0's value when the shards agree; otherwise the smallest by CompareCheckpoints.
  std::string GetMetadata(const std::string& key) const;
  // Commits every shard, in order. IoError naming the shard that failed.
  Status Commit();
  uint64_t DocCount() const;
  int shards() const { return static_cast<int>(writers_.size()); }

 private:
  ShardedWriter() = default;
  std::filesystem::path path_;
  std::vector<std::unique_ptr<IndexWriter>> writers_;
};

// Orders source positions "file<TAB>offset" (as the WARC source writes them): by file name,
// then by offset as a number; "" (nothing indexed) first. <0, 0, >0 as strcmp.
int CompareCheckpoints(std::string_view a, std::string_view b);

}  // namespace dossier
