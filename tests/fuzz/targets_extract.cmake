# Extraction fuzz targets (see tests/fuzz/CMakeLists.txt).
dossier_add_fuzzer(extract_html LIBS dossier_extract)
