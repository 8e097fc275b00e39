// Parser and builders of the lobby, lock and PIN messages: shapes and values only; who may
// send them is the room's rule (room/door.cpp).
#include "signaling/lobby_messages.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace vicos::signaling {
namespace {

constexpr std::array<std::pair<LobbyAction, std::string_view>, 5> kTypes{{
    {LobbyAction::Access, "room-access"},
    {LobbyAction::Admit, "admit"},
    {LobbyAction::Deny, "deny"},
    {LobbyAction::AdmitAll, "admit-all"},
    {LobbyAction::Pin, "pin"},
}};

SignalingError bad(LobbyAction action, std::string message) {
  return SignalingError{ErrorCode::BadMessage, std::move(message), std::string(lobbyTypeName(action))};
}

std::optional<SignalingError> optionalBool(const nlohmann::json& j, const char* name, std::optional<bool>& out) {
  const auto it = j.find(name);
  if (it == j.end()) return std::nullopt;
  if (!it->is_boolean()) return bad(LobbyAction::Access, std::string("field '") + name + "' must be a boolean");
  out = it->get<bool>();
  return std::nullopt;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

std::optional<LobbyAction> lobbyActionOf(std::string_view type) {
  for (const auto& [action, name] : kTypes)
    if (name == type) return action;
  return std::nullopt;
}

std::string_view lobbyTypeName(LobbyAction action) {
  for (const auto& [a, name] : kTypes)
    if (a == action) return name;
  return "room-access";
}

std::vector<std::string_view> lobbyTypeNames() {
  std::vector<std::string_view> names;
  for (const auto& entry : kTypes) names.push_back(entry.second);
  return names;
}

bool isValidPin(std::string_view pin) {
  if (pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits) return false;
  for (char c : pin)
    if (c < '0' || c > '9') return false;
  return true;
}

std::variant<LobbyMessage, SignalingError> parseLobby(LobbyAction action, const nlohmann::json& j) {
  LobbyMessage m;
  m.action = action;
  switch (action) {
    case LobbyAction::Access: {
      if (auto error = optionalBool(j, "lobby", m.lobby)) return *error;
      if (auto error = optionalBool(j, "locked", m.locked)) return *error;
      const auto pin = j.find("pin");
      if (pin != j.end()) {
        if (!pin->is_string()) return bad(action, "field 'pin' must be a string");
        const auto& value = pin->get_ref<const std::string&>();
        if (!value.empty() && !isValidPin(value))
          return SignalingError{ErrorCode::InvalidPin, "pin must be 4-12 digits, or empty to clear it", "room-access"};
        m.pin = value;
      }
      return m;
    }
    case LobbyAction::Admit:
    case LobbyAction::Deny: {
      const auto participant = j.find("participant");
      if (participant == j.end() || !participant->is_string())
        return bad(action, "field 'participant' must be a string");
      m.participant = participant->get<std::string>();
      if (const auto plain = j.find("plainMedia"); action == LobbyAction::Admit && plain != j.end()) {
        if (!plain->is_boolean()) return bad(action, "field 'plainMedia' must be a boolean");
        m.plainMedia = plain->get<bool>();
      }
      return m;
    }
    case LobbyAction::AdmitAll: return m;
    case LobbyAction::Pin: {
      const auto pin = j.find("pin");
      if (pin == j.end() || !pin->is_string() || pin->get_ref<const std::string&>().size() > kMaxPinAttemptLength)
        return bad(action, "field 'pin' must be a string of at most 64 characters");
      m.pin = pin->get<std::string>();
      return m;
    }
  }
  return bad(action, "unknown lobby action");
}

std::string lobbyMessage(const std::vector<KnockInfo>& knocking,
                         const std::vector<KnockInfo>& waitingForPin) {
  const auto list = [](const std::vector<KnockInfo>& people) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : people)
      out.push_back({{"id", k.id}, {"name", k.name}, {"e2ee", k.e2ee}, {"plainMedia", k.plainMedia}});
    return out;
  };
  return dump({{"type", "lobby"}, {"knocking", list(knocking)}, {"waitingForPin", list(waitingForPin)}});
}

std::string roomAccessMessage(bool lobby, bool locked, bool pin) {
  return dump({{"type", "room-access"}, {"lobby", lobby}, {"locked", locked}, {"pin", pin}});
}

std::string mediaEncryptionMessage(const std::vector<std::string>& plain) {
  return dump({{"type", "media-encryption"}, {"encrypted", plain.empty()}, {"plain", plain}});
}

}  // namespace vicos::signaling
