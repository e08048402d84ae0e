// The URL Standard's host parser: bracketed IPv6, opaque hosts of non-special schemes, and
// domains (percent-decoding, UTS #46 mapping through ICU, then the IPv4 forms browsers
// accept: "0x7f.1", "017.0.0.1", "2130706433").
#include <unicode/uidna.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/strings.h"
#include "dossier/url.h"
#include "percent_encode.h"

namespace dossier {
namespace url_internal {

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && IsAsciiHexDigit(s[i + 1]) && IsAsciiHexDigit(s[i + 2])) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace url_internal

namespace {

using url_internal::AppendEncoded;
using url_internal::EncodeSet;
using url_internal::HexValue;
using url_internal::IsAsciiDigit;
using url_internal::IsAsciiHexDigit;

bool IsForbiddenHostCodePoint(unsigned char c) {
  switch (c) {
    case 0x00: case '\t': case '\n': case '\r': case ' ': case '#': case '/': case ':':
    case '<': case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}

bool IsForbiddenDomainCodePoint(unsigned char c) {
  return IsForbiddenHostCodePoint(c) || c <= 0x1F || c == '%' || c == 0x7F;
}

// ---- IPv6 -------------------------------------------------------------------------------

using Ipv6 = std::array<uint16_t, 8>;

std::optional<Ipv6> ParseIpv6(std::string_view in) {
  Ipv6 address{};
  int piece_index = 0;
  int compress = -1;
  size_t p = 0;
  auto at = [&](size_t i) -> int {
    return i < in.size() ? static_cast<unsigned char>(in[i]) : -1;
  };
  if (at(p) == ':') {
    if (at(p + 1) != ':') return std::nullopt;
    p += 2;
    ++piece_index;
    compress = piece_index;
  }
  while (at(p) != -1) {
    if (piece_index == 8) return std::nullopt;
    if (at(p) == ':') {
      if (compress != -1) return std::nullopt;
      ++p;
      ++piece_index;
      compress = piece_index;
      continue;
    }
    uint32_t value = 0;
    int length = 0;
    while (length < 4 && IsAsciiHexDigit(at(p))) {
      value = value * 0x10 + HexValue(at(p));
      ++p;
      ++length;
    }
    if (at(p) == '.') {
      // An embedded IPv4 address fills the last two pieces.
      if (length == 0) return std::nullopt;
      p -= length;
      if (piece_index > 6) return std::nullopt;
      int numbers_seen = 0;
      while (at(p) != -1) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (at(p) == '.' && numbers_seen < 4) {
            ++p;
          } else {
            return std::nullopt;
          }
        }
        if (!IsAsciiDigit(at(p))) return std::nullopt;
        while (IsAsciiDigit(at(p))) {
          int number = at(p) - '0';
          if (ipv4_piece == -1) {
            ipv4_piece = number;
          } else if (ipv4_piece == 0) {
            return std::nullopt;  // leading zero
          } else {
            ipv4_piece = ipv4_piece * 10 + number;
          }
          if (ipv4_piece > 255) return std::nullopt;
          ++p;
        }
        address[piece_index] = static_cast<uint16_t>(address[piece_index] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      if (numbers_seen != 4) return std::nullopt;
      break;
    } else if (at(p) == ':') {
      ++p;
      if (at(p) == -1) return std::nullopt;
    } else if (at(p) != -1) {
      return std::nullopt;
    }
    address[piece_index] = static_cast<uint16_t>(value);
    ++piece_index;
  }
  if (compress != -1) {
    int swaps = piece_index - compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[piece_index], address[compress + swaps - 1]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    return std::nullopt;
  }
  return address;
}

std::string SerializeIpv6(const Ipv6& a) {
  // Compress the first longest run of two or more zero pieces.
  int best_start = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (a[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && a[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[";
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += (i == 0) ? "::" : ":";
      i += best_len - 1;
      continue;
    }
    uint16_t v = a[i];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >> shift) & 0xF;
      if (d != 0 || started || shift == 0) {
        out += kHex[d];
        started = true;
      }
    }
    if (i != 7) out += ':';
  }
  out += ']';
  return out;
}

// ---- IPv4 -------------------------------------------------------------------------------

// The standard's IPv4 number parser: decimal, "0x" hex or leading-zero octal. Values are
// capped just above 2^32 so that long inputs cannot overflow; callers only compare them
// against limits <= 2^32.
std::optional<uint64_t> ParseIpv4Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  } else if (s.size() >= 2 && s[0] == '0') {
    s.remove_prefix(1);
    radix = 8;
  }
  if (s.empty()) return 0;
  constexpr uint64_t kCap = (uint64_t{1} << 32) + 1;
  uint64_t value = 0;
  for (char c : s) {
    int d;
    if (radix == 16 && IsAsciiHexDigit(c)) {
      d = HexValue(c);
    } else if (radix == 10 && IsAsciiDigit(c)) {
      d = c - '0';
    } else if (radix == 8 && c >= '0' && c <= '7') {
      d = c - '0';
    } else {
      return std::nullopt;
    }
    value = value * radix + d;
    if (value > kCap) value = kCap;
  }
  return value;
}

bool EndsInANumber(std::string_view s) {
  std::vector<std::string> parts = Split(s, '.', /*skip_empty=*/false);
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  const std::string& last = parts.back();
  if (!last.empty()) {
    bool all_digits = true;
    for (char c : last) all_digits = all_digits && IsAsciiDigit(c);
    if (all_digits) return true;
  }
  return ParseIpv4Number(last).has_value();
}

Result<std::string> ParseIpv4(std::string_view s) {
  std::vector<std::string> parts = Split(s, '.', /*skip_empty=*/false);
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  if (parts.size() > 4) return Status::InvalidArgument("IPv4 address has more than four parts");
  std::vector<uint64_t> numbers;
  for (const std::string& part : parts) {
    std::optional<uint64_t> n = ParseIpv4Number(part);
    if (!n) return Status::InvalidArgument("IPv4 address has a non-numeric part");
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return Status::InvalidArgument("IPv4 address part exceeds 255");
  }
  uint64_t limit = uint64_t{1} << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit) return Status::InvalidArgument("IPv4 address out of range");
  uint64_t ipv4 = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) ipv4 += numbers[i] << (8 * (3 - i));
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += std::to_string((ipv4 >> shift) & 0xFF);
    if (shift != 0) out += '.';
  }
  return out;
}

