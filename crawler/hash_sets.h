// Sets of 64-bit hashes for the crawl loop's per-run bookkeeping, sized so that memory
// stays near flat as a site grows: HashSet64 is exact (8 bytes a slot, open addressing),
// RecentHashes is a fixed-size cache that may forget a hash but never reports one it was
// not given (for answers the database also has).
// Thread-safety: values; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dossier {

class HashSet64 {
 public:
  // True when h was not in the set.
  bool Insert(uint64_t h) {
    h = Fix(h);
    if ((used_ + 1) * 4 > slots_.size() * 3) Grow();
    size_t i = Find(h);
    if (slots_[i] == h) return false;
    if (slots_[i] == kEmpty) ++used_;
    slots_[i] = h;
    ++size_;
    return true;
  }
  bool Contains(uint64_t h) const {
    if (slots_.empty()) return false;
    h = Fix(h);
    return slots_[Find(h)] == h;
  }
  void Erase(uint64_t h) {
    if (slots_.empty()) return;
    h = Fix(h);
    size_t i = Find(h);
    if (slots_[i] != h) return;
    slots_[i] = kDeleted;  // a tombstone keeps later probes going
    --size_;
  }
  size_t size() const { return size_; }

 private:
  static constexpr uint64_t kEmpty = 0, kDeleted = 1;
  // 0 and 1 mark slots; the two hashes that collide with them are moved aside.
  static uint64_t Fix(uint64_t h) { return h < 2 ? h + 2 : h; }
  // The slot holding h, or the first free one of its probe sequence (a tombstone when one
  // came first).
  size_t Find(uint64_t h) const {
    size_t mask = slots_.size() - 1, i = static_cast<size_t>(h * 0x9E3779B97F4A7C15ull >> 20) & mask;
    size_t tomb = SIZE_MAX;
    while (slots_[i] != kEmpty) {
      if (slots_[i] == h) return i;
      if (slots_[i] == kDeleted && tomb == SIZE_MAX) tomb = i;
      i = (i + 1) & mask;
    }
    return tomb != SIZE_MAX ? tomb : i;
  }
  void Grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : (size_ * 2 > old.size() / 2 ? old.size() * 2 : old.size()), kEmpty);
    used_ = size_ = 0;
    for (uint64_t h : old)
      if (h != kEmpty && h != kDeleted) {
        size_t i = Find(h);
        slots_[i] = h;
        ++used_;
        ++size_;
      }
  }
  std::vector<uint64_t> slots_;
  size_t used_ = 0;  // slots not empty (entries and tombstones)
  size_t size_ = 0;
};

class RecentHashes {
 public:
  // 2^bits slots of 8 bytes, direct-mapped: a hash evicts the one in its slot.
  explicit RecentHashes(int bits) : slots_(size_t{1} << bits, 0), mask_((size_t{1} << bits) - 1) {}
  // True when h was not remembered (it is now).
  bool Insert(uint64_t h) {
    h |= 1;  // 0 marks an empty slot; the low bit is given up for it
    uint64_t& s = slots_[Slot(h)];
    if (s == h) return false;
    s = h;
    return true;
  }
  bool Contains(uint64_t h) const {
    h |= 1;
    return slots_[Slot(h)] == h;
  }

 private:
  size_t Slot(uint64_t h) const { return static_cast<size_t>(h * 0x9E3779B97F4A7C15ull >> 17) & mask_; }
  std::vector<uint64_t> slots_;
  size_t mask_;
};

}  // namespace dossier
