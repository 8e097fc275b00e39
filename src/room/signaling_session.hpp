// One signaling connection's state machine (docs/protocol.md "Session lifecycle"): turns
// client messages into room actions and every failure into one `error` reply.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "room/room_manager.hpp"

namespace vicos::room {

class SignalingSession {
 public:
  SignalingSession(RoomManager& rooms, std::shared_ptr<ParticipantChannel> channel);
  ~SignalingSession();

  void onText(std::string_view text);
  void onClosed();

  bool joined() const { return !mParticipant.empty(); }

 private:
  void handle(const signaling::ClientMessage& message);
  void replyError(const signaling::SignalingError& error);

  RoomManager& mRooms;
  std::shared_ptr<ParticipantChannel> mChannel;
  std::string mRoom;
  std::string mParticipant;
  bool mClosed = false;
};

}  // namespace vicos::room
