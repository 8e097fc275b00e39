// Signaling error codes (docs/protocol.md "error" table) and the error a parse or a rule yields.
#pragma once

#include <string>
#include <string_view>

namespace vicos::signaling {

// Who is at fault is in the protocol table; the order here follows it.
enum class ErrorCode {
  BadMessage,
  TooLarge,
  UnknownType,
  UnsupportedVersion,
  InvalidRoom,
  InvalidName,
  WrongState,
  StaleAnswer,
  BadSdp,
  RoomFull,
  RateLimited,
  Internal,
  // Additions after version 1 was first published (docs/protocol.md: additions only).
  InvalidChat,
  UnknownParticipant,
};

// The wire name, e.g. "bad-message".
std::string_view errorCodeName(ErrorCode code);

struct SignalingError {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  // English, for developers
  std::string ref;      // the `type` of the offending message, empty when unknown
};

}  // namespace vicos::signaling
