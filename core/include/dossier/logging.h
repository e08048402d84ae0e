// Logging setup for the three programs. Modules log with spdlog in their .cc files; this
// chooses where lines go (stderr) and how they look: readable text on a terminal, or one
// JSON object a line ({"ts","level","logger","msg"}) for log shippers.
#pragma once

#include <string_view>

#include "dossier/status.h"

namespace dossier {

// `format` is "text" or "json"; `level` one of trace, debug, info, warn, error, off.
// InvalidArgument naming the bad value otherwise.
Status InitLogging(std::string_view format, std::string_view level);

}  // namespace dossier
