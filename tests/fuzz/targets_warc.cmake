# Fuzz targets of the warc area: the WARC reader and the HTTP message parser.
dossier_add_fuzzer(warc LIBS dossier_warc)
dossier_add_fuzzer(http_message LIBS dossier_warc)
