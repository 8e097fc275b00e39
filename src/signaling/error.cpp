// Wire names of the signaling error codes.
#include "signaling/error.hpp"

namespace vicos::signaling {

std::string_view errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::BadMessage: return "bad-message";
    case ErrorCode::TooLarge: return "too-large";
    case ErrorCode::UnknownType: return "unknown-type";
    case ErrorCode::UnsupportedVersion: return "unsupported-version";
    case ErrorCode::InvalidRoom: return "invalid-room";
    case ErrorCode::InvalidName: return "invalid-name";
    case ErrorCode::WrongState: return "wrong-state";
    case ErrorCode::StaleAnswer: return "stale-answer";
    case ErrorCode::BadSdp: return "bad-sdp";
    case ErrorCode::RoomFull: return "room-full";
    case ErrorCode::RateLimited: return "rate-limited";
    case ErrorCode::Internal: return "internal";
    case ErrorCode::InvalidChat: return "invalid-chat";
    case ErrorCode::UnknownParticipant: return "unknown-participant";
    case ErrorCode::NotAllowed: return "not-allowed";
    case ErrorCode::Removed: return "removed";
    case ErrorCode::RoomLocked: return "room-locked";
    case ErrorCode::Denied: return "denied";
    case ErrorCode::InvalidPin: return "invalid-pin";
    case ErrorCode::WrongPin: return "wrong-pin";
    case ErrorCode::PinThrottled: return "pin-throttled";
    case ErrorCode::ResumeFailed: return "resume-failed";
    case ErrorCode::RestartThrottled: return "restart-throttled";
    case ErrorCode::NoModerator: return "no-moderator";
    case ErrorCode::WaitingFull: return "waiting-full";
    case ErrorCode::WaitingTimeout: return "waiting-timeout";
    case ErrorCode::ServerFull: return "server-full";
    case ErrorCode::UnknownPoll: return "unknown-poll";
    case ErrorCode::PollClosed: return "poll-closed";
    case ErrorCode::TooManyPolls: return "too-many-polls";
  }
  return "internal";
}

}  // namespace vicos::signaling
