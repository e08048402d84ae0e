// The handlers of dossier-searchd's routes (server.cc holds the route table). Each turns a
// Request into a Response with the Searcher's typed results; searchd/API.md documents them.
#pragma once

#include "http.h"
#include "searcher.h"

namespace dossier {

// The search parameters of a request (q, type, country, ..., page, size). InvalidArgument
// naming the parameter on an unknown parameter or a malformed value.
Result<SearchRequest> SearchRequestFromParams(const Request& request);

Response HandleSearch(const Request& request, Context& ctx);       // GET /v1/search
Response HandleSearchCsv(const Request& request, Context& ctx);    // GET /v1/search.csv
Response HandleSearchJsonl(const Request& request, Context& ctx);  // GET /v1/search.jsonl
Response HandleSearchAtom(const Request& request, Context& ctx);   // GET /v1/search.atom
Response HandleOpenSearch(const Request& request, Context& ctx);   // GET /opensearch.xml
Response HandleDocument(const Request& request, Context& ctx);     // GET /v1/documents/{id}
Response HandleRelated(const Request& request, Context& ctx);      // GET /v1/documents/{id}/related
Response HandleCountries(const Request& request, Context& ctx);    // GET /v1/countries
Response HandleCountry(const Request& request, Context& ctx);      // GET /v1/countries/{code}
Response HandleSuggest(const Request& request, Context& ctx);      // GET /v1/suggest
Response HandleHealth(const Request& request, Context& ctx);       // GET /v1/health
Response HandleMetrics(const Request& request, Context& ctx);      // GET /metrics
Response HandleHome(const Request& request, Context& ctx);         // GET /
Response HandleStatic(const Request& request, Context& ctx);       // GET /static/{path}

// CSV field quoting (RFC 4180), with cells that a spreadsheet would run as a formula
// (= + - @ at the start) prefixed by an apostrophe.
std::string CsvField(const std::string& value);

}  // namespace dossier
