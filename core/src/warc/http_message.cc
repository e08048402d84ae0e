// HTTP/1.x message parsing for WARC blocks. See dossier/http_message.h.
#include "dossier/http_message.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>

#ifdef DOSSIER_HAVE_BROTLI
#include <brotli/decode.h>
#endif

#include "dossier/strings.h"

namespace dossier {

// ---------------------------------------------------------------------------------------
// HeaderList

void HeaderList::Add(std::string_view name, std::string_view value) {
  fields_.emplace_back(std::string(name), std::string(value));
}

void HeaderList::Set(std::string_view name, std::string_view value) {
  Remove(name);
  Add(name, value);
}

void HeaderList::Remove(std::string_view name) {
  std::erase_if(fields_, [&](const Field& f) { return IEquals(f.first, name); });
}

std::optional<std::string_view> HeaderList::Find(std::string_view name) const {
  for (const auto& f : fields_)
    if (IEquals(f.first, name)) return std::string_view(f.second);
  return std::nullopt;
}

std::string_view HeaderList::Get(std::string_view name) const {
  auto v = Find(name);
  return v ? *v : std::string_view();
}

std::vector<std::string_view> HeaderList::GetAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& f : fields_)
    if (IEquals(f.first, name)) out.emplace_back(f.second);
  return out;
}

