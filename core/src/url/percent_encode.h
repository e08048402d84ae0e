// Private to core/src/url: the URL Standard's percent-encode sets and helpers shared by the
// parser and the host parser. Byte-oriented: UTF-8 input is encoded byte by byte, which is
// what the standard's "UTF-8 percent-encode" produces, since every byte >= 0x80 is in every
// set. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace dossier::url_internal {

enum class EncodeSet {
  kC0Control,     // C0 controls and bytes > 0x7E
  kFragment,      // C0 + space " < > `
  kQuery,         // C0 + space " # < >
  kSpecialQuery,  // query + '
  kPath,          // query + ? ` { }
  kUserinfo,      // path + / : ; = @ [ \ ] ^ |
};

inline bool InEncodeSet(unsigned char c, EncodeSet set) {
  if (c < 0x20 || c > 0x7E) return true;
  switch (set) {
    case EncodeSet::kC0Control:
      return false;
    case EncodeSet::kFragment:
      return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
    case EncodeSet::kQuery:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
    case EncodeSet::kSpecialQuery:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>' || c == '\'';
    case EncodeSet::kPath:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>' || c == '?' ||
             c == '`' || c == '{' || c == '}';
    case EncodeSet::kUserinfo:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>' || c == '?' ||
             c == '`' || c == '{' || c == '}' || c == '/' || c == ':' || c == ';' ||
             c == '=' || c == '@' || (c >= '[' && c <= '^') || c == '|';
  }
  return true;
}

inline void AppendEncoded(std::string& out, unsigned char c, EncodeSet set) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (InEncodeSet(c, set)) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  } else {
    out += static_cast<char>(c);
  }
}

inline void AppendEncoded(std::string& out, std::string_view s, EncodeSet set) {
  for (char c : s) AppendEncoded(out, static_cast<unsigned char>(c), set);
}

inline bool IsAsciiDigit(int c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiHexDigit(int c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool IsAsciiAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline int HexValue(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Replaces each "%XY" (X, Y hex digits) by its byte; other bytes pass unchanged.
std::string PercentDecode(std::string_view s);

}  // namespace dossier::url_internal
