// One signaling connection's state machine (docs/protocol.md "Session lifecycle"): turns
// client messages into room actions and every failure into one `error` reply.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "room/identity.hpp"
#include "room/room_manager.hpp"

namespace vicos::room {

class SignalingSession {
 public:
  // `organizer`: who logged in, from the upgrade's session cookie; nothing for a guest.
  SignalingSession(RoomManager& rooms, std::shared_ptr<ParticipantChannel> channel,
                   std::optional<Organizer> organizer = std::nullopt);
  ~SignalingSession();

  void onText(std::string_view text);
  // The socket closed: without `leave` the participant may resume (docs/protocol.md "Reconnecting").
  void onClosed();

  bool joined() const { return !mParticipant.empty(); }
  const std::optional<Organizer>& organizer() const { return mOrganizer; }

 private:
  void handle(const signaling::ClientMessage& message);
  void replyError(const signaling::SignalingError& error);
  // `leave` (or the meeting ended): gone at once, no grace period.
  void leaveNow();
  // `join` or `resume` on a socket that holds no participation yet.
  void enter(const signaling::ClientMessage& message);

  RoomManager& mRooms;
  std::shared_ptr<ParticipantChannel> mChannel;
  std::optional<Organizer> mOrganizer;
  std::string mRoom;
  std::string mParticipant;
  bool mClosed = false;
};

}  // namespace vicos::room