namespace {

// ---------------------------------------------------------------------------------------
// Head

struct Head {
  std::string_view start_line;
  HeaderList headers;
  size_t length = 0;      // bytes up to and including the blank line
  bool complete = false;  // a blank line ended the head
};

Head ParseHead(std::string_view block) {
  Head head;
  size_t pos = 0;
  bool have_start = false;
  std::string pending_name, pending_value;
  bool pending = false;
  auto flush = [&] {
    if (pending) head.headers.Add(pending_name, pending_value);
    pending = false;
  };
  while (pos < block.size()) {
    size_t nl = block.find('\n', pos);
    std::string_view line;
    if (nl == std::string_view::npos) {
      line = block.substr(pos);
      pos = block.size();
    } else {
      line = block.substr(pos, nl - pos);
      pos = nl + 1;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!have_start) {
      if (Trim(line).empty()) continue;  // stray blank lines before the start line
      head.start_line = line;
      have_start = true;
      continue;
    }
    if (line.empty()) {
      head.complete = nl != std::string_view::npos;
      break;
    }
    if (line[0] == ' ' || line[0] == '\t') {  // obs-fold: continues the previous value
      if (pending) {
        std::string_view more = Trim(line);
        if (!more.empty()) {
          if (!pending_value.empty()) pending_value.push_back(' ');
          pending_value.append(more);
        }
      }
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // not a field: skip it
    std::string_view name = Trim(line.substr(0, colon));
    if (name.empty()) continue;
    flush();
    pending_name.assign(name);
    pending_value.assign(Trim(line.substr(colon + 1)));
    pending = true;
  }
  flush();
  head.length = pos;
  return head;
}

std::string Sanitize(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

std::string MiB(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

Status BombStatus(uint64_t max_bytes) {
  return Status::Unsupported("decoded HTTP body exceeds the limit of " + MiB(max_bytes) +
                             " (" + std::to_string(max_bytes) +
                             " bytes): compression bomb or oversized body");
}

// ---------------------------------------------------------------------------------------
// Transfer-Encoding: chunked

// Decodes `in` into *out. *not_chunked when the very first chunk-size line is not one (the
// block holds the body already de-chunked, as some tools store it).
Status Dechunk(std::string_view in, uint64_t max_bytes, std::string* out, bool* incomplete,
               bool* not_chunked) {
  size_t pos = 0;
  bool first = true;
  while (true) {
    size_t nl = in.find('\n', pos);
    std::string_view line =
        in.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    size_t semi = line.find(';');
    if (semi != std::string_view::npos) line = line.substr(0, semi);
    line = Trim(line);
    uint64_t size = 0;
    bool valid = !line.empty() && line.size() <= 15;
    for (char c : line) {
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) {
        valid = false;
        break;
      }
      size = size * 16 + static_cast<uint64_t>(d);
    }
    if (!valid) {
      if (first)
        *not_chunked = true;
      else
        *incomplete = true;  // damaged framing: keep what was decoded
      return Status::Ok();
    }
    if (nl == std::string_view::npos) {  // a size line, but the data is cut off
      *incomplete = true;
      return Status::Ok();
    }
    first = false;
    pos = nl + 1;
    if (size == 0) return Status::Ok();  // last chunk; trailers are ignored
    size_t avail = in.size() - pos;
    size_t take = static_cast<size_t>(std::min<uint64_t>(size, avail));
    if (out->size() + take > max_bytes) return BombStatus(max_bytes);
    out->append(in.substr(pos, take));
    if (take < size) {
      *incomplete = true;
      return Status::Ok();
    }
    pos += take;
    if (pos < in.size() && in[pos] == '\r') ++pos;
    if (pos < in.size() && in[pos] == '\n') ++pos;
  }
}

// ---------------------------------------------------------------------------------------
// Content-Encoding

// Inflates `in` with zlib's `window_bits` (gzip: 16+15, zlib: 15, raw: -15). Concatenated
// gzip members are all decoded. *truncated when the stream stops early.
Status Inflate(std::string_view in, int window_bits, uint64_t max_bytes, std::string* out,
               bool* truncated) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (inflateInit2(&zs, window_bits) != Z_OK) return Status::Internal("inflateInit2 failed");
  struct Closer {
    z_stream* zs;
    ~Closer() { inflateEnd(zs); }
  } closer{&zs};

  const bool gzip = window_bits > 15;
  const char* next = in.data();
  size_t remaining = in.size();
  char buf[64 * 1024];
  while (true) {
    if (zs.avail_in == 0 && remaining > 0) {
      uInt n = static_cast<uInt>(std::min<size_t>(remaining, 1u << 30));
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(next));
      zs.avail_in = n;
      next += n;
      remaining -= n;
    }
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    int ret = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof(buf) - zs.avail_out;
    if (out->size() + produced > max_bytes) return BombStatus(max_bytes);
    out->append(buf, produced);
    if (ret == Z_STREAM_END) {
      if (gzip && zs.avail_in >= 2 && static_cast<unsigned char>(zs.next_in[0]) == 0x1f &&
          static_cast<unsigned char>(zs.next_in[1]) == 0x8b) {
        inflateReset(&zs);
        continue;
      }
      return Status::Ok();  // trailing bytes after the stream are ignored, as browsers do
    }
    if (ret == Z_BUF_ERROR || (ret == Z_OK && zs.avail_in == 0 && remaining == 0 &&
                               zs.avail_out != 0)) {
      *truncated = true;
      return Status::Ok();
    }
    if (ret != Z_OK) {
      return Status::Corruption(std::string("damaged compressed HTTP body: ") +
                                (zs.msg ? zs.msg : "zlib error " + std::to_string(ret)));
    }
  }
}

bool LooksLikeZlib(std::string_view in) {
  if (in.size() < 2) return false;
  auto b0 = static_cast<unsigned char>(in[0]), b1 = static_cast<unsigned char>(in[1]);
  return (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
}

#ifdef DOSSIER_HAVE_BROTLI
Status BrotliDecode(std::string_view in, uint64_t max_bytes, std::string* out, bool* truncated) {
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (s == nullptr) return Status::Internal("BrotliDecoderCreateInstance failed");
  struct Closer {
    BrotliDecoderState* s;
    ~Closer() { BrotliDecoderDestroyInstance(s); }
  } closer{s};
  size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  uint8_t buf[64 * 1024];
  while (true) {
    size_t avail_out = sizeof(buf);
    uint8_t* next_out = buf;
    BrotliDecoderResult r =
        BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    size_t produced = sizeof(buf) - avail_out;
    if (out->size() + produced > max_bytes) return BombStatus(max_bytes);
    out->append(reinterpret_cast<const char*>(buf), produced);
    switch (r) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        return Status::Ok();
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        continue;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        *truncated = true;
        return Status::Ok();
      default:
        return Status::Corruption(
            std::string("damaged brotli HTTP body: ") +
            BrotliDecoderErrorString(BrotliDecoderGetErrorCode(s)));
    }
  }
}
#endif

// Removes every Content-Encoding, last applied first.
Status DecodeContent(const HeaderList& headers, uint64_t max_bytes, std::string* body,
                     bool* incomplete) {
  std::vector<std::string> codings;
  for (auto value : headers.GetAll("Content-Encoding"))
    for (auto& c : Split(value, ','))
      if (auto t = AsciiLower(Trim(c)); !t.empty() && t != "identity") codings.push_back(t);
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    const std::string& coding = *it;
    if (body->empty()) return Status::Ok();
    std::string decoded;
    bool truncated = false;
    Status s;
    if (coding == "gzip" || coding == "x-gzip") {
      if (body->size() < 2 || static_cast<unsigned char>((*body)[0]) != 0x1f ||
          static_cast<unsigned char>((*body)[1]) != 0x8b) {
        // A body stored already decoded under its original header (some tools do): keep it.
        if (codings.size() == 1) return Status::Ok();
        return Status::Corruption("Content-Encoding gzip but the body is not gzip");
      }
      s = Inflate(*body, 16 + MAX_WBITS, max_bytes, &decoded, &truncated);
    } else if (coding == "deflate") {
      // RFC 9110 says zlib-wrapped; many servers send raw deflate.
      s = Inflate(*body, LooksLikeZlib(*body) ? MAX_WBITS : -MAX_WBITS, max_bytes, &decoded,
                  &truncated);
#ifdef DOSSIER_HAVE_BROTLI
    } else if (coding == "br") {
      s = BrotliDecode(*body, max_bytes, &decoded, &truncated);
#endif
    } else {
      return Status::Unsupported("Content-Encoding '" + coding + "' is not supported");
    }
    if (!s.ok()) return s;
    if (truncated) *incomplete = true;
    body->swap(decoded);
  }
  return Status::Ok();
}

