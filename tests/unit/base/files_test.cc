#include <catch2/catch.hpp>

#include "dossier/files.h"

using namespace dossier;

TEST_CASE("WriteFileAtomic then ReadFile round-trips; missing file is NotFound", "[files]") {
  TempDir dir;
  auto p = dir.path() / "x.txt";
  REQUIRE(WriteFileAtomic(p, "hello").ok());
  REQUIRE(WriteFileAtomic(p, "world").ok());
  auto r = ReadFile(p);
  REQUIRE(r.ok());
  CHECK(*r == "world");
  auto missing = ReadFile(dir.path() / "nope");
  CHECK(missing.status().code() == Status::Code::kNotFound);
}

TEST_CASE("a second FileLock on the same file is Busy until the first is released", "[files]") {
  TempDir dir;
  auto p = dir.path() / "lock";
  {
    auto a = FileLock::Acquire(p);
    REQUIRE(a.ok());
    auto b = FileLock::Acquire(p);
    REQUIRE_FALSE(b.ok());
    CHECK(b.status().code() == Status::Code::kBusy);
  }
  CHECK(FileLock::Acquire(p).ok());
}
