// Shared by the two bench programs: load every *.html file of a folder into memory.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

inline std::vector<std::pair<std::string, std::string>> LoadPages(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> pages;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".html") continue;
    std::ifstream in(e.path(), std::ios::binary);
    pages.emplace_back(e.path().stem().string(),
                       std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}
