#include <catch2/catch.hpp>

#include <string>

#include "dossier/strings.h"
#include "dossier/warc.h"

using namespace dossier;

namespace {
std::string Sha1Hex(std::string_view s) {
  Sha1 sha;
  sha.Update(s);
  auto d = sha.Finish();
  return HexEncode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}
}  // namespace

TEST_CASE("SHA-1 matches the FIPS 180 test vectors", "[warc][digest]") {
  struct Case {
    std::string input;
    const char* hex;
  };
  const Case cases[] = {
      {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
      {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
       "lmnopqrsmnopqrstnopqrstu",
       "a49b2446a02c645bf419f995b67091253a04a259"},
      {std::string(1000000, 'a'), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
      {"The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
  };
  for (const auto& c : cases) {
    INFO("input of " << c.input.size() << " bytes: " << c.input.substr(0, 40));
    CHECK(Sha1Hex(c.input) == c.hex);
  }
}

TEST_CASE("SHA-1 of lengths around the block size", "[warc][digest]") {
  // Bytes i % 251; digests from Python's hashlib.
  struct Case {
    size_t n;
    const char* hex;
  };
  const Case cases[] = {
      {63, "6d942da0c4392b123528f2905c713a3ce28364bd"},
      {64, "c6138d514ffa2135bfce0ed0b8fac65669917ec7"},
      {65, "69bd728ad6e13cd76ff19751fde427b00e395746"},
      {1000, "c9c960a0b925474fab83942cc27d504fc24ac37b"},
      {100000, "23a1065a0f6a485119049bf2799179dd0154efbb"},
  };
  for (const auto& c : cases) {
    INFO(c.n << " bytes");
    std::string s(c.n, '\0');
    for (size_t i = 0; i < c.n; ++i) s[i] = static_cast<char>(i % 251);
    CHECK(Sha1Hex(s) == c.hex);
  }
}

TEST_CASE("SHA-1 fed in pieces equals SHA-1 of the whole", "[warc][digest]") {
  std::string text;
  for (int i = 0; i < 300; ++i) text.push_back(static_cast<char>('a' + i % 26));
  const std::string whole = Sha1Hex(text);
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    INFO("cut at " << cut);
    Sha1 sha;
    sha.Update(std::string_view(text).substr(0, cut));
    sha.Update(std::string_view(text).substr(cut));
    auto d = sha.Finish();
    CHECK(HexEncode(std::string_view(reinterpret_cast<const char*>(d.data()), 20)) == whole);
  }
}

TEST_CASE("base32 matches RFC 4648 section 10", "[warc][digest]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"", ""},           {"f", "MY======"},       {"fo", "MZXQ===="},
      {"foo", "MZXW6==="}, {"foob", "MZXW6YQ="},   {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI======"},
  };
  for (const auto& c : cases) {
    INFO("input '" << c.in << "'");
    CHECK(Base32Encode(c.in) == c.out);
  }
}

TEST_CASE("WARC digests are sha1: plus base32 of the SHA-1", "[warc][digest]") {
  struct Case {
    const char* in;
    const char* digest;
  };
  // base32 of the FIPS digests above (computed with Python's base64.b32encode); the empty
  // one is the digest every WARC tool writes for an empty block.
  const Case cases[] = {
      {"abc", "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5"},
      {"", "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"},
  };
  for (const auto& c : cases) {
    INFO("input '" << c.in << "'");
    CHECK(WarcSha1Digest(c.in) == c.digest);
  }
}
