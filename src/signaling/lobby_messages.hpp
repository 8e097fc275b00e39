// Lobby, lock and meeting PIN messages (docs/protocol.md "Lobby, lock and PIN", P11, P12): the
// client commands parsed into one struct, and the server's `lobby` and `room-access` messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "signaling/error.hpp"

namespace vicos::signaling {

enum class LobbyAction {
  Access,    // room-access {lobby?, locked?, pin?}: a moderator changes the room's access
  Admit,     // admit {participant}: lets one knocking person in
  Deny,      // deny {participant}: turns one knocking person away
  AdmitAll,  // admit-all {}: lets everyone knocking in
  Pin,       // pin {pin}: a newcomer waiting for the PIN tries one
};

// A PIN is 4-12 ASCII digits; an attempt is any string up to this length (longer is bad-message).
inline constexpr size_t kMinPinDigits = 4;
inline constexpr size_t kMaxPinDigits = 12;
inline constexpr size_t kMaxPinAttemptLength = 64;

struct LobbyMessage {
  LobbyAction action = LobbyAction::Access;
  std::string participant;         // Admit, Deny
  std::optional<bool> lobby;       // Access: absent leaves it as it is
  std::optional<bool> locked;      // Access
  std::optional<std::string> pin;  // Access: digits, or "" to clear; Pin: the attempt
  // Admit: the moderator accepts that this person's media is not end-to-end encrypted (needed
  // for someone who knocks with `plainMedia`, docs/e2ee.md).
  bool plainMedia = false;
};

// The action of a message `type`, e.g. "admit-all"; nothing for other types.
std::optional<LobbyAction> lobbyActionOf(std::string_view type);
std::string_view lobbyTypeName(LobbyAction action);
// Every lobby `type`, in the order of LobbyAction.
std::vector<std::string_view> lobbyTypeNames();
// 4-12 ASCII digits.
bool isValidPin(std::string_view pin);

// Field parser for parseClientMessage; `j` is the message object of type `action`.
std::variant<LobbyMessage, SignalingError> parseLobby(LobbyAction action, const nlohmann::json& j);

// Someone knocking (or waiting for the PIN), as moderators see them: `name` is the ciphertext when `e2ee`.
struct KnockInfo {
  std::string id;
  std::string name;
  bool e2ee = false;
  bool plainMedia = false;  // cannot encrypt media: admitting them ends media encryption for all
};

// To moderators whenever the lobby changes: everyone knocking, in the order they came, and
// everyone waiting for the PIN (whom a moderator may deny), in the order they arrived.
std::string lobbyMessage(const std::vector<KnockInfo>& knocking,
                         const std::vector<KnockInfo>& waitingForPin = {});
// To everyone when the room's access changes, and after `joined`; the PIN itself never.
std::string roomAccessMessage(bool lobby, bool locked, bool pin);
// To everyone when media stops or starts again being end-to-end encrypted, and after `joined`:
// `plain` lists who was admitted with media in clear (docs/e2ee.md); encrypted when empty.
std::string mediaEncryptionMessage(const std::vector<std::string>& plain);

}  // namespace vicos::signaling
