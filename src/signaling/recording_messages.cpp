// Parser and builders of the recording messages: shapes only; who may start and stop is the room's.
#include "signaling/recording_messages.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace vicos::signaling {
namespace {

constexpr std::array<std::pair<RecordingAction, std::string_view>, 3> kTypes{{
    {RecordingAction::Start, "recording-start"},
    {RecordingAction::Stop, "recording-stop"},
    {RecordingAction::Consent, "recording-consent"},
}};

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<RecordingAction> recordingActionOf(std::string_view type) {
  for (const auto& [action, name] : kTypes)
    if (name == type) return action;
  return std::nullopt;
}

std::string_view recordingTypeName(RecordingAction action) {
  for (const auto& [a, name] : kTypes)
    if (a == action) return name;
  return "recording-start";
}

std::vector<std::string_view> recordingTypeNames() {
  std::vector<std::string_view> names;
  for (const auto& entry : kTypes) names.push_back(entry.second);
  return names;
}

std::variant<RecordingMessage, SignalingError> parseRecording(RecordingAction action,
                                                              const nlohmann::json& j) {
  RecordingMessage m;
  m.action = action;
  if (action != RecordingAction::Consent) return m;
  const auto consent = j.find("consent");
  if (consent == j.end() || !consent->is_boolean())
    return SignalingError{ErrorCode::BadMessage, "field 'consent' must be a boolean", "recording-consent"};
  m.consent = consent->get<bool>();
  return m;
}

std::string recordingMessage(bool active, std::string_view by, bool allowed) {
  nlohmann::json j{{"type", "recording"}, {"active", active}, {"allowed", allowed}};
  if (active) j["by"] = by;
  return dump(j);
}

std::string recordingConsentMessage(std::string_view from, bool consent) {
  return dump({{"type", "recording-consent"}, {"from", from}, {"consent", consent}});
}

}  // namespace vicos::signaling
