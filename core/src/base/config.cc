// The TOML adapter: toml++ is used only in this file.
#include "dossier/config.h"

#include <toml++/toml.h>

#include <map>
#include <mutex>
#include <sstream>

#include "dossier/files.h"

namespace dossier {

bool StartsWithPath(std::string_view full, std::string_view section);

namespace {

const std::vector<ConfigKey> kKeys = {
#include "config_keys.inc"
};

const ConfigKey* FindKey(std::string_view path) {
  for (const auto& k : kKeys)
    if (path == k.path) return &k;
  return nullptr;
}

// Parsed defaults, built once.
const toml::table& Defaults() {
  static const toml::table* table = [] {
    auto* t = new toml::table();
    for (const auto& k : kKeys) {
      if (k.type == ConfigType::kTableArray) continue;
      toml::table one = toml::parse(std::string("v = ") + k.default_value);
      t->insert_or_assign(k.path, *one.get("v"));
    }
    return t;
  }();
  return *table;
}

const char* TypeName(ConfigType t) {
  switch (t) {
    case ConfigType::kBool: return "a boolean";
    case ConfigType::kInt: return "an integer";
    case ConfigType::kDouble: return "a number";
    case ConfigType::kString: return "a string";
    case ConfigType::kStringList: return "an array of strings";
    case ConfigType::kTableArray: return "an array of tables ([[...]])";
  }
  return "?";
}

bool TypeMatches(const toml::node& n, ConfigType t) {
  switch (t) {
    case ConfigType::kBool: return n.is_boolean();
    case ConfigType::kInt: return n.is_integer();
    case ConfigType::kDouble: return n.is_floating_point() || n.is_integer();
    case ConfigType::kString: return n.is_string();
    case ConfigType::kStringList: {
      const auto* arr = n.as_array();
      if (!arr) return false;
      for (const auto& e : *arr)
        if (!e.is_string()) return false;
      return true;
    }
    case ConfigType::kTableArray: return n.is_array_of_tables() || (n.is_array() && n.as_array()->empty());
  }
  return false;
}

std::string Where(std::string_view source, const toml::node& n) {
  std::ostringstream s;
  s << source << ":" << n.source().begin.line;
  return s.str();
}

Status Validate(const toml::table& table, const std::string& prefix, std::string_view source) {
  for (const auto& [k, node] : table) {
    std::string path = prefix + std::string(k.str());
    const ConfigKey* key = FindKey(path);
    if (!key) {
      // A section header such as [crawler] is a table whose keys are checked one by one.
      bool is_section = false;
      for (const auto& d : kKeys)
        if (StartsWithPath(d.path, path)) is_section = true;
      if (is_section && node.is_table()) {
        Status s = Validate(*node.as_table(), path + ".", source);
        if (!s.ok()) return s;
        continue;
      }
      return Status::InvalidArgument(Where(source, node) + ": unknown key '" + path + "'");
    }
    if (!TypeMatches(node, key->type))
      return Status::InvalidArgument(Where(source, node) + ": key '" + path + "' must be " +
                                     TypeName(key->type));
    if (key->type == ConfigType::kTableArray) {
      for (const auto& elem : *node.as_array()) {
        Status s = Validate(*elem.as_table(), path + "[].", source);
        if (!s.ok()) return s;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

// Declared here so Validate can use it; true when `full` lies inside section `section`.
bool StartsWithPath(std::string_view full, std::string_view section) {
  return full.size() > section.size() && full.substr(0, section.size()) == section &&
         full[section.size()] == '.';
}

const std::vector<ConfigKey>& AllConfigKeys() { return kKeys; }

const void* ConfigSection::Find(std::string_view key) const {
  const auto* table = static_cast<const toml::table*>(table_);
  if (table) {
    toml::node_view<const toml::node> v = toml::node_view<const toml::node>(table)
                                              .at_path(key);
    if (v) return v.node();
  }
  std::string full = prefix_ + std::string(key);
  const ConfigKey* decl = FindKey(full);
  assert(decl && "undeclared configuration key");
  if (!decl) return nullptr;
  return Defaults().get(full);
}

bool ConfigSection::Has(std::string_view key) const {
  const auto* table = static_cast<const toml::table*>(table_);
  return table && toml::node_view<const toml::node>(table).at_path(key);
}

bool ConfigSection::GetBool(std::string_view key) const {
  const auto* n = static_cast<const toml::node*>(Find(key));
  return n && n->value_or(false);
}
int64_t ConfigSection::GetInt(std::string_view key) const {
  const auto* n = static_cast<const toml::node*>(Find(key));
  return n ? n->value_or<int64_t>(0) : 0;
}
double ConfigSection::GetDouble(std::string_view key) const {
  const auto* n = static_cast<const toml::node*>(Find(key));
  return n ? n->value_or<double>(0.0) : 0.0;
}
std::string ConfigSection::GetString(std::string_view key) const {
  const auto* n = static_cast<const toml::node*>(Find(key));
  return n ? n->value_or<std::string>("") : std::string();
}
std::vector<std::string> ConfigSection::GetStringList(std::string_view key) const {
  std::vector<std::string> out;
  const auto* n = static_cast<const toml::node*>(Find(key));
  if (n && n->is_array())
    for (const auto& e : *n->as_array())
      if (auto s = e.value<std::string>()) out.push_back(*s);
  return out;
}
std::vector<ConfigSection> ConfigSection::GetTables(std::string_view key) const {
  std::vector<ConfigSection> out;
  const auto* table = static_cast<const toml::table*>(table_);
  if (!table) return out;
  auto v = toml::node_view<const toml::node>(table).at_path(key);
  if (!v || !v.is_array()) return out;
  std::string prefix = prefix_ + std::string(key) + "[].";
  for (const auto& e : *v.as_array())
    if (const auto* t = e.as_table()) out.push_back(ConfigSection(root_, t, prefix));
  return out;
}

Config::Config() : root_(nullptr, nullptr, "") {}

Result<Config> Config::Parse(std::string_view text, std::string_view source_name) {
  std::shared_ptr<toml::table> doc;
  try {
    doc = std::make_shared<toml::table>(toml::parse(text, std::string(source_name)));
  } catch (const toml::parse_error& e) {
    std::ostringstream s;
    s << source_name << ":" << e.source().begin.line << ": " << e.description();
    return Status::InvalidArgument(s.str());
  }
  Status st = Validate(*doc, "", source_name);
  if (!st.ok()) return st;
  Config c;
  c.root_ = ConfigSection(doc, doc.get(), "");
  return c;
}

Result<Config> Config::LoadFile(const std::filesystem::path& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path.string());
}

std::string Config::ExampleToml() {
  std::ostringstream out;
  out << "# Dossier configuration: every key, with its default and what it means.\n"
         "# Generated by `dossier-crawler --print-config`; unknown keys are errors.\n";
  std::string section;
  for (const auto& k : kKeys) {
    std::string path = k.path;
    if (path.find("[]") != std::string::npos) continue;  // shown with its array below
    size_t dot = path.rfind('.');
    std::string sec = path.substr(0, dot), name = path.substr(dot + 1);
    if (k.type == ConfigType::kTableArray) {
      out << "\n# " << k.comment << "\n# [[" << path << "]]\n";
      std::string inner = path + "[].";
      for (const auto& e : kKeys)
        if (std::string(e.path).rfind(inner, 0) == 0)
          out << "# " << std::string(e.path).substr(inner.size()) << " = " << e.default_value
              << "  # " << e.comment << "\n";
      continue;
    }
    if (sec != section) {
      out << "\n[" << sec << "]\n";
      section = sec;
    }
    out << "# " << k.comment << "\n" << name << " = " << k.default_value << "\n";
  }
  return out.str();
}

}  // namespace dossier
