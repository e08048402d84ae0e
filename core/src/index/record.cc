// The JSON adapter for DocRecord: nlohmann/json is used only here (for records).
#include "dossier/record.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

#include "dossier/strings.h"

namespace dossier {

using nlohmann::json;

namespace {
void PutIf(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return it->dump();
}
std::vector<std::string> StrList(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& e : *it)
      if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}
}  // namespace

std::string RecordToJson(const DocRecord& r) {
  json j;
  j["id"] = r.id;
  PutIf(j, "url", r.url);
  PutIf(j, "canonical_url", r.canonical_url);
  PutIf(j, "host", r.host);
  j["type"] = r.type;
  j["title"] = r.title;
  PutIf(j, "description", r.description);
  PutIf(j, "language", r.language);
  PutIf(j, "site_name", r.site_name);
  PutIf(j, "image", r.image);
  if (!r.authors.empty()) j["authors"] = r.authors;
  if (!r.tags.empty()) j["tags"] = r.tags;
  PutIf(j, "published", r.published);
  PutIf(j, "modified", r.modified);
  PutIf(j, "crawled", r.crawled);
  j["body"] = r.body;
  j["countries"] = r.countries;
  PutIf(j, "main_country", r.main_country);
  json ents = json::array();
  for (const auto& e : r.entities)
    ents.push_back({{"type", e.type}, {"id", e.id}, {"name", e.name}, {"count", e.count}});
  j["entities"] = ents;
  PutIf(j, "parent", r.parent);
  if (r.page > 0) j["page"] = r.page;
  if (r.pages > 0) j["pages"] = r.pages;
  j["removed"] = r.removed;
  PutIf(j, "removed_at", r.removed_at);
  json caps = json::array();
  for (const auto& c : r.captures) {
    json cj = {{"time", c.time}, {"status", c.status}, {"change", c.change}};
    if (!c.warc.empty()) cj["warc"] = c.warc;
    caps.push_back(cj);
  }
  j["captures"] = caps;
  PutIf(j, "collapse_key", r.collapse_key);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<DocRecord> RecordFromJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("record is not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("record is not a JSON object");
  DocRecord r;
  r.id = Str(j, "id");
  if (r.id.empty()) return Status::InvalidArgument("record has no \"id\"");
  r.url = Str(j, "url");
  r.canonical_url = Str(j, "canonical_url");
  r.host = Str(j, "host");
  r.type = Str(j, "type");
  if (r.type.empty()) r.type = "page";
  r.title = Str(j, "title");
  r.description = Str(j, "description");
  r.language = Str(j, "language");
  r.site_name = Str(j, "site_name");
  r.image = Str(j, "image");
  r.authors = StrList(j, "authors");
  r.tags = StrList(j, "tags");
  r.published = Str(j, "published");
  r.modified = Str(j, "modified");
  r.crawled = Str(j, "crawled");
  r.body = Str(j, "body");
  if (r.body.empty()) r.body = Str(j, "text");  // JSON Lines imports name it "text"
  r.countries = StrList(j, "countries");
  r.main_country = Str(j, "main_country");
  if (auto it = j.find("entities"); it != j.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (!e.is_object()) continue;
      EntityRef ref{Str(e, "type"), Str(e, "id"), Str(e, "name"), 0};
      if (auto c = e.find("count"); c != e.end() && c->is_number_integer()) ref.count = c->get<int>();
      r.entities.push_back(std::move(ref));
    }
  }
  r.parent = Str(j, "parent");
  if (auto it = j.find("page"); it != j.end() && it->is_number_integer()) r.page = it->get<int>();
  if (auto it = j.find("pages"); it != j.end() && it->is_number_integer()) r.pages = it->get<int>();
  if (auto it = j.find("removed"); it != j.end() && it->is_boolean()) r.removed = it->get<bool>();
  r.removed_at = Str(j, "removed_at");
  if (auto it = j.find("captures"); it != j.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (!c.is_object()) continue;
      Capture cap;
      cap.time = Str(c, "time");
      if (auto s = c.find("status"); s != c.end() && s->is_number_integer()) cap.status = s->get<int>();
      cap.change = Str(c, "change");
      cap.warc = Str(c, "warc");
      r.captures.push_back(std::move(cap));
    }
  }
  r.collapse_key = Str(j, "collapse_key");
  return r;
}

std::string RecordIdForUrl(std::string_view canonical_url) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fnv1a64(canonical_url)));
  return buf;
}

uint64_t SimHash(std::string_view text) {
  // Words: runs of bytes that are not ASCII space/punctuation, lower-cased, kept as spans of
  // one lower-cased copy. Each shingle of three words is hashed as FNV-1a of "w1 w2 w3",
  // fed byte by byte without building the string (this runs once per document on the
  // extraction workers).
  std::string lower(text);
  std::vector<std::pair<uint32_t, uint32_t>> words;  // offset, length in `lower`
  size_t start = 0;
  bool in_word = false;
  for (size_t i = 0; i < lower.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(lower[i]);
    bool sep = u < 0x80 && !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'));
    if (sep) {
      if (in_word) words.emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(i - start));
      in_word = false;
    } else {
      if (u >= 'A' && u <= 'Z') lower[i] = static_cast<char>(u + 32);
      if (!in_word) start = i, in_word = true;
    }
  }
  if (in_word) words.emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(lower.size() - start));
  auto fnv = [&](uint64_t h, const std::pair<uint32_t, uint32_t>& w) {
    for (uint32_t k = 0; k < w.second; ++k) {
      h ^= static_cast<unsigned char>(lower[w.first + k]);
      h *= 1099511628211ull;
    }
    return h;
  };
  // Each bit's vote is counted as "how many shingle hashes have it set": eight byte-wide
  // counters in each of eight words, one table look-up and one add per hash byte instead of
  // 64 increments per hash, flushed before a byte counter could overflow.
  static const auto kSpread = [] {  // byte -> its eight bits, one per byte of a word
    std::array<uint64_t, 256> t{};
    for (int v = 0; v < 256; ++v)
      for (int b = 0; b < 8; ++b)
        if (v & (1 << b)) t[v] |= uint64_t{1} << (8 * b);
    return t;
  }();
  uint64_t ones[64] = {0};
  uint64_t packed[8] = {0};
  int in_packed = 0;
  auto flush = [&] {
    for (int byte = 0; byte < 8; ++byte)
      for (int b = 0; b < 8; ++b) ones[8 * byte + b] += (packed[byte] >> (8 * b)) & 0xff;
    std::fill(std::begin(packed), std::end(packed), 0);
    in_packed = 0;
  };
  size_t n = words.size() >= 3 ? words.size() - 2 : (words.empty() ? 0 : 1);
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = fnv(14695981039346656037ull, words[i]);  // Fnv1a64 of the shingle
    for (size_t k = 1; k < 3 && i + k < words.size(); ++k) {
      h ^= static_cast<unsigned char>(' ');
      h *= 1099511628211ull;
      h = fnv(h, words[i + k]);
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    for (int byte = 0; byte < 8; ++byte) packed[byte] += kSpread[(h >> (8 * byte)) & 0xff];
    if (++in_packed == 255) flush();
  }
  flush();
  // A bit is kept when more shingles set it than clear it.
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (2 * ones[b] > n) out |= (1ull << b);
  return out;
}

}  // namespace dossier