bool HasChunked(const HeaderList& headers) {
  for (auto value : headers.GetAll("Transfer-Encoding"))
    for (auto& c : Split(value, ','))
      if (IEquals(Trim(c), "chunked")) return true;
  return false;
}

// Frames and decodes the body that follows the head.
Status DecodeBody(std::string_view raw, const HeaderList& headers, uint64_t max_bytes,
                  std::string* body, bool* incomplete) {
  body->clear();
  bool framed = false;
  if (HasChunked(headers)) {
    bool not_chunked = false;
    Status s = Dechunk(raw, max_bytes, body, incomplete, &not_chunked);
    if (!s.ok()) return s;
    framed = !not_chunked;
    if (not_chunked) body->clear();
  }
  if (!framed) {
    std::string_view cl = Trim(headers.Get("Content-Length"));
    uint64_t length = 0;
    bool valid = !cl.empty() && cl.size() <= 18;
    for (char c : cl) {
      if (c < '0' || c > '9') {
        valid = false;
        break;
      }
      length = length * 10 + static_cast<uint64_t>(c - '0');
    }
    if (valid) {
      if (raw.size() < length)
        *incomplete = true;
      else
        raw = raw.substr(0, length);
    }
    if (raw.size() > max_bytes) return BombStatus(max_bytes);
    body->assign(raw);
  }
  return DecodeContent(headers, max_bytes, body, incomplete);
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

// Splits at runs of spaces/tabs, at most `max_parts` parts (the last keeps the rest).
std::vector<std::string_view> SplitStartLine(std::string_view line, size_t max_parts) {
  std::vector<std::string_view> parts;
  line = Trim(line);
  while (!line.empty()) {
    if (parts.size() + 1 == max_parts) {
      parts.push_back(line);
      break;
    }
    size_t sp = line.find_first_of(" \t");
    parts.push_back(line.substr(0, sp));
    if (sp == std::string_view::npos) break;
    line = Trim(line.substr(sp));
  }
  return parts;
}

// The response whose head is `head` and whose body starts at head.length in `block`.
Result<HttpResponse> ResponseOf(Head head, std::string_view block, uint64_t max_body_bytes) {
  auto parts = SplitStartLine(head.start_line, 3);
  if (parts.size() < 2 || !StartsWith(parts[0], "HTTP/") || parts[1].size() != 3 ||
      !std::all_of(parts[1].begin(), parts[1].end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      parts[1][0] == '0') {
    return Status::InvalidArgument("not an HTTP response: status line '" +
                                   std::string(head.start_line.substr(0, 80)) + "'");
  }
  HttpResponse r;
  r.version.assign(parts[0]);
  r.status = (parts[1][0] - '0') * 100 + (parts[1][1] - '0') * 10 + (parts[1][2] - '0');
  if (parts.size() > 2) r.reason.assign(parts[2]);
  r.headers = std::move(head.headers);
  r.head_length = head.length;
  r.body_incomplete = !head.complete;
  Status s = DecodeBody(block.substr(head.length), r.headers, max_body_bytes, &r.body,
                        &r.body_incomplete);
  if (!s.ok()) return s;
  return r;
}
}  // namespace

Result<HttpResponse> ParseHttpResponse(std::string_view block, uint64_t max_body_bytes) {
  return ResponseOf(ParseHead(block), block, max_body_bytes);
}

Result<HttpResponse> ParseHttpResponse(std::string_view head_bytes, std::string_view body_bytes,
                                       uint64_t max_body_bytes) {
  Head head = ParseHead(head_bytes);
  if (!head.complete || head.length != head_bytes.size()) {
    std::string block;  // the head does not end where the body starts: read them as one
    block.reserve(head_bytes.size() + body_bytes.size());
    block.append(head_bytes).append(body_bytes);
    return ParseHttpResponse(block, max_body_bytes);
  }
  head.length = 0;  // the body is all of body_bytes
  Result<HttpResponse> r = ResponseOf(std::move(head), body_bytes, max_body_bytes);
  if (r.ok()) r->head_length = head_bytes.size();
  return r;
}

Result<HttpRequest> ParseHttpRequest(std::string_view block, uint64_t max_body_bytes) {
  Head head = ParseHead(block);
  auto parts = SplitStartLine(head.start_line, 3);
  bool ok = parts.size() >= 2 && !parts[0].empty() &&
            std::all_of(parts[0].begin(), parts[0].end(), IsTokenChar) &&
            (parts.size() == 2 || StartsWith(parts[2], "HTTP/"));
  if (!ok) {
    return Status::InvalidArgument("not an HTTP request: request line '" +
                                   std::string(head.start_line.substr(0, 80)) + "'");
  }
  HttpRequest r;
  r.method.assign(parts[0]);
  r.target.assign(parts[1]);
  if (parts.size() > 2) r.version.assign(parts[2]);
  r.headers = std::move(head.headers);
  r.head_length = head.length;
  r.body_incomplete = !head.complete;
  Status s = DecodeBody(block.substr(head.length), r.headers, max_body_bytes, &r.body,
                        &r.body_incomplete);
  if (!s.ok()) return s;
  return r;
}

namespace {
void AppendFields(const HeaderList& headers, std::string* out) {
  for (const auto& [name, value] : headers) {
    out->append(Sanitize(name));
    out->append(": ");
    out->append(Sanitize(value));
    out->append("\r\n");
  }
  out->append("\r\n");
}
}  // namespace

std::string SerializeHttpResponseHead(int status, std::string_view reason,
                                      const HeaderList& headers, std::string_view version) {
  std::string out = Sanitize(version);
  out.push_back(' ');
  out.append(std::to_string(status));
  out.push_back(' ');
  out.append(Sanitize(reason));
  out.append("\r\n");
  AppendFields(headers, &out);
  return out;
}

std::string SerializeHttpRequestHead(std::string_view method, std::string_view target,
                                     const HeaderList& headers, std::string_view version) {
  std::string out = Sanitize(method);
  out.push_back(' ');
  std::string t = Sanitize(target);
  std::replace(t.begin(), t.end(), ' ', '+');  // a space would end the target early
  out.append(t);
  out.push_back(' ');
  out.append(Sanitize(version));
  out.append("\r\n");
  AppendFields(headers, &out);
  return out;
}

std::string ContentTypeCharset(std::string_view ct) {
  size_t i = ct.find(';');
  if (i == std::string_view::npos) return "";
  ++i;
  while (i < ct.size()) {
    size_t name_start = i;
    while (i < ct.size() && ct[i] != '=' && ct[i] != ';') ++i;
    std::string_view name = Trim(ct.substr(name_start, i - name_start));
    std::string value;
    if (i < ct.size() && ct[i] == '=') {
      ++i;
      while (i < ct.size() && (ct[i] == ' ' || ct[i] == '\t')) ++i;
      if (i < ct.size() && ct[i] == '"') {  // quoted-string, with backslash escapes
        ++i;
        while (i < ct.size() && ct[i] != '"') {
          if (ct[i] == '\\' && i + 1 < ct.size()) ++i;
          value.push_back(ct[i++]);
        }
        while (i < ct.size() && ct[i] != ';') ++i;
      } else {
        size_t value_start = i;
        while (i < ct.size() && ct[i] != ';') ++i;
        value.assign(Trim(ct.substr(value_start, i - value_start)));
      }
    }
    if (IEquals(name, "charset") && !Trim(value).empty()) return AsciiLower(Trim(value));
    if (i < ct.size()) ++i;  // the ';'
  }
  return "";
}

std::string MediaType(std::string_view content_type) {
  return AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
}

bool HttpBrotliSupported() {
#ifdef DOSSIER_HAVE_BROTLI
  return true;
#else
  return false;
#endif
}

}  // namespace dossier
