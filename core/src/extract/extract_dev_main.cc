// dossier-extract-dev: the `extract` subcommand on its own, for development and the
// extraction benchmark, until `dossier-indexer extract` takes over.
#include <iostream>
#include <string>

#include "dossier/extract_command.h"

int main(int argc, char** argv) {
  std::string format = "text", url, file;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--format" || a == "--url") && i + 1 < argc) {
      (a == "--format" ? format : url) = argv[++i];
    } else if (a.rfind("--format=", 0) == 0) {
      format = a.substr(9);
    } else if (a.rfind("--url=", 0) == 0) {
      url = a.substr(6);
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: dossier-extract-dev [--format text|json] [--url URL] FILE|-\n";
      return 0;
    } else if (file.empty() && (a == "-" || a.rfind("-", 0) != 0)) {
      file = a;
    } else {
      std::cerr << "dossier-extract-dev: unexpected argument '" << a << "'\n";
      return 2;
    }
  }
  return dossier::RunExtractCommand(file, format, url, std::cout, std::cerr);
}
