// Parser and builders of the breakout-room messages: field types and bounds only; permissions
// and the state they change are the room's (room/breakouts.hpp).
#include "signaling/breakout_messages.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "signaling/e2ee_messages.hpp"
#include "signaling/names.hpp"

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<BreakoutAction, std::string_view>, 6> kTypes{{
    {BreakoutAction::Create, "breakout-create"},
    {BreakoutAction::Assign, "breakout-assign"},
    {BreakoutAction::Open, "breakout-open"},
    {BreakoutAction::Close, "breakout-close"},
    {BreakoutAction::Broadcast, "breakout-broadcast"},
    {BreakoutAction::Move, "breakout-move"},
}};

// Participant ids are 32 hex characters; anything much longer is nobody's.
constexpr size_t kMaxParticipantIdLength = 64;

SignalingError bad(BreakoutAction action, std::string message) {
  return SignalingError{ErrorCode::BadMessage, std::move(message), std::string(breakoutTypeName(action))};
}

// A room index below kMaxBreakoutRooms, or null for the main room.
std::optional<BreakoutPlace> place(const Json& value) {
  if (value.is_null()) return BreakoutPlace{};
  if (!value.is_number_unsigned() || value.get<uint64_t>() >= kMaxBreakoutRooms) return std::nullopt;
  return BreakoutPlace{static_cast<size_t>(value.get<uint64_t>())};
}

std::optional<SignalingError> parseCreate(const Json& j, BreakoutMessage& m) {
  const auto rooms = j.find("rooms");
  if (rooms == j.end() || !rooms->is_array() || rooms->size() > kMaxBreakoutRooms)
    return bad(m.action, "field 'rooms' must be an array of at most 20 names");
  for (const auto& name : *rooms) {
    auto trimmed = name.is_string() ? normalizeDisplayName(name.get_ref<const std::string&>()) : std::nullopt;
    if (!trimmed) return bad(m.action, "each room name must be 1-64 characters without control characters");
    m.rooms.push_back(std::move(*trimmed));
  }
  if (const auto choose = j.find("choose"); choose != j.end()) {
    if (!choose->is_boolean()) return bad(m.action, "field 'choose' must be a boolean");
    m.choose = choose->get<bool>();
  }
  return std::nullopt;
}

std::optional<SignalingError> parseAssign(const Json& j, BreakoutMessage& m) {
  const auto assign = j.find("assign");
  if (assign == j.end() || !assign->is_object() || assign->size() > kMaxBreakoutAssignments)
    return bad(m.action, "field 'assign' must be an object of at most 100 participants");
  for (const auto& [id, value] : assign->items()) {
    const auto where = place(value);
    if (id.empty() || id.size() > kMaxParticipantIdLength || !where)
      return bad(m.action, "each entry of 'assign' must map a participant id to a room index (0-19) or null");
    m.assign.emplace_back(id, *where);
  }
  return std::nullopt;
}

}  // namespace

std::optional<BreakoutAction> breakoutActionOf(std::string_view type) {
  for (const auto& [action, name] : kTypes)
    if (name == type) return action;
  return std::nullopt;
}

std::string_view breakoutTypeName(BreakoutAction action) {
  for (const auto& [a, name] : kTypes)
    if (a == action) return name;
  return "breakout-open";
}

std::vector<std::string_view> breakoutTypeNames() {
  std::vector<std::string_view> names;
  for (const auto& entry : kTypes) names.push_back(entry.second);
  return names;
}

std::variant<BreakoutMessage, SignalingError> parseBreakout(BreakoutAction action, const Json& j) {
  BreakoutMessage m;
  m.action = action;
  std::optional<SignalingError> error;
  if (action == BreakoutAction::Create) error = parseCreate(j, m);
  if (action == BreakoutAction::Assign) error = parseAssign(j, m);
  if (action == BreakoutAction::Close) {
    if (const auto countdown = j.find("countdown"); countdown != j.end()) {
      if (!countdown->is_number_unsigned() || countdown->get<uint64_t>() > kMaxBreakoutCountdownSeconds)
        return bad(action, "field 'countdown' must be 0-300 seconds");
      m.countdownSeconds = countdown->get<int64_t>();
    }
  }
  if (action == BreakoutAction::Broadcast) {
    const auto e2ee = j.find("e2ee");
    if (e2ee == j.end() || !e2ee->is_string() ||
        !isBase64Url(e2ee->get_ref<const std::string&>(), kMaxE2eeChatLength))
      return bad(action, "field 'e2ee' must be 1-16384 base64url characters");
    m.e2ee = e2ee->get<std::string>();
  }
  if (action == BreakoutAction::Move) {
    const auto room = j.find("room");
    const auto where = room == j.end() ? std::nullopt : place(*room);
    if (!where) return bad(action, "field 'room' must be a room index (0-19) or null");
    m.room = *where;
  }
  if (error) return *error;
  return m;
}

std::string breakoutsMessage(const BreakoutsInfo& info) {
  Json rooms = Json::array();
  for (const auto& room : info.rooms) rooms.push_back(Json{{"name", room.name}, {"members", room.members}});
  Json j{{"type", "breakouts"}, {"open", info.open}, {"choose", info.choose}, {"rooms", rooms}};
  if (info.closesInSeconds) j["closesIn"] = *info.closesInSeconds;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string breakoutBroadcastMessage(std::string_view from, std::string_view e2ee) {
  return Json{{"type", "breakout-broadcast"}, {"from", from}, {"e2ee", e2ee}}.dump();
}

}  // namespace vicos::signaling
