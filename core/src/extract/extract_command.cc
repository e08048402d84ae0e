// `extract` subcommand (see dossier/extract_command.h).
#include "dossier/extract_command.h"

#include <iostream>
#include <iterator>

#include "dossier/extract.h"
#include "dossier/files.h"

namespace dossier {

int RunExtractCommand(const std::string& file, const std::string& format, const std::string& url,
                      std::ostream& out, std::ostream& err) {
  if (format != "text" && format != "json") {
    err << "extract: --format must be text or json, not '" << format << "'\n";
    return 2;
  }
  if (file.empty()) {
    err << "usage: extract [--format text|json] [--url URL] FILE|-\n";
    return 2;
  }
  std::string bytes;
  if (file == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) {
      err << "extract: cannot read standard input\n";
      return 2;
    }
  } else {
    Result<std::string> read = ReadFile(file);
    if (!read.ok()) {
      err << "extract: " << read.status().ToString() << "\n";
      return 2;
    }
    bytes = std::move(read.value());
  }
  const std::string name = file == "-" ? "stdin" : file;
  if (std::string_view(bytes).substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    Result<ExtractedPdf> pdf = ExtractPdf(bytes);
    if (!pdf.ok()) {
      err << "extract: " << name << ": " << pdf.status().ToString() << "\n";
      return 1;
    }
    if (format == "json") {
      out << ExtractedPdfToJson(*pdf) << "\n";
    } else {
      bool first = true;
      for (const PdfPage& p : pdf->pages) {
        if (p.text.empty()) continue;
        if (!first) out << "\n\n";
        out << p.text;
        first = false;
      }
      out << "\n";
    }
    return 0;
  }
  ExtractOptions options;
  options.url = url;
  Result<ExtractedPage> page = ExtractHtml(bytes, options);
  if (!page.ok()) {
    err << "extract: " << name << ": " << page.status().ToString() << "\n";
    return 1;
  }
  if (format == "json") {
    out << ExtractedPageToJson(*page) << "\n";
  } else {
    out << page->body << "\n";
  }
  return 0;
}

}  // namespace dossier
