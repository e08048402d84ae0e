// IndexWriter: turns DocRecords into Xapian documents (terms, values, data per
// core/include/dossier/schema.h) and writes them. The only code that writes an index.
// Thread-safety: one IndexWriter per index, used from one thread (Xapian has one writer).
// BuildTerms may be called from many threads: term generation runs on the workers, and only
// Replace/Commit run on the writer thread.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dossier/record.h"
#include "dossier/status.h"

namespace dossier {

struct IndexOptions {
  int title_weight = 2;  // wdf increment of title words (indexer.title_weight; bench/ir chose 2)
  // Synonyms file: one line per group, tab-separated equivalent terms or phrases.
  std::filesystem::path synonyms_file;
};

// A record turned into Xapian terms/values, ready for the writer thread. Opaque.
class PreparedDocument {
 public:
  PreparedDocument();
  ~PreparedDocument();
  PreparedDocument(PreparedDocument&&) noexcept;
  PreparedDocument& operator=(PreparedDocument&&) noexcept;
  const std::string& id() const;
  const std::string& content_hash() const;
  // Where the document stands in the order of its source (a key compared as bytes; "" when
  // the source has no order). Near-duplicate matching only looks back: a candidate whose key
  // sorts after this one is ignored, so a sharded index resumed after a crash (one shard
  // committed further than another) picks the same collapse key as an uninterrupted run.
  void set_source_order(std::string key);

 private:
  friend class IndexWriter;
  friend PreparedDocument PrepareDocument(const DocRecord&, const struct IndexOptions&);
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

// Builds the Xapian document for `record` (thread-safe, no database needed).
PreparedDocument PrepareDocument(const DocRecord& record, const IndexOptions& options);

class IndexWriter {
 public:
  // Opens or creates the on-disk index at `path`. A second writer gets Busy with a message
  // naming the path; an index made with another schema gets InvalidArgument naming both
  // versions. An empty path opens an in-memory index (for tests).
  static Result<std::unique_ptr<IndexWriter>> Open(const std::filesystem::path& path,
                                                   const IndexOptions& options = {});
  ~IndexWriter();

  enum class Outcome { kAdded, kReplaced, kUnchanged };
  // Adds or replaces the document with the same id. A document whose content hash is the
  // same as the stored one is not rewritten (kUnchanged).
  Result<Outcome> Put(const PreparedDocument& doc);
  Result<Outcome> Put(const DocRecord& record);
  // Marks the document with `id` removed (kept, with the date) or deletes it.
  // NotFound when there is no such document.
  Status MarkRemoved(const std::string& id, const std::string& when, bool delete_it);
  // Deletes the document with `id` and every document whose parent is `id`.
  Status Delete(const std::string& id);
  // The stored record, or NotFound.
  Result<DocRecord> Get(const std::string& id) const;
  // Metadata stored atomically with the next Commit (checkpoint, etc.).
  void SetMetadata(const std::string& key, const std::string& value);
  std::string GetMetadata(const std::string& key) const;
  // Commits documents and metadata together, and records the commit time.
  Status Commit();
  uint64_t DocCount() const;
  // The other shards of a sharded index (ShardedWriter): Put looks for near-duplicates in
  // them too, so documents on different shards share a collapse key as in one index, and
  // Commit counts their documents when it decides which words enter the spelling table. The
  // writers must outlive this one and be used from the same thread.
  void SetNearDuplicatePeers(std::vector<const IndexWriter*> peers);

 private:
  IndexWriter();
  void FlushSpelling();
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace dossier
