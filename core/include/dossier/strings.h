// Small string helpers shared by every module: trimming, splitting, case folding of ASCII,
// UTF-8 repair, and escaping for JSON and HTML.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

std::string_view Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep, bool skip_empty = true);
std::string AsciiLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);
// Replaces every ill-formed byte sequence with U+FFFD. Never fails.
std::string RepairUtf8(std::string_view s);
// Appends code point `cp` as UTF-8; NUL, surrogates and values past U+10FFFF become U+FFFD.
void AppendUtf8(std::string& out, uint32_t cp);
// Decodes HTML character references in text: every numeric one, and the named ones text
// outside markup uses (amp, lt, gt, quot, apos, nbsp as U+00A0, quotes, dashes, accented
// letters...). A malformed or unknown reference stays as written.
std::string DecodeCharacterReferences(std::string_view s);
// Collapses runs of ASCII white space to one space and trims the ends.
std::string CollapseWhitespace(std::string_view s);

// The contents of a JSON string literal, without the quotes. Input is repaired to UTF-8.
std::string JsonEscape(std::string_view s);
// Escapes & < > " ' for use in HTML text and attribute values.
std::string HtmlEscape(std::string_view s);

// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);
// 64-bit FNV-1a: stable across runs and machines (used for ids and shard choice).
uint64_t Fnv1a64(std::string_view s);

// Unix seconds as ISO 8601 UTC, "2026-11-29T03:16:28Z": how records, logs of failures,
// feeds and the index's metadata write a time.
std::string IsoUtc(int64_t unix_seconds);

}  // namespace dossier
