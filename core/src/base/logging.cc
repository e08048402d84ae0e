#include "dossier/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

#include "dossier/strings.h"

namespace dossier {

namespace {

// Formats a whole record as one JSON object, escaping the message properly (a pattern
// string cannot: messages carry quotes and URLs).
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    using namespace std::chrono;
    auto t = system_clock::to_time_t(msg.time);
    auto ms = duration_cast<milliseconds>(msg.time.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char ts[64];
    std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    std::string line = std::string("{\"ts\":\"") + ts + "\",\"level\":\"" +
                       std::string(spdlog::level::to_string_view(msg.level).data(),
                                   spdlog::level::to_string_view(msg.level).size()) +
                       "\",\"logger\":\"" +
                       JsonEscape(std::string_view(msg.logger_name.data(), msg.logger_name.size())) +
                       "\",\"msg\":\"" +
                       JsonEscape(std::string_view(msg.payload.data(), msg.payload.size())) + "\"}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

Status InitLogging(std::string_view format, std::string_view level) {
  auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off")
    return Status::InvalidArgument("unknown log level '" + std::string(level) +
                                   "' (expected trace, debug, info, warn, error or off)");
  if (format != "text" && format != "json")
    return Status::InvalidArgument("unknown log format '" + std::string(format) +
                                   "' (expected text or json)");
  spdlog::drop("dossier");
  auto logger = spdlog::stderr_color_mt("dossier");
  if (format == "json") {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
  logger->set_level(lvl);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

Result<Config> LoadConfigAndStartLogging(const std::string& config_file, const std::string& log_format,
                                         const std::string& log_level) {
  Config config;
  if (!config_file.empty()) {
    auto loaded = Config::LoadFile(config_file);
    if (!loaded.ok()) return loaded.status();
    config = std::move(*loaded);
  }
  Status s = InitLogging(log_format.empty() ? config.GetString("log.format") : log_format,
                         log_level.empty() ? config.GetString("log.level") : log_level);
  if (!s.ok()) return s;
  return config;
}

}  // namespace dossier
