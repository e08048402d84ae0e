// The per-command floor: read one HTML file, parse it with Gumbo (as ExtractHtml does, no
// error records), free it, exit. usage: gumbo_parse_file FILE
#include <gumbo.h>

#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::ifstream in(argv[1], std::ios::binary);
  std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  gumbo_destroy_output(&options, out);
  return 0;
}
