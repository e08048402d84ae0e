// PDF page text clean-up: lines into paragraphs, line-end hyphenation repaired. The worker
// asks poppler for text in content-stream order (raw), which keeps line ends and hyphens as
// printed, so that this code decides how lines join.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dossier/extract.h"
#include "dossier/strings.h"

namespace dossier {

namespace {

// The last / first code point of a UTF-8 string (U_SENTINEL when none).
UChar32 LastCodePoint(std::string_view s, size_t end) {
  if (end == 0) return U_SENTINEL;
  int32_t i = static_cast<int32_t>(end);
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  return c;
}
UChar32 FirstCodePoint(std::string_view s) {
  if (s.empty()) return U_SENTINEL;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

std::string NormalizePdfPageText(std::string_view raw) {
  // Lines, with form feeds and carriage returns as line ends and inline space collapsed.
  std::vector<std::string> lines;
  {
    std::string cur;
    for (char c : raw) {
      if (c == '\n' || c == '\r' || c == '\f') {
        lines.push_back(CollapseWhitespace(cur));
        cur.clear();
      } else {
        cur += c;
      }
    }
    lines.push_back(CollapseWhitespace(cur));
  }
  size_t typical = 0;
  {
    std::vector<size_t> lens;
    for (const std::string& l : lines)
      if (!l.empty()) lens.push_back(CodePoints(l));
    if (!lens.empty()) {
      std::sort(lens.begin(), lens.end());
      typical = lens[lens.size() * 3 / 4];  // the length of a full line of body text
    }
  }
  std::vector<std::string> paragraphs;
  std::string para;
  auto end_paragraph = [&] {
    if (!para.empty()) paragraphs.push_back(std::move(para));
    para.clear();
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) {
      end_paragraph();
      continue;
    }
    if (para.empty()) {
      para = line;
    } else if (para.back() == '-' && para.size() >= 2) {
      // "extra-" + "dition" -> "extradition" when both sides are lower-case letters;
      // "Anti-" + "Corruption" keeps its hyphen. Either way no space.
      UChar32 before = LastCodePoint(para, para.size() - 1);
      UChar32 after = FirstCodePoint(line);
      if (before >= 0 && after >= 0 && u_islower(before) && u_islower(after)) para.pop_back();
      para += line;
    } else {
      para += ' ';
      para += line;
    }
    // Lines inside a paragraph run to the right margin; a clearly shorter one (a heading,
    // the last line of a paragraph) ends it, unless it ends in a hyphen.
    if (line.back() != '-' && typical > 0 && CodePoints(line) * 10 < typical * 8) end_paragraph();
  }
  end_paragraph();
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

}  // namespace dossier
