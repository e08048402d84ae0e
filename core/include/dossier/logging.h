// Logging setup for the three programs. Modules log with spdlog in their .cc files; this
// chooses where lines go (stderr) and how they look: readable text on a terminal, or one
// JSON object a line ({"ts","level","logger","msg"}) for log shippers.
#pragma once

#include <string_view>

#include <string>

#include "dossier/config.h"
#include "dossier/status.h"

namespace dossier {

// `format` is "text" or "json"; `level` one of trace, debug, info, warn, error, off.
// InvalidArgument naming the bad value otherwise.
Status InitLogging(std::string_view format, std::string_view level);

// What every program does first: loads `config_file` (all defaults when empty), then sets up
// logging from `log_format`/`log_level` when given, else from the config's [log] section.
// InvalidArgument/NotFound naming the file, line or value: the caller exits with code 2.
Result<Config> LoadConfigAndStartLogging(const std::string& config_file, const std::string& log_format,
                                         const std::string& log_level);

}  // namespace dossier
