// Dossier's configuration: one TOML file shared by the three programs, with a section each
// ([crawler], [indexer], [searchd], [log]). Every key is declared once, with its type, its
// default and a comment, in core/src/base/config_keys.inc; config/dossier.toml shows them
// all. Unknown keys and wrong types are errors that name the key and the line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

enum class ConfigType { kBool, kInt, kDouble, kString, kStringList, kTableArray };

struct ConfigKey {
  const char* path;           // "crawler.user_agent"; "crawler.site[].seeds" inside an array of tables
  ConfigType type;
  const char* default_value;  // as TOML text: "true", "42", "\"x\"", "[]"
  const char* comment;
};

// Every key Dossier knows, in the order config/dossier.toml lists them.
const std::vector<ConfigKey>& AllConfigKeys();

// A view of one table: the root, or one element of an array of tables.
// Thread-safety: immutable after load; safe to share for reading.
class ConfigSection {
 public:
  // The value of `key` (relative to this section), or its declared default.
  // A key that is not declared aborts in debug builds: it is a programming error.
  bool GetBool(std::string_view key) const;
  int64_t GetInt(std::string_view key) const;
  double GetDouble(std::string_view key) const;
  std::string GetString(std::string_view key) const;
  std::vector<std::string> GetStringList(std::string_view key) const;
  // Elements of an array of tables, e.g. GetTables("crawler.site").
  std::vector<ConfigSection> GetTables(std::string_view key) const;
  bool Has(std::string_view key) const;

 private:
  friend class Config;
  ConfigSection(std::shared_ptr<const void> root, const void* table, std::string prefix)
      : root_(std::move(root)), table_(table), prefix_(std::move(prefix)) {}
  const void* Find(std::string_view key) const;
  std::shared_ptr<const void> root_;  // keeps the parsed document alive
  const void* table_;                 // toml::table*
  std::string prefix_;                // "" or "crawler.site[]."
};

class Config {
 public:
  // All defaults.
  Config();
  // InvalidArgument naming the file, line and key on a syntax error, an unknown key or a
  // value of the wrong type; NotFound when the file does not exist.
  static Result<Config> LoadFile(const std::filesystem::path& path);
  static Result<Config> Parse(std::string_view toml_text, std::string_view source_name);

  const ConfigSection& root() const { return root_; }
  bool GetBool(std::string_view key) const { return root_.GetBool(key); }
  int64_t GetInt(std::string_view key) const { return root_.GetInt(key); }
  double GetDouble(std::string_view key) const { return root_.GetDouble(key); }
  std::string GetString(std::string_view key) const { return root_.GetString(key); }
  std::vector<std::string> GetStringList(std::string_view key) const {
    return root_.GetStringList(key);
  }
  std::vector<ConfigSection> GetTables(std::string_view key) const { return root_.GetTables(key); }

  // The example file: every key with its comment and default, as config/dossier.toml.
  static std::string ExampleToml();

 private:
  ConfigSection root_;
};

}  // namespace dossier