// ---- Domains ----------------------------------------------------------------------------

// UTS #46 with the URL Standard's flags: CheckBidi, CheckJoiners, nontransitional;
// CheckHyphens, UseSTD3ASCIIRules and VerifyDnsLength off.
const UIDNA* Uts46() {
  // ICU documents UTS46 instances as immutable and safe to share between threads.
  static const UIDNA* idna = [] {
    UErrorCode err = U_ZERO_ERROR;
    UIDNA* p = uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                   UIDNA_NONTRANSITIONAL_TO_ASCII |
                                   UIDNA_NONTRANSITIONAL_TO_UNICODE,
                               &err);
    return U_SUCCESS(err) ? p : nullptr;
  }();
  return idna;
}

Result<std::string> DomainToAscii(const std::string& domain) {
  // Fast path from the standard: ASCII with no punycode label only needs lower-casing.
  bool needs_idna = false;
  for (unsigned char c : domain) needs_idna = needs_idna || c >= 0x80;
  if (!needs_idna) {
    std::string lower = AsciiLower(domain);
    needs_idna = StartsWith(lower, "xn--") || lower.find(".xn--") != std::string::npos;
    if (!needs_idna) return lower;
  }
  const UIDNA* idna = Uts46();
  if (idna == nullptr) return Status::Internal("ICU UTS #46 is unavailable");
  std::string out(domain.size() * 4 + 64, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode err = U_ZERO_ERROR;
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    int32_t n = uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<int32_t>(domain.size()),
                                       out.data(), static_cast<int32_t>(out.size()), &info,
                                       &err);
    if (err == U_BUFFER_OVERFLOW_ERROR && attempt == 0) {
      out.assign(static_cast<size_t>(n) + 1, '\0');
      continue;
    }
    if (U_FAILURE(err)) return Status::InvalidArgument("IDNA processing failed");
    // These errors belong to CheckHyphens and VerifyDnsLength, which the standard turns off.
    constexpr uint32_t kIgnored = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                  UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                  UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
    if ((info.errors & ~kIgnored) != 0) return Status::InvalidArgument("IDNA rejects the host");
    out.resize(static_cast<size_t>(n));
    return out;
  }
  return Status::InvalidArgument("IDNA processing failed");
}

}  // namespace

Result<std::string> ParseHost(std::string_view input, bool is_special) {
  if (!input.empty() && input.front() == '[') {
    if (input.size() < 2 || input.back() != ']') {
      return Status::InvalidArgument("unterminated IPv6 address");
    }
    std::optional<Ipv6> a = ParseIpv6(input.substr(1, input.size() - 2));
    if (!a) return Status::InvalidArgument("invalid IPv6 address");
    return SerializeIpv6(*a);
  }
  if (!is_special) {
    // Opaque host: kept as written apart from percent-encoding.
    for (unsigned char c : input) {
      if (IsForbiddenHostCodePoint(c)) {
        return Status::InvalidArgument("forbidden code point in host");
      }
    }
    std::string out;
    AppendEncoded(out, input, EncodeSet::kC0Control);
    return out;
  }
  if (input.empty()) return Status::InvalidArgument("empty host");
  std::string domain = RepairUtf8(url_internal::PercentDecode(input));
  Result<std::string> ascii = DomainToAscii(domain);
  if (!ascii.ok()) return ascii.status();
  if (ascii->empty()) return Status::InvalidArgument("empty host");
  for (unsigned char c : *ascii) {
    if (IsForbiddenDomainCodePoint(c)) {
      return Status::InvalidArgument("forbidden code point in host");
    }
  }
  if (EndsInANumber(*ascii)) return ParseIpv4(*ascii);
  return ascii;
}

}  // namespace dossier
