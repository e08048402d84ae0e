# URL parser fuzz target (tests/fuzz/url.cc, corpus in tests/fuzz/corpus/url/).
dossier_add_fuzzer(url LIBS dossier_url)
