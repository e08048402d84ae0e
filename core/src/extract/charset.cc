#include "charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <memory>

#include "dossier/strings.h"

namespace dossier::extract_internal {

namespace {

bool IsLabelSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The value after "charset" at `pos` (pointing just past the word), or "".
std::string ParseCharsetValue(std::string_view s, size_t pos) {
  while (pos < s.size() && IsLabelSpace(s[pos])) ++pos;
  if (pos >= s.size() || s[pos] != '=') return "";
  ++pos;
  while (pos < s.size() && IsLabelSpace(s[pos])) ++pos;
  if (pos >= s.size()) return "";
  char quote = 0;
  if (s[pos] == '"' || s[pos] == '\'') quote = s[pos++];
  size_t end = pos;
  while (end < s.size()) {
    char c = s[end];
    if (quote ? c == quote : (IsLabelSpace(c) || c == ';' || c == '"' || c == '\'' || c == '>' || c == '/'))
      break;
    ++end;
  }
  return std::string(Trim(s.substr(pos, end - pos)));
}

bool HasMultibyteUtf8(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

// Converts with ICU; false when ICU does not know the charset.
bool ConvertWithIcu(std::string_view bytes, const std::string& charset, std::string* out) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(charset.c_str(), &err);
  if (U_FAILURE(err) || cnv == nullptr) return false;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> guard(cnv, &ucnv_close);
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &err);
  err = U_ZERO_ERROR;
  // A single-byte source expands to at most 3 UTF-8 bytes per byte, a multi-byte one less;
  // 4x covers every case including U+FFFD for a lone byte.
  out->resize(bytes.size() * 4 + 16);
  int32_t n = ucnv_toAlgorithmic(UCNV_UTF8, cnv, out->data(), static_cast<int32_t>(out->size()),
                                 bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    err = U_ZERO_ERROR;
    out->resize(static_cast<size_t>(n) + 16);
    n = ucnv_toAlgorithmic(UCNV_UTF8, cnv, out->data(), static_cast<int32_t>(out->size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  }
  if (U_FAILURE(err)) return false;
  out->resize(static_cast<size_t>(n));
  // ICU substitutes U+001A for unmapped bytes of some legacy code pages; keep output valid.
  if (!IsValidUtf8(*out)) *out = RepairUtf8(*out);
  return true;
}

std::string DetectCharset(std::string_view bytes) {
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return "";
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> guard(det, &ucsdet_close);
  // Markup is mostly ASCII and says little about the charset; the detector strips tags
  // itself when asked to.
  ucsdet_enableInputFilter(det, true);
  std::string_view sample = bytes.substr(0, 64 * 1024);
  ucsdet_setText(det, sample.data(), static_cast<int32_t>(sample.size()), &err);
  const UCharsetMatch* match = ucsdet_detect(det, &err);
  if (U_FAILURE(err) || match == nullptr) return "";
  const char* name = ucsdet_getName(match, &err);
  if (U_FAILURE(err) || name == nullptr) return "";
  return NormalizeCharsetName(name);
}

}  // namespace

std::string NormalizeCharsetName(std::string_view label) {
  std::string s = AsciiLower(Trim(label));
  if (s.empty()) return s;
  if (s == "utf8" || s == "unicode-1-1-utf-8" || s == "x-unicode20utf8") return "utf-8";
  // WHATWG Encoding Standard: these labels all mean windows-1252.
  if (s == "iso-8859-1" || s == "iso8859-1" || s == "latin1" || s == "l1" || s == "ascii" ||
      s == "us-ascii" || s == "iso_8859-1" || s == "cp1252" || s == "x-cp1252" || s == "cp819" ||
      s == "ibm819" || s == "iso-ir-100")
    return "windows-1252";
  if (s == "cp1251" || s == "x-cp1251") return "windows-1251";
  if (s == "cp1250" || s == "x-cp1250") return "windows-1250";
  if (s == "cp1256" || s == "x-cp1256") return "windows-1256";
  if (s == "cp1255" || s == "x-cp1255") return "windows-1255";
  if (s == "koi8r" || s == "koi") return "koi8-r";
  if (s == "sjis" || s == "shift-jis" || s == "x-sjis" || s == "ms_kanji") return "shift_jis";
  if (s == "gb2312" || s == "x-gbk" || s == "chinese") return "gbk";
  if (s == "iso-8859-9" || s == "latin5") return "windows-1254";
  return s;
}

std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower = AsciiLower(content_type);
  size_t pos = lower.find("charset");
  if (pos == std::string::npos) return "";
  return NormalizeCharsetName(ParseCharsetValue(lower, pos + 7));
}

std::string SniffMetaCharset(std::string_view bytes) {
  std::string head = AsciiLower(bytes.substr(0, 4096));
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) end = head.size();
    std::string_view tag(head.data() + pos, end - pos);
    size_t cs = tag.find("charset");
    if (cs != std::string_view::npos) {
      std::string value = ParseCharsetValue(tag, cs + 7);
      if (!value.empty()) return NormalizeCharsetName(value);
    }
    pos = end;
  }
  return "";
}

Decoded DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  Decoded d;
  auto starts = [&](std::string_view bom) { return bytes.substr(0, bom.size()) == bom; };
  std::string charset;
  if (starts("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    charset = "utf-8";
  } else if (starts("\xFF\xFE")) {
    charset = "utf-16le";
  } else if (starts("\xFE\xFF")) {
    charset = "utf-16be";
  }
  bool declared_in_header = false;
  if (charset.empty()) {
    charset = CharsetFromContentType(content_type);
    declared_in_header = !charset.empty();
  }
  if (charset.empty()) charset = SniffMetaCharset(bytes);
  // A page cannot declare UTF-16 in its own ASCII-compatible bytes (WHATWG).
  if (!declared_in_header && (charset == "utf-16" || charset == "utf-16le" || charset == "utf-16be") &&
      !starts("\xFF\xFE") && !starts("\xFE\xFF"))
    charset = "utf-8";
  // Many pages still say Latin-1 while serving UTF-8; well-formed multi-byte UTF-8 is
  // practically never real Latin-1 text.
  if (charset == "windows-1252" && HasMultibyteUtf8(bytes) && IsValidUtf8(bytes)) charset = "utf-8";
  if (charset.empty()) {
    if (IsValidUtf8(bytes)) {
      charset = "utf-8";
    } else {
      charset = DetectCharset(bytes);
      if (charset.empty() || charset == "utf-8") charset = "windows-1252";
    }
  }
  if (charset == "utf-8") {
    d.charset = "utf-8";
    d.text = IsValidUtf8(bytes) ? std::string(bytes) : RepairUtf8(bytes);
    return d;
  }
  if (ConvertWithIcu(bytes, charset, &d.text)) {
    d.charset = charset;
    return d;
  }
  // Unknown label: fall back to detection, then to UTF-8 with repair.
  std::string detected = IsValidUtf8(bytes) ? "utf-8" : DetectCharset(bytes);
  if (!detected.empty() && detected != "utf-8" && ConvertWithIcu(bytes, detected, &d.text)) {
    d.charset = detected;
    return d;
  }
  d.charset = "utf-8";
  d.text = RepairUtf8(bytes);
  return d;
}

}  // namespace dossier::extract_internal
