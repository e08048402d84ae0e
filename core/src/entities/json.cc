// EntityResultToJson: the wire form of an EntityResult (documented in entities.h).
#include <nlohmann/json.hpp>

#include "dossier/entities.h"
#include "dossier/strings.h"

namespace dossier {

std::string EntityResultToJson(const EntityResult& result) {
  using Json = nlohmann::ordered_json;
  Json entities = Json::array();
  for (const Entity& e : result.entities) {
    Json mentions = Json::array();
    for (const EntityMention& m : e.mentions) {
      Json jm = {{"text", RepairUtf8(m.text)}, {"start", m.start}, {"end", m.end}};
      if (m.weak) jm["weak"] = true;
      mentions.push_back(std::move(jm));
    }
    Json je = {{"type", e.type}, {"id", RepairUtf8(e.id)}, {"name", RepairUtf8(e.name)}};
    if (!e.precision.empty()) je["precision"] = e.precision;
    je["mentions"] = std::move(mentions);
    entities.push_back(std::move(je));
  }
  Json out = {{"entities", std::move(entities)},
              {"type", result.page_type},
              {"main_country", result.main_country}};
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace dossier
