// Shards over IndexWriter: placement by id hash, metadata and commits in every shard.
// No Xapian here: each shard is an IndexWriter.
#include "dossier/sharded_writer.h"

#include <algorithm>
#include <cstdio>

#include "dossier/files.h"
#include "dossier/strings.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStubFile = "XAPIANDB";  // Xapian's stub database file in a folder

std::string ShardName(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "shard-%03d", i);
  return buf;
}

bool IsPlainDatabase(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path / "iamglass", ec) || fs::exists(path / "iamchert", ec);
}

}  // namespace

int CompareCheckpoints(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  auto split = [](std::string_view s) {
    auto tab = s.find('\t');
    std::string_view file = s.substr(0, tab);
    unsigned long long offset = 0;
    if (tab != std::string_view::npos)
      for (char c : s.substr(tab + 1))
        if (c >= '0' && c <= '9') offset = offset * 10 + static_cast<unsigned>(c - '0');
    return std::make_pair(file, offset);
  };
  auto [fa, oa] = split(a);
  auto [fb, ob] = split(b);
  if (int c = fa.compare(fb); c != 0) return c < 0 ? -1 : 1;
  return oa == ob ? 0 : (oa < ob ? -1 : 1);
}

int ShardedWriter::CountShards(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return 0;
  if (IsPlainDatabase(path)) return 1;
  int n = 0;
  while (IsPlainDatabase(path / ShardName(n))) ++n;
  return n;
}

fs::path ShardedWriter::ShardPath(const fs::path& path, int i, int shards) {
  return shards <= 1 ? path : path / ShardName(i);
}

int ShardedWriter::ShardOf(std::string_view id, int shards) {
  return shards <= 1 ? 0 : static_cast<int>(Fnv1a64(id) % static_cast<uint64_t>(shards));
}

ShardedWriter::~ShardedWriter() = default;

Result<std::unique_ptr<ShardedWriter>> ShardedWriter::Open(const fs::path& path, int shards,
                                                           const IndexOptions& options) {
  if (shards < 1) return Status::InvalidArgument("indexer.shards must be 1 or more, not " + std::to_string(shards));
  if (!path.empty()) {
    int existing = CountShards(path);
    if (existing > 0 && existing != shards)
      return Status::InvalidArgument("the index at " + path.string() + " has " + std::to_string(existing) +
                                     " shard(s) but indexer.shards is " + std::to_string(shards) +
                                     ": run `dossier-indexer reindex --shards " + std::to_string(shards) +
                                     "` to rebuild it with " + std::to_string(shards) + " shard(s)");
  }
  std::unique_ptr<ShardedWriter> w(new ShardedWriter());
  w->path_ = path;
  for (int i = 0; i < shards; ++i) {
    // An in-memory index (empty path, for tests) gets in-memory shards.
    auto one = IndexWriter::Open(path.empty() ? fs::path() : ShardPath(path, i, shards), options);
    if (!one.ok()) return one.status();
    w->writers_.push_back(std::move(*one));
  }
  for (int i = 0; i < shards && shards > 1; ++i) {
    std::vector<const IndexWriter*> peers;
    for (int j = 0; j < shards; ++j)
      if (j != i) peers.push_back(w->writers_[j].get());
    w->writers_[i]->SetNearDuplicatePeers(std::move(peers));
  }
  if (shards > 1 && !path.empty()) {
    std::string stub;
    for (int i = 0; i < shards; ++i) stub += "auto " + ShardName(i) + "\n";
    Status s = WriteFileAtomic(path / kStubFile, stub);
    if (!s.ok()) return s;
  }
  return w;
}

Result<IndexWriter::Outcome> ShardedWriter::Put(const PreparedDocument& doc) {
  return writers_[ShardOf(doc.id(), shards())]->Put(doc);
}

Result<IndexWriter::Outcome> ShardedWriter::Put(const DocRecord& record) {
  return writers_[ShardOf(record.id, shards())]->Put(record);
}

Status ShardedWriter::MarkRemoved(const std::string& id, const std::string& when, bool delete_it) {
  if (delete_it) return Delete(id);
  return writers_[ShardOf(id, shards())]->MarkRemoved(id, when, false);
}

Status ShardedWriter::Delete(const std::string& id) {
  for (auto& w : writers_) {
    Status s = w->Delete(id);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Result<DocRecord> ShardedWriter::Get(const std::string& id) const {
  return writers_[ShardOf(id, shards())]->Get(id);
}

void ShardedWriter::SetMetadata(const std::string& key, const std::string& value) {
  for (auto& w : writers_) w->SetMetadata(key, value);
}

std::string ShardedWriter::GetMetadata(const std::string& key) const {
  std::string lowest = writers_[0]->GetMetadata(key);
  for (size_t i = 1; i < writers_.size(); ++i) {
    std::string v = writers_[i]->GetMetadata(key);
    if (v != lowest && CompareCheckpoints(v, lowest) < 0) lowest = v;
  }
  return lowest;
}

Status ShardedWriter::Commit() {
  for (size_t i = 0; i < writers_.size(); ++i) {
    Status s = writers_[i]->Commit();
    if (!s.ok())
      return writers_.size() == 1 ? s : Status::IoError("shard " + ShardName(static_cast<int>(i)) + ": " + s.message());
  }
  return Status::Ok();
}

uint64_t ShardedWriter::DocCount() const {
  uint64_t n = 0;
  for (const auto& w : writers_) n += w->DocCount();
  return n;
}

}  // namespace dossier
