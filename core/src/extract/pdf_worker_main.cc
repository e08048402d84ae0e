// dossier-pdf-worker: reads one PDF on stdin and writes one JSON object on stdout. Run by
// ExtractPdf (pdf.cc) under resource limits, so that poppler crashing or hanging on a
// hostile file takes down only this process.
//
// Protocol (both sides in this folder): stdin = the PDF's bytes, then EOF. stdout = one
// JSON object: {"ok": true, "title", "author", "subject", "created", "modified",
// "pages": [{"number", "text"}]} or {"ok": false, "error": "not_pdf" | "encrypted" |
// "no_text" | "damaged" | "oom", "message"}. Exit code 0 in both cases; anything else
// (a signal, another exit code) is a crash.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <string>

#include "dossier/extract.h"
#include "dossier/strings.h"

namespace {

using json = nlohmann::json;

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// A PDF without the date says 0 or -1.
std::string IsoTime(time_t t) { return t <= 0 ? "" : dossier::IsoUtc(t); }

void Quiet(const std::string&, void*) {}

int Emit(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  s += '\n';
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = write(STDOUT_FILENO, s.data() + off, s.size() - off);
    if (n <= 0) return 3;
    off += static_cast<size_t>(n);
  }
  return 0;
}

int Fail(const char* error, const std::string& message) {
  return Emit(json{{"ok", false}, {"error", error}, {"message", message}});
}

int Run() {
  std::string input;
  char buf[65536];
  while (true) {
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0) return 4;
    if (n == 0) break;
    input.append(buf, static_cast<size_t>(n));
  }
  if (input.substr(0, 1024).find("%PDF-") == std::string::npos) return Fail("not_pdf", "not a PDF");
  poppler::set_debug_error_function(&Quiet, nullptr);
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(input.data(), static_cast<int>(input.size())));
  if (!doc) return Fail("damaged", "poppler could not open the file");
  if (doc->is_locked()) return Fail("encrypted", "encrypted PDF");
  json out{{"ok", true}};
  out["title"] = Utf8(doc->get_title());
  out["author"] = Utf8(doc->get_author());
  out["subject"] = Utf8(doc->get_subject());
  out["created"] = IsoTime(doc->get_creation_date_t());
  out["modified"] = IsoTime(doc->get_modification_date_t());
  json pages = json::array();
  int count = doc->pages();
  if (count <= 0) return Fail("damaged", "the document has no pages");
  bool any_text = false;
  for (int i = 0; i < count; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    std::string text;
    if (page) text = dossier::NormalizePdfPageText(
        Utf8(page->text(poppler::rectf(), poppler::page::raw_order_layout)));
    if (!text.empty()) any_text = true;
    pages.push_back(json{{"number", i + 1}, {"text", text}});
  }
  if (!any_text) return Fail("no_text", "no text layer");
  out["pages"] = std::move(pages);
  return Emit(out);
}

}  // namespace

int main() {
  try {
    return Run();
  } catch (const std::bad_alloc&) {
    return Fail("oom", "pdf parser ran out of memory");
  } catch (const std::exception& e) {
    return Fail("damaged", e.what());
  }
}
