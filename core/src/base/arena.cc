#include "dossier/arena.h"

#include <algorithm>

namespace dossier {

namespace {
constexpr size_t kAlign = 16;
constexpr size_t kFirstBlock = 64 * 1024;
}  // namespace

void* BumpArena::Allocate(size_t n) {
  n = (std::max<size_t>(n, 1) + kAlign - 1) & ~(kAlign - 1);
  if (n > left_) {
    // Blocks double with the total, so a big page costs a few blocks, not thousands.
    size_t size = std::max({kFirstBlock, n, reserved_});
    blocks_.push_back(Block{std::unique_ptr<std::byte[]>(new std::byte[size]), size});  // not zeroed; 16-aligned
    reserved_ += size;
    cur_ = blocks_.back().data.get();
    left_ = size;
  }
  void* p = cur_;
  cur_ += n;
  left_ -= n;
  return p;
}

void BumpArena::Reset() {
  Block keep{nullptr, 0};
  for (auto& b : blocks_)
    if (b.size <= keep_bytes_ && b.size > keep.size) keep = std::move(b);
  blocks_.clear();
  reserved_ = 0;
  cur_ = nullptr;
  left_ = 0;
  if (keep.data) {
    cur_ = keep.data.get();
    left_ = keep.size;
    reserved_ = keep.size;
    blocks_.push_back(std::move(keep));
  }
}

}  // namespace dossier
