// SHA-1 (FIPS 180-4) and RFC 4648 base32, as WARC digests need them.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#include "dossier/warc.h"

namespace dossier {

namespace {
inline uint32_t Rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
inline uint32_t LoadBe32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
}  // namespace

Sha1::Sha1() : h_{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u} {}

namespace {

void PortableBlock(uint32_t* h_, const uint8_t* p) {
  // A 16-word rolling message schedule, and the five working variables renamed each round
  // instead of shifted (the usual way to keep them in registers).
  uint32_t w[16];
  for (int i = 0; i < 16; ++i) w[i] = LoadBe32(p + 4 * i);
  uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
  auto W = [&w](int i) -> uint32_t {
    if (i < 16) return w[i];
    uint32_t x = Rotl(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15], 1);
    w[i & 15] = x;
    return x;
  };
#define DOSSIER_SHA1_ROUND(f, k, a, b, c, d, e, i) \
  e += Rotl(a, 5) + (f) + (k) + W(i);              \
  b = Rotl(b, 30);
#define DOSSIER_SHA1_FIVE(f, k, i)                                  \
  DOSSIER_SHA1_ROUND(f(b, c, d), k, a, b, c, d, e, i)               \
  DOSSIER_SHA1_ROUND(f(a, b, c), k, e, a, b, c, d, i + 1)           \
  DOSSIER_SHA1_ROUND(f(e, a, b), k, d, e, a, b, c, i + 2)           \
  DOSSIER_SHA1_ROUND(f(d, e, a), k, c, d, e, a, b, i + 3)           \
  DOSSIER_SHA1_ROUND(f(c, d, e), k, b, c, d, e, a, i + 4)
  auto ch = [](uint32_t x, uint32_t y, uint32_t z) { return z ^ (x & (y ^ z)); };
  auto parity = [](uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; };
  auto maj = [](uint32_t x, uint32_t y, uint32_t z) { return (x & y) | (z & (x | y)); };
  // Fully unrolled, so every schedule index is a constant.
  DOSSIER_SHA1_FIVE(ch, 0x5A827999u, 0)
  DOSSIER_SHA1_FIVE(ch, 0x5A827999u, 5)
  DOSSIER_SHA1_FIVE(ch, 0x5A827999u, 10)
  DOSSIER_SHA1_FIVE(ch, 0x5A827999u, 15)
  DOSSIER_SHA1_FIVE(parity, 0x6ED9EBA1u, 20)
  DOSSIER_SHA1_FIVE(parity, 0x6ED9EBA1u, 25)
  DOSSIER_SHA1_FIVE(parity, 0x6ED9EBA1u, 30)
  DOSSIER_SHA1_FIVE(parity, 0x6ED9EBA1u, 35)
  DOSSIER_SHA1_FIVE(maj, 0x8F1BBCDCu, 40)
  DOSSIER_SHA1_FIVE(maj, 0x8F1BBCDCu, 45)
  DOSSIER_SHA1_FIVE(maj, 0x8F1BBCDCu, 50)
  DOSSIER_SHA1_FIVE(maj, 0x8F1BBCDCu, 55)
  DOSSIER_SHA1_FIVE(parity, 0xCA62C1D6u, 60)
  DOSSIER_SHA1_FIVE(parity, 0xCA62C1D6u, 65)
  DOSSIER_SHA1_FIVE(parity, 0xCA62C1D6u, 70)
  DOSSIER_SHA1_FIVE(parity, 0xCA62C1D6u, 75)
#undef DOSSIER_SHA1_FIVE
#undef DOSSIER_SHA1_ROUND
  h_[0] += a;
  h_[1] += b;
  h_[2] += c;
  h_[3] += d;
  h_[4] += e;
}

#if defined(__x86_64__)
// The x86 SHA extensions (Intel SHA-NI, AMD Zen): four rounds per instruction, several
// times the portable speed; the crawler hashes every body twice.
__attribute__((target("sha,sse4.1,ssse3"))) void ShaNiBlocks(uint32_t* h, const uint8_t* p,
                                                            size_t n) {
  const __m128i mask = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)), 0x1B);
  __m128i e0 = _mm_set_epi32(static_cast<int>(h[4]), 0, 0, 0);
  for (; n > 0; --n, p += 64) {
    const __m128i abcd_save = abcd, e0_save = e0;
    __m128i e1, m0, m1, m2, m3;
#define DOSSIER_SHA1_LOAD(i) \
  _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * (i))), mask)
    // Rounds 0-15 load the message; from 16 on each group of four extends it.
    m0 = DOSSIER_SHA1_LOAD(0);
    e0 = _mm_add_epi32(e0, m0);
    e1 = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);
    m1 = DOSSIER_SHA1_LOAD(1);
    e1 = _mm_sha1nexte_epu32(e1, m1);
    e0 = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e1, 0);
    m0 = _mm_sha1msg1_epu32(m0, m1);
    m2 = DOSSIER_SHA1_LOAD(2);
    e0 = _mm_sha1nexte_epu32(e0, m2);
    e1 = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);
    m1 = _mm_sha1msg1_epu32(m1, m2);
    m0 = _mm_xor_si128(m0, m2);
    m3 = DOSSIER_SHA1_LOAD(3);
