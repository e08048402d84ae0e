# Fuzz targets of the robots area (crawler/robots): robots.txt and sitemaps.
dossier_add_fuzzer(robots LIBS dossier_robots)
dossier_add_fuzzer(sitemap LIBS dossier_robots)
