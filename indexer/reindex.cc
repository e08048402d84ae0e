#include "reindex.h"

#include <spdlog/spdlog.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <set>

#include "dossier/schema.h"
#include "dossier/strings.h"

namespace dossier {

namespace fs = std::filesystem;

fs::path IndexPath(const fs::path& data_dir) { return data_dir / "index"; }

Result<std::vector<WarcDir>> ListWarcDirs(const fs::path& data_dir, const std::vector<fs::path>& extra) {
  std::vector<WarcDir> out;
  std::set<std::string> names;
  std::error_code ec;
  if (fs::is_directory(data_dir / "warc", ec)) {
    out.push_back({data_dir / "warc", schema::kCheckpointKey});
    names.insert("warc");
  }
  std::vector<fs::path> partitions;
  for (auto it = fs::directory_iterator(data_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_directory() && StartsWith(it->path().filename().string(), "warc-")) partitions.push_back(it->path());
  std::sort(partitions.begin(), partitions.end());
  for (const auto& p : partitions) {
    out.push_back({p, std::string(schema::kCheckpointKey) + "." + p.filename().string()});
    names.insert(p.filename().string());
  }
  for (const auto& e : extra) {
    if (!fs::is_directory(e, ec)) return Status::InvalidArgument("--warc-dir " + e.string() + " is not a folder");
    fs::path canon = fs::weakly_canonical(e, ec);
    bool dup = false;
    for (const auto& d : out) dup = dup || fs::weakly_canonical(d.dir, ec) == canon;
    if (dup) continue;  // already listed (DATA/warc-* given again)
    std::string name = canon.filename().string();
    if (!names.insert(name).second)
      return Status::InvalidArgument("two WARC folders are named '" + name +
                                     "'; each folder's checkpoint is kept under its name, so rename one");
    out.push_back({e, name == "warc" ? std::string(schema::kCheckpointKey)
                                     : std::string(schema::kCheckpointKey) + "." + name});
  }
  return out;
}

Result<PipelineSummary> Reindex(const fs::path& data_dir, const Processor& processor, PipelineOptions options,
                                int shards, const std::vector<WarcDir>& dirs) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char name[64];
  std::strftime(name, sizeof name, "index-%Y%m%d%H%M%S", &tm);
  fs::path fresh = data_dir / name;
  std::error_code ec;
  fs::remove_all(fresh, ec);
  PipelineSummary sum;
  {
    auto writer = ShardedWriter::Open(fresh, shards, options.index);
    if (!writer.ok()) return writer.status();
    for (const auto& d : dirs) {
      options.checkpoint_key = d.checkpoint_key;
      auto source = NewWarcSource(ListWarcFiles(d.dir), "");
      auto r = RunPipeline(*source, **writer, processor, options);
      if (!r.ok()) return r.status();
      sum.read += r->read;
      sum.added += r->added;
      sum.replaced += r->replaced;
      sum.unchanged += r->unchanged;
      sum.removed += r->removed;
      sum.skipped += r->skipped;
      sum.failed += r->failed;
      sum.seconds += r->seconds;
    }
  }
  // Swap: a new symlink renamed over DATA/index is atomic for readers.
  fs::path link = IndexPath(data_dir);
  fs::path tmp = data_dir / "index.swap";
  fs::remove(tmp, ec);
  fs::create_directory_symlink(fs::path(name), tmp, ec);
  if (ec) return Status::IoError("cannot create symlink " + tmp.string() + ": " + ec.message());
  fs::path old_target;
  if (fs::is_symlink(link)) {
    old_target = data_dir / fs::read_symlink(link);
    if (::rename(tmp.c_str(), link.c_str()) != 0)
      return Status::IoError("cannot swap in the new index at " + link.string() + ": " + std::strerror(errno));
  } else if (fs::exists(link)) {
    // An index folder from before the first reindex. rename() cannot put a symlink over a
    // folder, so the two are exchanged in one step (Linux renameat2); a reader never finds
    // DATA/index missing. Where the filesystem cannot exchange, the folder is moved aside
    // first and searchd keeps serving its open copy through the short gap.
    old_target = data_dir / "index-previous";
    fs::remove_all(old_target, ec);
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, link.c_str(), RENAME_EXCHANGE) == 0) {
      fs::rename(tmp, old_target, ec);  // tmp now names the old folder
      if (ec) old_target = tmp;
    } else {
      fs::rename(link, old_target, ec);
      if (ec) return Status::IoError("cannot move the old index aside: " + ec.message());
      if (::rename(tmp.c_str(), link.c_str()) != 0)
        return Status::IoError("cannot swap in the new index at " + link.string() + ": " + std::strerror(errno));
    }
  } else if (::rename(tmp.c_str(), link.c_str()) != 0) {
    return Status::IoError("cannot swap in the new index at " + link.string() + ": " + std::strerror(errno));
  }
  spdlog::info("the index now points at {} ({} shard(s))", fresh.string(), shards);
  if (!old_target.empty() && old_target != fresh) {
    // searchd reopens the new index on its next request; the old folder goes after that.
    fs::remove_all(old_target, ec);
  }
  return sum;
}

}  // namespace dossier
