#include "dossier/status.h"

namespace dossier {

std::string Status::ToString() const {
  const char* name = "OK";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kNotFound: name = "not found"; break;
    case Code::kInvalidArgument: name = "invalid argument"; break;
    case Code::kCorruption: name = "corruption"; break;
    case Code::kIoError: name = "I/O error"; break;
    case Code::kUnsupported: name = "unsupported"; break;
    case Code::kBusy: name = "busy"; break;
    case Code::kTimeout: name = "timeout"; break;
    case Code::kInternal: name = "internal error"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace dossier
