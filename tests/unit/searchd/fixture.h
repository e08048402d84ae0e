// Test fixtures for searchd: a small archive (cases, news, a PDF report with pages,
// country pages) written with IndexWriter into a temporary on-disk index, and a subset of
// JSON Schema (type, properties, required, items, enum, additionalProperties, $ref) to check
// the API's responses against schemas/*.schema.json.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dossier/files.h"
#include "dossier/index_writer.h"
#include "dossier/record.h"
#include "searcher.h"

namespace dossier::testing {

// The fixture's documents (ids are readable: "case-aliyev", "report-abuse-p2", ...).
std::vector<DocRecord> FixtureRecords();

// A temporary index holding FixtureRecords(), committed.
class FixtureIndex {
 public:
  FixtureIndex();
  const std::filesystem::path& path() const { return path_; }
  SearcherOptions options() const;
  std::unique_ptr<Searcher> Open() const;
  // Opens the index for writing (the fixture's writer is closed after construction).
  std::unique_ptr<IndexWriter> Writer() const;

 private:
  TempDir dir_;
  std::filesystem::path path_;
};

// Errors of `value` against the schema in schemas/<name> ("" when valid), each naming the
// JSON pointer of the offending value.
std::string SchemaErrors(const nlohmann::json& value, const std::string& schema_name);

}  // namespace dossier::testing
