# Fuzz targets of the crawler (crawler/): the streaming link scanner against Gumbo.
dossier_add_fuzzer(links LIBS dossier_crawler)
