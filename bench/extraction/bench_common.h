// Shared by the two bench programs: load every *.html file of a folder into memory.
#pragma once

#include <time.h>

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

// CPU time of the calling thread: on the shared development machine other jobs take the
// cores, and wall-clock rounds vary by 1.5x between runs; the CPU time a page costs does not.
inline double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}
