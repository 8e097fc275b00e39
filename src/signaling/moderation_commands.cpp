// Parser of moderator commands: field types and values only; permissions are the room's.
#include "signaling/moderation_commands.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace vicos::signaling {
namespace {

constexpr std::array<std::pair<ModerationAction, std::string_view>, 10> kTypes{{
    {ModerationAction::Mute, "mute"},
    {ModerationAction::MuteAll, "mute-all"},
    {ModerationAction::AllowUnmute, "allow-unmute"},
    {ModerationAction::StopCamera, "stop-camera"},
    {ModerationAction::Remove, "remove"},
    {ModerationAction::SetRole, "set-role"},
    {ModerationAction::EndMeeting, "end-meeting"},
    {ModerationAction::RoomSettings, "room-settings"},
    {ModerationAction::LowerHand, "lower-hand"},
    {ModerationAction::LowerHands, "lower-hands"},
}};

SignalingError bad(ModerationAction action, std::string message) {
  return SignalingError{ErrorCode::BadMessage, std::move(message), std::string(moderationTypeName(action))};
}

bool hasTarget(ModerationAction action) {
  return action == ModerationAction::Mute || action == ModerationAction::AllowUnmute ||
         action == ModerationAction::StopCamera || action == ModerationAction::Remove ||
         action == ModerationAction::SetRole || action == ModerationAction::LowerHand;
}

// An optional setting: absent leaves it as it is.
std::optional<SignalingError> parseAudience(const nlohmann::json& j, const char* name, std::optional<Audience>& out) {
  const auto it = j.find(name);
  if (it == j.end()) return std::nullopt;
  if (it->is_string() && *it == "everyone") out = Audience::Everyone;
  else if (it->is_string() && *it == "moderators") out = Audience::Moderators;
  else return bad(ModerationAction::RoomSettings, std::string("field '") + name + "' must be \"everyone\" or \"moderators\"");
  return std::nullopt;
}

}  // namespace

std::optional<ModerationAction> moderationActionOf(std::string_view type) {
  for (const auto& [action, name] : kTypes)
    if (name == type) return action;
  return std::nullopt;
}

std::string_view moderationTypeName(ModerationAction action) {
  for (const auto& [a, name] : kTypes)
    if (a == action) return name;
  return "mute";
}

std::vector<std::string_view> moderationTypeNames() {
  std::vector<std::string_view> names;
  for (const auto& entry : kTypes) names.push_back(entry.second);
  return names;
}

std::string_view audienceName(Audience audience) {
  return audience == Audience::Everyone ? "everyone" : "moderators";
}

std::variant<ModerationMessage, SignalingError> parseModeration(ModerationAction action, const nlohmann::json& j) {
  ModerationMessage m;
  m.action = action;
  if (hasTarget(action)) {
    const auto it = j.find("participant");
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
      return bad(action, "field 'participant' must be a participant id");
    m.participant = it->get<std::string>();
  }
  if (action == ModerationAction::SetRole) {
    const auto it = j.find("role");
    if (it != j.end() && *it == "moderator") m.makeModerator = true;
    else if (it == j.end() || *it != "participant")
      return bad(action, "field 'role' must be \"moderator\" or \"participant\"");
  }
  if (action == ModerationAction::RoomSettings) {
    if (auto error = parseAudience(j, "whoMayShare", m.whoMayShare)) return *error;
    if (auto error = parseAudience(j, "whoMayUnmute", m.whoMayUnmute)) return *error;
    if (auto error = parseAudience(j, "whoMayChat", m.whoMayChat)) return *error;
    if (auto error = parseAudience(j, "whoMayPoll", m.whoMayPoll)) return *error;
  }
  return m;
}

}  // namespace vicos::signaling
