// Batch searching for IR evaluation: runs a file of queries through the same Searcher code
// path as the HTTP API and writes a TREC run (`qid Q0 docid rank score tag`).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "searcher.h"

namespace dossier {

struct BatchOptions {
  std::filesystem::path queries;  // JSON Lines {"id": ..., "text": ...}, or "id<TAB>text" lines
  std::string format = "trec";    // only "trec" so far
  int k = 1000;                   // hits per query
  // Operator between a topic's words: "or" unless told. Topics are sentences, and under
  // AND a topic matches only documents with every one of its words (SciFact nDCG@10 0.05
  // against 0.69 with OR: bench/ir/README.md). Never searchd.default_op, which is for people.
  std::string op = "or";
  std::string tag = "dossier";    // the run tag (last column)
};

// Runs every query and writes the run to `out`. A query the language rejects (stray
// colons or quotes are common in topic text) is run again as plain words, with a warning.
// Returns the number of queries run; NotFound / InvalidArgument naming the file and line
// for an unreadable queries file or a line that is neither JSON nor id<TAB>text.
Result<int64_t> RunBatch(Searcher& searcher, const BatchOptions& options, std::ostream& out);

}  // namespace dossier
