// Signaling dispatch: validation first (signaling/), then state, then the room.
#include "room/signaling_session.hpp"

#include "common/log.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::SignalingError;

SignalingSession::SignalingSession(RoomManager& rooms, std::shared_ptr<ParticipantChannel> channel,
                                   std::optional<Organizer> organizer)
    : mRooms(rooms), mChannel(std::move(channel)), mOrganizer(std::move(organizer)) {}

SignalingSession::~SignalingSession() { onClosed(); }

void SignalingSession::onText(std::string_view text) {
  if (mClosed) return;
  auto parsed = signaling::parseClientMessage(text);
  if (const auto* error = std::get_if<SignalingError>(&parsed)) {
    replyError(*error);
    return;
  }
  try {
    handle(std::get<signaling::ClientMessage>(parsed));
  } catch (const std::exception& e) {
    LOG_ERROR("signaling", "internal error: %s", e.what());
    replyError(SignalingError{ErrorCode::Internal, "internal server error", ""});
  }
}

void SignalingSession::enter(const signaling::ClientMessage& message) {
  const auto* join = std::get_if<signaling::JoinMessage>(&message);
  const auto* resume = std::get_if<signaling::ResumeMessage>(&message);
  const char* ref = join ? "join" : "resume";
  if (joined()) {
    replyError(SignalingError{ErrorCode::WrongState, "already joined", ref});
    return;
  }
  auto result = join ? mRooms.join(*join, mChannel, mOrganizer) : mRooms.resume(*resume, mChannel, mOrganizer);
  if (const auto* error = std::get_if<SignalingError>(&result)) {
    replyError(*error);
    return;
  }
  mRoom = join ? join->room : resume->room;
  mParticipant = std::get<std::string>(result);
}

void SignalingSession::handle(const signaling::ClientMessage& message) {
  if (std::holds_alternative<signaling::JoinMessage>(message) ||
      std::holds_alternative<signaling::ResumeMessage>(message)) {
    enter(message);
    return;
  }
  Room* room = joined() ? mRooms.findRoom(mRoom) : nullptr;
  Participant* self = room ? room->find(mParticipant) : nullptr;
  // After a resume on another socket, this one speaks for nobody (docs/protocol.md "Reconnecting").
  if (self && self->channel != mChannel) {
    replyError(SignalingError{ErrorCode::WrongState, "this participation continues on another connection",
                              std::string(signaling::messageTypeName(message))});
    return;
  }
  if (!self && room && room->isWaiting(mParticipant)) {
    const auto* lobby = std::get_if<signaling::LobbyMessage>(&message);
    if (lobby && lobby->action == signaling::LobbyAction::Pin) {
      if (auto error = room->tryPin(mParticipant, lobby->pin.value_or(""))) replyError(*error);
    } else if (std::holds_alternative<signaling::LeaveMessage>(message)) {
      leaveNow();
      mChannel->close();
    } else {
      replyError(SignalingError{ErrorCode::WrongState, "waiting to be admitted", std::string(signaling::messageTypeName(message))});
    }
    return;
  }
  if (!self) {
    const char* ref = std::holds_alternative<signaling::LeaveMessage>(message) ? "leave" : "";
    replyError(SignalingError{ErrorCode::WrongState, "join a room first", ref});
    return;
  }
  if (const auto* answer = std::get_if<signaling::AnswerMessage>(&message)) {
    if (auto error = room->answer(*self, *answer)) replyError(*error);
  } else if (const auto* media = std::get_if<signaling::MediaMessage>(&message)) {
    if (auto error = room->setMedia(*self, *media)) replyError(*error);
  } else if (const auto* keyframe = std::get_if<signaling::KeyframeMessage>(&message)) {
    room->requestKeyframe(keyframe->participant);
  } else if (const auto* chat = std::get_if<signaling::ChatMessage>(&message)) {
    if (auto error = room->chat(*self, *chat)) replyError(*error);
  } else if (const auto* hand = std::get_if<signaling::HandMessage>(&message)) {
    room->setHand(*self, hand->raised);
  } else if (const auto* reaction = std::get_if<signaling::ReactionMessage>(&message)) {
    if (auto error = room->react(*self, *reaction, mRooms.now())) replyError(*error);
  } else if (auto* view = std::get_if<signaling::ViewMessage>(&message)) {
    if (auto error = room->setView(*self, std::move(*view), mRooms.now())) replyError(*error);
  } else if (const auto* poll = std::get_if<signaling::PollMessage>(&message)) {
    if (auto error = room->poll(*self, *poll, mRooms.now())) replyError(*error);
  } else if (const auto* recording = std::get_if<signaling::RecordingMessage>(&message)) {
    if (auto error = room->record(*self, *recording)) replyError(*error);
  } else if (const auto* announce = std::get_if<signaling::E2eeAnnounceMessage>(&message)) {
    if (auto error = room->relayAnnounce(*self, *announce)) replyError(*error);
  } else if (const auto* key = std::get_if<signaling::E2eeKeyMessage>(&message)) {
    if (auto error = room->relayKey(*self, *key)) replyError(*error);
  } else if (const auto* decision = std::get_if<signaling::E2eePlainMediaMessage>(&message)) {
    if (auto error = room->relayPlainMedia(*self, *decision)) replyError(*error);
  } else if (const auto* moderation = std::get_if<signaling::ModerationMessage>(&message)) {
    if (auto error = room->moderate(*self, *moderation)) replyError(*error);
    // After end-meeting every socket is closing and the room is empty: leaving drops it.
    if (room->ended()) {
      leaveNow();
      mChannel->close();
    }
  } else if (const auto* lobby = std::get_if<signaling::LobbyMessage>(&message)) {
    if (auto error = room->lobbyCommand(*self, *lobby)) replyError(*error);
  } else if (const auto* breakout = std::get_if<signaling::BreakoutMessage>(&message)) {
    if (auto error = room->breakout(*self, *breakout, mRooms.now())) replyError(*error);
  } else if (std::holds_alternative<signaling::RestartMediaMessage>(message)) {
    if (auto error = room->restartMedia(*self, mRooms.now())) replyError(*error);
  } else if (std::holds_alternative<signaling::LeaveMessage>(message)) {
    leaveNow();
    mChannel->close();
  }
}

void SignalingSession::replyError(const SignalingError& error) {
  mChannel->send(signaling::errorMessage(error));
}

void SignalingSession::leaveNow() {
  if (mClosed) return;
  mClosed = true;
  if (joined()) mRooms.leave(mRoom, mParticipant, mChannel.get());
}

void SignalingSession::onClosed() {
  if (mClosed) return;
  mClosed = true;
  if (joined()) mRooms.disconnect(mRoom, mParticipant, mChannel.get());
}

}  // namespace vicos::room
