#include "robots/sitemap.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>

#include "dossier/strings.h"

namespace dossier {
namespace {

// ---------------------------------------------------------------------------------------
// gzip

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string TooLarge(size_t cap) {
  return "sitemap larger than " + std::to_string(cap) + " bytes uncompressed";
}

// Inflates every gzip member of `bytes` (concatenated members are one stream, RFC 1952),
// refusing to produce more than `cap` bytes. A stream cut short yields what was inflated.
Result<std::string> Gunzip(std::string_view bytes, size_t cap) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return Status::Internal("zlib inflateInit2 failed");
  }
  std::string out;
  size_t consumed = 0;
  Status failure;
  constexpr size_t kChunk = 64 * 1024;
  while (true) {
    if (zs.avail_in == 0 && consumed < bytes.size()) {
      size_t n = std::min<size_t>(bytes.size() - consumed, UINT_MAX);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + consumed));
      zs.avail_in = static_cast<uInt>(n);
      consumed += n;
    }
    // out.size() <= cap here, so there is room for at least the byte that proves excess.
    size_t room = std::min(kChunk, cap - out.size() + 1);
    size_t old_size = out.size();
    out.resize(old_size + room);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + old_size);
    zs.avail_out = static_cast<uInt>(room);
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(old_size + (room - zs.avail_out));
    if (out.size() > cap) {
      failure = Status::InvalidArgument(TooLarge(cap));
      break;
    }
    if (rc == Z_STREAM_END) {
      // Another member may follow; anything else after the stream is ignored.
      size_t left = zs.avail_in + (bytes.size() - consumed);
      std::string_view rest = bytes.substr(bytes.size() - left);
      if (!IsGzip(rest)) break;
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR) {
      // No progress although output room was given: the input ended inside the stream.
      // Keep what was inflated, as a truncated XML file keeps its complete entries.
      if (out.empty()) failure = Status::InvalidArgument("truncated gzip data");
      break;
    }
    failure = Status::InvalidArgument(std::string("corrupt gzip data: ") +
                                      (zs.msg != nullptr ? zs.msg : "inflate failed"));
    break;
  }
  inflateEnd(&zs);
  if (!failure.ok()) return failure;
  return out;
}

// ---------------------------------------------------------------------------------------
// A tolerant XML scanner: enough of XML 1.0 for sitemaps, linear time, no recursion, no
// entity expansion beyond the predefined and numeric references.

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimXmlSpace(std::string_view s) {
  while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsNameChar(char c) {
  return !IsXmlSpace(c) && c != '/' && c != '>' && c != '<' && c != '=' && c != '"' &&
         c != '\'';
}

// "sm:URL" -> "url": the namespace prefix dropped, ASCII lower-cased.
std::string LocalName(std::string_view name) {
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
  return AsciiLower(name);
}


// Decodes one reference "name;" (the text after '&', `ref` without the ';'). False when it
// is not one we know, so the caller keeps the text as written.
bool DecodeReference(std::string_view ref, std::string& out) {
  if (ref == "amp") { out.push_back('&'); return true; }
  if (ref == "lt") { out.push_back('<'); return true; }
  if (ref == "gt") { out.push_back('>'); return true; }
  if (ref == "quot") { out.push_back('"'); return true; }
  if (ref == "apos") { out.push_back('\''); return true; }
  if (ref.size() < 2 || ref[0] != '#') return false;
  int base = 10;
  ref.remove_prefix(1);
  if (ref[0] == 'x' || ref[0] == 'X') {
    base = 16;
    ref.remove_prefix(1);
  }
  if (ref.empty()) return false;
  uint32_t cp = 0;
  auto [ptr, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), cp, base);
  if (ec != std::errc() || ptr != ref.data() + ref.size()) return false;
  AppendUtf8(out, cp);
  return true;
}

