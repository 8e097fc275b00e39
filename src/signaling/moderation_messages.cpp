// Admission and moderation messages; strings are escaped by nlohmann::json.
#include "signaling/moderation_messages.hpp"

#include <nlohmann/json.hpp>

namespace vicos::signaling {

std::string waitingMessage(std::string_view participantId, std::string_view reason) {
  return nlohmann::json{{"type", "waiting"}, {"participant", participantId}, {"reason", reason}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string removedMessage(std::string_view by) {
  return nlohmann::json{{"type", "removed"}, {"by", by}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string meetingEndedMessage(std::string_view by) {
  return nlohmann::json{{"type", "meeting-ended"}, {"by", by}}.dump(-1, ' ', false,
                                                                   nlohmann::json::error_handler_t::replace);
}

std::string roomSettingsMessage(std::string_view whoMayShare, std::string_view whoMayUnmute,
                                std::string_view whoMayChat, std::string_view whoMayPoll) {
  return nlohmann::json{{"type", "room-settings"},
                        {"whoMayShare", whoMayShare},
                        {"whoMayUnmute", whoMayUnmute},
                        {"whoMayChat", whoMayChat},
                        {"whoMayPoll", whoMayPoll}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vicos::signaling
