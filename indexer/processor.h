// Processor: one fetched or imported item → the document records to index. Extraction
// (HTML main text and metadata, or PDF pages in the isolated worker), entities, page type,
// ids. Thread-safe: Process() runs on every worker thread at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dossier/config.h"
#include "dossier/record.h"
#include "dossier/status.h"

namespace dossier {

class EntityExtractor;

struct RawItem {
  std::string url;
  int status = 200;           // HTTP status (200 for files)
  std::string content_type;   // HTTP Content-Type header value ("" → sniffed)
  std::string body;           // decoded payload (no transfer/content coding)
  std::string fetched;        // ISO 8601 UTC
  std::string warc_ref;       // "file@offset", for the capture list
  std::string x_robots_tag;   // X-Robots-Tag header value
};

struct Processed {
  enum class Kind { kDocuments, kRemoved, kSkipped, kFailed } kind = Kind::kSkipped;
  std::vector<DocRecord> records;  // kDocuments: a page, or a PDF report's parent + pages
  std::string id;                  // kRemoved: the id of the removed page
  std::string when;                // kRemoved: when it was seen gone (the capture's date)
  std::string url;
  std::string reason;              // kSkipped / kFailed: why
};

struct ProcessorOptions {
  int pdf_timeout_s = 30;
  int pdf_memory_mb = 1024;
  std::vector<std::pair<std::string, std::string>> type_rules;  // URL regex → page type
};

class Processor {
 public:
  // Loads the gazetteers; NotFound/Corruption naming the data file.
  static Result<std::unique_ptr<Processor>> Create(const ProcessorOptions& options);
  ~Processor();
  Processed Process(const RawItem& item) const;
  // A record from JSON Lines import: entities and type filled in when absent.
  DocRecord Enrich(DocRecord record) const;

 private:
  Processor();
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

ProcessorOptions ProcessorOptionsFromConfig(const Config& config);

}  // namespace dossier