void AppendDecodedText(std::string_view text, std::string& out) {
  // No reference we decode is longer than "&#x10FFFF;"; looking a bounded distance for the
  // ';' keeps a text full of bare '&' linear.
  constexpr size_t kMaxReference = 10;
  size_t i = 0;
  while (i < text.size()) {
    size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(text.substr(i));
      return;
    }
    out.append(text.substr(i, amp - i));
    size_t semi = text.substr(amp + 1, kMaxReference).find(';');
    if (semi != std::string_view::npos &&
        DecodeReference(text.substr(amp + 1, semi), out)) {
      i = amp + 1 + semi + 1;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
}

class XmlEvents {
 public:
  virtual ~XmlEvents() = default;
  // False from a handler stops the scan.
  virtual bool StartTag(const std::string& local_name, bool self_closing) = 0;
  virtual void EndTag(const std::string& local_name) = 0;
  virtual void Text(std::string_view decoded) = 0;
};

// Feeds `xml` to `events`. Every construct left open at the end of input ends the scan.
void ScanXml(std::string_view xml, XmlEvents& events) {
  size_t pos = 0;
  const size_t n = xml.size();
  std::string decoded;
  auto skip_past = [&](std::string_view terminator, size_t from) {
    size_t end = xml.find(terminator, from);
    return end == std::string_view::npos ? n : end + terminator.size();
  };
  while (pos < n) {
    if (xml[pos] != '<') {
      size_t lt = xml.find('<', pos);
      if (lt == std::string_view::npos) lt = n;
      decoded.clear();
      AppendDecodedText(xml.substr(pos, lt - pos), decoded);
      events.Text(decoded);
      pos = lt;
      continue;
    }
    std::string_view rest = xml.substr(pos);
    if (StartsWith(rest, "<!--")) {
      pos = skip_past("-->", pos + 4);
    } else if (StartsWith(rest, "<![CDATA[")) {
      size_t begin = pos + 9;
      size_t end = xml.find("]]>", begin);
      if (end == std::string_view::npos) end = n;
      events.Text(xml.substr(begin, end - begin));
      pos = end == n ? n : end + 3;
    } else if (StartsWith(rest, "<?")) {
      pos = skip_past("?>", pos + 2);
    } else if (StartsWith(rest, "<!")) {
      // <!DOCTYPE ...> with an optional [internal subset], which may hold '>' in quotes.
      int depth = 0;
      char quote = 0;
      size_t i = pos + 2;
      for (; i < n; ++i) {
        char c = xml[i];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          ++depth;
        } else if (c == ']') {
          if (depth > 0) --depth;
        } else if (c == '>' && depth == 0) {
          break;
        }
      }
      pos = i < n ? i + 1 : n;
    } else if (StartsWith(rest, "</")) {
      size_t name_end = pos + 2;
      while (name_end < n && IsNameChar(xml[name_end])) ++name_end;
      std::string name = LocalName(xml.substr(pos + 2, name_end - pos - 2));
      size_t gt = xml.find('>', name_end);
      if (gt == std::string_view::npos) return;
      events.EndTag(name);
      pos = gt + 1;
    } else {
      size_t name_end = pos + 1;
      while (name_end < n && IsNameChar(xml[name_end])) ++name_end;
      if (name_end == pos + 1) {  // "<" not starting a tag: text
        events.Text("<");
        ++pos;
        continue;
      }
      std::string name = LocalName(xml.substr(pos + 1, name_end - pos - 1));
      char quote = 0;
      size_t i = name_end;
      for (; i < n; ++i) {
        char c = xml[i];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
      }
      if (i >= n) return;  // tag cut off by the end of input
      bool self_closing = xml[i - 1] == '/';
      pos = i + 1;
      if (!events.StartTag(name, self_closing)) return;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Sitemap structure on top of the scanner.

std::optional<double> ParsePriority(std::string_view text) {
  double d = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, d, std::chars_format::fixed);
  if (ec != std::errc() || ptr != end || !(d >= 0.0 && d <= 1.0)) return std::nullopt;
  return d;
}

class SitemapBuilder : public XmlEvents {
 public:
  // Deeper nesting than any sitemap needs is refused, which bounds the tag stack.
  static constexpr size_t kMaxDepth = 256;
  // Longer values (a URL must be under 2,048 characters) are not values we can use.
  static constexpr size_t kMaxValueBytes = 64 * 1024;

  bool StartTag(const std::string& name, bool self_closing) override {
    if (!root_seen_) {
      root_seen_ = true;
      if (name == "urlset") {
        sitemap_.is_index = false;
      } else if (name == "sitemapindex") {
        sitemap_.is_index = true;
      } else if (name == "rss" || name == "feed" || name == "rdf") {
        status_ = Status::Unsupported("RSS/Atom feeds are not read as sitemaps");
        return false;
      } else {
        status_ = Status::InvalidArgument("not a sitemap: root element <" + name.substr(0, 64) +
                                          ">");
        return false;
      }
    } else if (entry_index_ < 0) {
      if (name == (sitemap_.is_index ? "sitemap" : "url")) {
        entry_index_ = static_cast<int>(stack_.size());
        entry_ = SitemapEntry();
      }
    } else if (field_ == Field::kNone && static_cast<int>(stack_.size()) == entry_index_ + 1) {
      // Only direct children count: <image:loc> inside <image:image> is not the page's loc.
      field_ = FieldFor(name);
      if (field_ != Field::kNone) {
        field_index_ = static_cast<int>(stack_.size());
        text_.clear();
        overflow_ = false;
      }
    }
    if (self_closing) {
      Close(stack_.size());
      return true;
    }
    if (stack_.size() >= kMaxDepth) {
      status_ = Status::InvalidArgument("XML nested more than " + std::to_string(kMaxDepth) +
                                        " elements deep");
      return false;
    }
    stack_.push_back(name);
    return true;
  }

  void EndTag(const std::string& name) override {
    // Close the innermost open element of that name, and any left open inside it; an end
    // tag matching nothing open is ignored.
    for (size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i] != name) continue;
      while (stack_.size() > i) {
        stack_.pop_back();
        Close(stack_.size());
      }
      return;
    }
  }

  void Text(std::string_view decoded) override {
    if (field_ == Field::kNone || overflow_) return;
    if (text_.size() + decoded.size() > kMaxValueBytes) {
      overflow_ = true;
      return;
    }
    text_.append(decoded);
  }

  Result<Sitemap> Finish() {
    if (!status_.ok()) return status_;
    if (!root_seen_) return Status::InvalidArgument("not a sitemap: no XML root element");
    // Input cut short inside an entry: keep it when its <loc> was complete.
    if (entry_index_ >= 0) Close(static_cast<size_t>(entry_index_));
    return std::move(sitemap_);
  }

 private:
  enum class Field { kNone, kLoc, kLastmod, kChangefreq, kPriority };

  static Field FieldFor(const std::string& name) {
    if (name == "loc") return Field::kLoc;
    if (name == "lastmod") return Field::kLastmod;
    if (name == "changefreq") return Field::kChangefreq;
    if (name == "priority") return Field::kPriority;
    return Field::kNone;
  }

  // The element at stack index `index` has ended.
  void Close(size_t index) {
    if (field_ != Field::kNone && static_cast<int>(index) == field_index_) {
      std::string value(TrimXmlSpace(text_));
      if (overflow_) value.clear();
      switch (field_) {
        case Field::kLoc: entry_.loc = std::move(value); break;
        case Field::kLastmod: entry_.lastmod = std::move(value); break;
        case Field::kChangefreq: entry_.changefreq = std::move(value); break;
        case Field::kPriority: entry_.priority = ParsePriority(value); break;
        case Field::kNone: break;
      }
      field_ = Field::kNone;
      field_index_ = -1;
    }
    if (entry_index_ >= 0 && static_cast<int>(index) == entry_index_) {
      if (!entry_.loc.empty()) {
        if (sitemap_.entries.size() < kMaxSitemapEntries) {
          sitemap_.entries.push_back(std::move(entry_));
        } else {
          sitemap_.truncated = true;
        }
      }
      entry_index_ = -1;
      field_ = Field::kNone;
      field_index_ = -1;
    }
  }

  Sitemap sitemap_;
  Status status_;
  bool root_seen_ = false;
  std::vector<std::string> stack_;  // local names of the open elements
  int entry_index_ = -1;            // stack index of the open <url>/<sitemap>, or -1
  SitemapEntry entry_;
  Field field_ = Field::kNone;
  int field_index_ = -1;  // stack index of the open <loc>/<lastmod>/..., or -1
  std::string text_;
  bool overflow_ = false;
};

