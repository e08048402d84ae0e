#include "reindex.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <ctime>

#include "dossier/schema.h"

namespace dossier {

namespace fs = std::filesystem;

fs::path IndexPath(const fs::path& data_dir) { return data_dir / "index"; }

Result<PipelineSummary> Reindex(const fs::path& data_dir, const Processor& processor, PipelineOptions options) {
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
    auto writer = IndexWriter::Open(fresh, options.index);
    if (!writer.ok()) return writer.status();
    options.checkpoint_key = schema::kCheckpointKey;
    auto source = NewWarcSource(ListWarcFiles(data_dir / "warc"), "");
    auto r = RunPipeline(*source, **writer, processor, options);
    if (!r.ok()) return r.status();
    sum = *r;
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
  } else if (fs::exists(link)) {
    // An index folder from before the first reindex: move it aside first.
    old_target = data_dir / "index-previous";
    fs::remove_all(old_target, ec);
    fs::rename(link, old_target, ec);
    if (ec) return Status::IoError("cannot move the old index aside: " + ec.message());
  }
  if (::rename(tmp.c_str(), link.c_str()) != 0) return Status::IoError("cannot swap in the new index at " + link.string());
  spdlog::info("the index now points at {}", fresh.string());
  if (!old_target.empty() && old_target != fresh) {
    // searchd reopens the new index on its next request; the old folder goes after that.
    fs::remove_all(old_target, ec);
  }
  return sum;
}

}  // namespace dossier
