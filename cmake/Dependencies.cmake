# Every third-party dependency is found here, once, and exposed as an imported target
# named dossier::<lib>. Modules link them PRIVATE. All come from Debian 12 packages
# (scripts/setup.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# Xapian 1.4 ships a config file with variables only: wrap it in a target.
find_package(Xapian REQUIRED)
add_library(dossier::xapian INTERFACE IMPORTED)
target_include_directories(dossier::xapian INTERFACE ${XAPIAN_INCLUDE_DIR})
target_link_libraries(dossier::xapian INTERFACE ${XAPIAN_LIBRARIES})

pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
add_library(dossier::gumbo ALIAS PkgConfig::GUMBO)

pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
add_library(dossier::httplib ALIAS PkgConfig::HTTPLIB)

pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
add_library(dossier::poppler ALIAS PkgConfig::POPPLER_CPP)

find_package(CURL REQUIRED)
find_package(spdlog REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ZLIB REQUIRED)
# libdeflate (libdeflate-dev): whole-buffer gzip, for the WARC records; Debian 12 ships 1.14
# with a pkg-config file.
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)
add_library(dossier::libdeflate ALIAS PkgConfig::LIBDEFLATE)
find_package(ICU REQUIRED COMPONENTS uc i18n data)
find_package(boost_url 1.81 REQUIRED CONFIG)
find_package(Catch2 2.13 REQUIRED)

# CLD2 (libcld2-dev) has neither pkg-config nor CMake files.
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
find_path(CLD2_INCLUDE_DIR NAMES cld2/public/compact_lang_det.h REQUIRED)
add_library(dossier::cld2 INTERFACE IMPORTED)
target_include_directories(dossier::cld2 INTERFACE ${CLD2_INCLUDE_DIR})
target_link_libraries(dossier::cld2 INTERFACE ${CLD2_LIBRARY})
