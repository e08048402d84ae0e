// The `extract` subcommand: extracts one local file (HTML or PDF) and prints its main text
// or the whole record as JSON. Shared by `dossier-indexer extract` and dossier-extract-dev.
#pragma once

#include <ostream>
#include <string>

namespace dossier {

// `extract [--format text|json] [--url URL] FILE|-`. `format` is "text" (main text only,
// paragraphs separated by blank lines; for a PDF the pages' text in order) or "json" (the
// record). A PDF is recognised by its "%PDF-" magic. Returns the process exit code: 0 ok,
// 1 extraction failed (the reason is written to `err`), 2 usage or I/O error.
int RunExtractCommand(const std::string& file, const std::string& format, const std::string& url,
                      std::ostream& out, std::ostream& err);

}  // namespace dossier