#define DOSSIER_SHA1_GROUP(ec, en, a0, a1, a2, a3, f) \
  ec = _mm_sha1nexte_epu32(ec, a0);                   \
  en = abcd;                                          \
  a1 = _mm_sha1msg2_epu32(a1, a0);                    \
  abcd = _mm_sha1rnds4_epu32(abcd, ec, f);            \
  a3 = _mm_sha1msg1_epu32(a3, a0);                    \
  a2 = _mm_xor_si128(a2, a0);
    DOSSIER_SHA1_GROUP(e1, e0, m3, m0, m1, m2, 0)  // rounds 12-15
    DOSSIER_SHA1_GROUP(e0, e1, m0, m1, m2, m3, 0)  // 16-19
    DOSSIER_SHA1_GROUP(e1, e0, m1, m2, m3, m0, 1)
    DOSSIER_SHA1_GROUP(e0, e1, m2, m3, m0, m1, 1)
    DOSSIER_SHA1_GROUP(e1, e0, m3, m0, m1, m2, 1)
    DOSSIER_SHA1_GROUP(e0, e1, m0, m1, m2, m3, 1)
    DOSSIER_SHA1_GROUP(e1, e0, m1, m2, m3, m0, 1)  // 36-39
    DOSSIER_SHA1_GROUP(e0, e1, m2, m3, m0, m1, 2)
    DOSSIER_SHA1_GROUP(e1, e0, m3, m0, m1, m2, 2)
    DOSSIER_SHA1_GROUP(e0, e1, m0, m1, m2, m3, 2)
    DOSSIER_SHA1_GROUP(e1, e0, m1, m2, m3, m0, 2)
    DOSSIER_SHA1_GROUP(e0, e1, m2, m3, m0, m1, 2)  // 56-59
    DOSSIER_SHA1_GROUP(e1, e0, m3, m0, m1, m2, 3)
    DOSSIER_SHA1_GROUP(e0, e1, m0, m1, m2, m3, 3)
    DOSSIER_SHA1_GROUP(e1, e0, m1, m2, m3, m0, 3)
    DOSSIER_SHA1_GROUP(e0, e1, m2, m3, m0, m1, 3)  // 72-75
#undef DOSSIER_SHA1_GROUP
#undef DOSSIER_SHA1_LOAD
    e1 = _mm_sha1nexte_epu32(e1, m3);  // 76-79
    e0 = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e1, 3);
    e0 = _mm_sha1nexte_epu32(e0, e0_save);
    abcd = _mm_add_epi32(abcd, abcd_save);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h), _mm_shuffle_epi32(abcd, 0x1B));
  h[4] = static_cast<uint32_t>(_mm_extract_epi32(e0, 3));
}

bool HaveShaNi() {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  bool ssse3 = c & (1u << 9), sse41 = c & (1u << 19);
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return ssse3 && sse41 && (b & (1u << 29));
}
#endif

}  // namespace

void Sha1::Blocks(const uint8_t* p, size_t n) {
#if defined(__x86_64__)
  static const bool kShaNi = HaveShaNi() && std::getenv("DOSSIER_SHA1_PORTABLE") == nullptr;
  if (kShaNi) {
    ShaNiBlocks(h_, p, n);
    return;
  }
#endif
  for (; n > 0; --n, p += 64) PortableBlock(h_, p);
}

void Sha1::Update(std::string_view bytes) {
  auto p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  total_ += n;
  if (buf_len_ > 0) {
    size_t take = std::min(n, sizeof(buf_) - buf_len_);
    std::memcpy(buf_ + buf_len_, p, take);
    buf_len_ += take;
    p += take;
    n -= take;
    if (buf_len_ < sizeof(buf_)) return;
    Blocks(buf_, 1);
    buf_len_ = 0;
  }
  if (n >= 64) {
    Blocks(p, n / 64);
    p += n / 64 * 64;
    n %= 64;
  }
  if (n > 0) {
    std::memcpy(buf_, p, n);
    buf_len_ = n;
  }
}

std::array<uint8_t, 20> Sha1::Finish() {
  uint64_t bits = total_ * 8;
  uint8_t pad[72] = {0x80};
  // Pad to 56 mod 64, then the 64-bit big-endian length.
  size_t pad_len = (buf_len_ < 56) ? 56 - buf_len_ : 120 - buf_len_;
  for (int i = 0; i < 8; ++i) pad[pad_len + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  Update(std::string_view(reinterpret_cast<const char*>(pad), pad_len + 8));
  std::array<uint8_t, 20> out;
  for (int i = 0; i < 5; ++i) {
    out[4 * i] = static_cast<uint8_t>(h_[i] >> 24);
    out[4 * i + 1] = static_cast<uint8_t>(h_[i] >> 16);
    out[4 * i + 2] = static_cast<uint8_t>(h_[i] >> 8);
    out[4 * i + 3] = static_cast<uint8_t>(h_[i]);
  }
  return out;
}

std::string Base32Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  uint64_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(acc >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (5 - bits)) & 31]);
  while (out.size() % 8 != 0) out.push_back('=');
  return out;
}

std::string WarcSha1Digest(std::string_view bytes) {
  Sha1 sha;
  sha.Update(bytes);
  auto d = sha.Finish();
  return "sha1:" + Base32Encode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

}  // namespace dossier
