// All rooms of the server: created on first join, destroyed when the last participant leaves
// (docs/protocol.md), and the media plane's events routed to them.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "room/identity.hpp"
#include "room/room.hpp"

namespace vicos::room {

struct RoomLimits {
  unsigned maxParticipants = 50;  // joined and waiting together
  // The server's configuration defaults to Organizer (rooms.policy); Open here keeps rooms
  // usable in tests that have no organizer.
  RoomPolicy policy = RoomPolicy::Open;
};

class RoomManager {
 public:
  // Registers itself for the media plane's speaker events until destroyed.
  RoomManager(sfu::MediaPlane& media, RoomLimits limits);
  ~RoomManager();
  RoomManager(const RoomManager&) = delete;
  RoomManager& operator=(const RoomManager&) = delete;

  // On success the participant's id (also when they wait); the caller keeps it to route
  // their later messages. `organizer`: who is logged in on this connection, if anyone.
  std::variant<std::string, signaling::SignalingError> join(
      const signaling::JoinMessage& msg, std::shared_ptr<ParticipantChannel> channel,
      const std::optional<Organizer>& organizer = std::nullopt);
  void leave(const std::string& roomName, const std::string& participant);

  Room* findRoom(const std::string& roomName);
  size_t roomCount() const { return mRooms.size(); }

  void onPeerEvent(const std::string& roomName, const std::string& participant, sfu::PeerEvent event);
  void onActiveSpeaker(const std::string& roomName, const std::string& participant);

 private:
  sfu::MediaPlane& mMedia;
  RoomLimits mLimits;
  std::map<std::string, std::unique_ptr<Room>> mRooms;
};

}  // namespace vicos::room
