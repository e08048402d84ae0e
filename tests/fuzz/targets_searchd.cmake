# searchd's fuzz targets: the query language (through the whole Searcher) and HTTP request
# targets (parsing, routing, parameters, handlers).
dossier_add_fuzzer(query LIBS dossier_searcher dossier_index dossier_base)
dossier_add_fuzzer(http_request LIBS dossier_searchd_http dossier_searcher dossier_index dossier_base spdlog::spdlog)