Result<Sitemap> ParseTextSitemap(std::string_view text) {
  Sitemap sitemap;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find_first_of("\r\n", pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = Trim(text.substr(pos, eol - pos));
    pos = eol + 1;
    std::string scheme = AsciiLower(line.substr(0, 8));
    if (!StartsWith(scheme, "http://") && !StartsWith(scheme, "https://")) continue;
    if (sitemap.entries.size() >= kMaxSitemapEntries) {
      sitemap.truncated = true;
      break;
    }
    SitemapEntry entry;
    entry.loc = std::string(line);
    sitemap.entries.push_back(std::move(entry));
  }
  if (sitemap.entries.empty()) {
    return Status::InvalidArgument("not a sitemap: neither XML nor lines of http(s) URLs");
  }
  return sitemap;
}

// ---------------------------------------------------------------------------------------
// W3C Datetime

// Reads exactly `count` digits at `pos`.
bool ReadDigits(std::string_view s, size_t& pos, size_t count, int& value) {
  if (pos + count > s.size()) return false;
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (y >= 0), counting
// in 400-year eras that start on March 1 so that the leap day ends each year.
int64_t DaysSinceEpoch(int y, int m, int d) {
  int64_t year = m <= 2 ? y - 1 : y;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t year_of_era = year - era * 400;                       // 0..399
  int64_t month_from_march = m > 2 ? m - 3 : m + 9;             // 0..11
  int64_t day_of_year = (153 * month_from_march + 2) / 5 + d - 1;  // 0..365
  int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

}  // namespace

Result<Sitemap> ParseSitemap(std::string_view bytes, size_t max_uncompressed) {
  std::string inflated;
  if (IsGzip(bytes)) {
    Result<std::string> out = Gunzip(bytes, max_uncompressed);
    if (!out.ok()) return out.status();
    inflated = std::move(out).value();
    bytes = inflated;
  } else if (bytes.size() > max_uncompressed) {
    return Status::InvalidArgument(TooLarge(max_uncompressed));
  }
  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string_view body = TrimXmlSpace(bytes);
  if (body.empty()) return Status::InvalidArgument("empty sitemap");
  if (body.front() != '<') return ParseTextSitemap(body);
  SitemapBuilder builder;
  ScanXml(body, builder);
  return builder.Finish();
}

int64_t ParseW3cDatetime(std::string_view text) {
  std::string_view s = Trim(text);
  size_t pos = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t offset_seconds = 0;
  if (!ReadDigits(s, pos, 4, year)) return -1;
  if (pos < s.size()) {
    if (s[pos++] != '-' || !ReadDigits(s, pos, 2, month)) return -1;
    if (month < 1 || month > 12) return -1;
    if (pos < s.size()) {
      if (s[pos++] != '-' || !ReadDigits(s, pos, 2, day)) return -1;
      if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't') return -1;
        ++pos;
        if (!ReadDigits(s, pos, 2, hour) || pos >= s.size() || s[pos++] != ':' ||
            !ReadDigits(s, pos, 2, minute)) {
          return -1;
        }
        if (pos < s.size() && s[pos] == ':') {
          ++pos;
          if (!ReadDigits(s, pos, 2, second)) return -1;
          if (pos < s.size() && s[pos] == '.') {
            ++pos;
            size_t digits = 0;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos, ++digits;
            if (digits == 0) return -1;
          }
        }
        if (pos < s.size()) {
          char z = s[pos++];
          if (z == 'Z' || z == 'z') {
            // UTC
          } else if (z == '+' || z == '-') {
            int oh = 0, om = 0;
            if (!ReadDigits(s, pos, 2, oh) || pos >= s.size() || s[pos++] != ':' ||
                !ReadDigits(s, pos, 2, om) || oh > 23 || om > 59) {
              return -1;
            }
            offset_seconds = (oh * 3600 + om * 60) * (z == '+' ? 1 : -1);
          } else {
            return -1;
          }
        }
        if (pos != s.size()) return -1;
        // 60 is a leap second, which Unix time folds into the next one.
        if (hour > 23 || minute > 59 || second > 60) return -1;
      }
    }
  }
  if (day < 1 || day > DaysInMonth(year, month)) return -1;
  int64_t t = DaysSinceEpoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
              offset_seconds;
  return t < 0 ? -1 : t;
}

}  // namespace dossier
