#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <set>

#include "dossier/arena.h"

using dossier::BumpArena;

TEST_CASE("BumpArena: aligned, distinct, writable blocks of any size", "[base]") {
  BumpArena arena;
  std::set<uintptr_t> seen;
  for (size_t n : {1u, 3u, 16u, 17u, 1000u, 70000u, 5u, 1u << 20, 24u}) {
    auto* p = static_cast<unsigned char*>(arena.Allocate(n));
    REQUIRE(p != nullptr);
    CHECK(reinterpret_cast<uintptr_t>(p) % 16 == 0);
    std::memset(p, 0xab, n);  // the whole size is ours (ASan would see an overrun)
    CHECK(seen.insert(reinterpret_cast<uintptr_t>(p)).second);
  }
  // Earlier allocations are not overwritten by later ones.
  auto* a = static_cast<char*>(arena.Allocate(8));
  std::memcpy(a, "abcdefg", 8);
  for (int i = 0; i < 1000; ++i) std::memset(arena.Allocate(100), 0, 100);
  CHECK(std::string(a) == "abcdefg");
  CHECK(BumpArena::AllocateCallback(&arena, 0) != nullptr);
}

TEST_CASE("BumpArena: Reset keeps one block up to the limit and reuses it", "[base]") {
  BumpArena arena(1u << 20);
  void* first = arena.Allocate(100);
  for (int i = 0; i < 50; ++i) arena.Allocate(10000);  // several blocks
  CHECK(arena.bytes_reserved() >= 500000);
  arena.Reset();
  CHECK(arena.bytes_reserved() > 0);
  CHECK(arena.bytes_reserved() <= (1u << 20));
  // The kept block serves the next allocations.
  void* again = arena.Allocate(100);
  CHECK(again != nullptr);
  (void)first;

  BumpArena small(1);  // keeps nothing
  small.Allocate(100);
  small.Reset();
  CHECK(small.bytes_reserved() == 0);
}
