// End-to-end encryption messages (docs/protocol.md "e2ee-announce", "e2ee-key", "e2ee-plain-media",
// docs/e2ee.md): opaque base64url payloads the server checks for shape and size and relays with
// `from` set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "signaling/error.hpp"

namespace vicos::signaling {

// Every e2ee-announce / e2ee-key field is at most this long (the real ones are 16-383).
inline constexpr size_t kMaxE2eeFieldLength = 1024;
// `join.e2eeName`: the encrypted display name (383 characters today).
inline constexpr size_t kMaxE2eeNameLength = 1024;
// `chat.e2ee`: the encrypted chat text (at most about 10,800 characters for 2,000 code points).
inline constexpr size_t kMaxE2eeChatLength = 16384;
// Participant ids are 16 hex digits; anything much longer is not one.
inline constexpr size_t kMaxParticipantIdLength = 64;

// docs/e2ee.md "e2ee-announce": public key, encrypted name and MAC, to everyone else or to one.
struct E2eeAnnounceMessage {
  std::string pub;
  std::string name;
  std::string mac;
  std::string to;           // empty: to everyone else
  bool plainMedia = false;  // "this browser cannot encrypt media", covered by the MAC
};

// docs/e2ee.md "e2ee-key": a sender secret wrapped for one participant.
struct E2eeKeyMessage {
  std::string to;
  uint32_t idx = 0;
  std::string iv;
  std::string ct;
};

// docs/e2ee.md "e2ee-plain-media": a moderator's end-to-end authenticated decision to take part
// with media in clear because `participant` cannot encrypt it; to everyone else or to one.
struct E2eePlainMediaMessage {
  std::string participant;
  std::string mac;
  std::string to;  // empty: to everyone else
};

// 1..maxLength characters of the base64url alphabet A-Z a-z 0-9 - _ (RFC 4648 5, no padding).
bool isBase64Url(std::string_view text, size_t maxLength);

// Field parsers for parseClientMessage; `j` is the message object.
std::variant<E2eeAnnounceMessage, SignalingError> parseE2eeAnnounce(const nlohmann::json& j);
std::variant<E2eeKeyMessage, SignalingError> parseE2eeKey(const nlohmann::json& j);
std::variant<E2eePlainMediaMessage, SignalingError> parseE2eePlainMedia(const nlohmann::json& j);

// The relayed forms: the same fields plus `from`, which only the server sets.
std::string e2eeAnnounceRelay(std::string_view from, const E2eeAnnounceMessage& m);
std::string e2eeKeyRelay(std::string_view from, const E2eeKeyMessage& m);
std::string e2eePlainMediaRelay(std::string_view from, const E2eePlainMediaMessage& m);

}  // namespace vicos::signaling
