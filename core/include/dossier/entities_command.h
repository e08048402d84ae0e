// The `entities` subcommand: prints the entities of one local file (HTML or plain text).
// Shared by `dossier-indexer entities` and dossier-entities-dev.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace dossier {

// `entities [--format json|text] FILE|-`. Input that looks like HTML is first converted to
// text with HtmlToPlainText; offsets in the output are into that text. "json" prints
// EntityResultToJson plus a newline; "text" prints one entity per line. Returns the process
// exit code: 0 ok, 2 usage, I/O or data-loading error (the reason is written to `err`).
int RunEntitiesCommand(const std::string& file, const std::string& format,
                       const std::filesystem::path& data_dir, std::ostream& out,
                       std::ostream& err);

}  // namespace dossier
