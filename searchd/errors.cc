// Status codes → HTTP status codes, in one place: a user's mistake is a 4xx with a message
// that says what to change; a 5xx means the server or the index is at fault.
#include <nlohmann/json.hpp>

#include "http.h"

namespace dossier {

int HttpStatusFor(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return 200;
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kUnsupported: return 400;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kBusy: return 503;        // the index changed under us twice: retry
    case Status::Code::kIoError: return 503;     // a shard cannot be read or reached
    case Status::Code::kTimeout: return 504;     // a remote shard did not answer
    case Status::Code::kCorruption: return 500;
    case Status::Code::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(int http_status, const std::string& message) {
  Response r;
  r.status = http_status;
  r.content_type = "application/json";
  nlohmann::json j = {{"error", {{"code", http_status}, {"message", message}}}};
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ErrorResponse(const Status& status) {
  return ErrorResponse(HttpStatusFor(status.code()), status.message());
}

}  // namespace dossier
