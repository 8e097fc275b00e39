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
  NotAllowed,  // moderation: the sender's role or a room setting forbids it (P18, P19)
  Removed,     // moderation: a moderator removed this person from the meeting
  // Lobby, lock and PIN (docs/protocol.md "Lobby, lock and PIN", P11, P12).
  RoomLocked,    // the room is locked: nobody new may join or knock
  Denied,        // a moderator turned this knocking person away
  InvalidPin,    // a moderator's PIN is not 4-12 digits
  WrongPin,      // the PIN given does not match
  PinThrottled,  // too many wrong PINs: wait before the next attempt
  // Reconnecting (docs/protocol.md "Reconnecting").
  ResumeFailed,      // the resume token is unknown, used, expired or of another room
  RestartThrottled,  // `restart-media` sooner than the server allows
  // Media without end-to-end encryption (docs/e2ee.md "Participants who cannot encrypt media").
  NoModerator,  // nobody in the room could decide to let this person in without media encryption
  // Caps at the door (docs/security.md "The door: waiting people, locks, caps on rooms and peers").
  WaitingFull,     // as many people wait to be let into the room as it allows
  WaitingTimeout,  // nobody let this person in within the waiting time
  ServerFull,      // the server holds as many rooms or people as it allows
  // Polls (docs/protocol.md "Polls").
  UnknownPoll,   // no poll of this meeting has this id
  PollClosed,    // the poll is closed: no more votes
  TooManyPolls,  // the meeting has had as many polls as it may
};

// The wire name, e.g. "bad-message".
std::string_view errorCodeName(ErrorCode code);

struct SignalingError {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  // English, for developers
  std::string ref;      // the `type` of the offending message, empty when unknown
};

}  // namespace vicos::signaling
