// All rooms of the server: created on first join, destroyed when the last participant leaves
// (docs/protocol.md), and the media plane's events routed to them.
#pragma once

#include <functional>
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
  int64_t reconnectGraceMs = kReconnectGraceMs;  // rooms.reconnect_grace_seconds
};

// Monotonic milliseconds for grace periods and rate limits; replaceable in tests.
using MonotonicClock = std::function<int64_t()>;
int64_t steadyMillis();

class RoomManager {
 public:
  // Registers itself for the media plane's speaker events until destroyed.
  RoomManager(sfu::MediaPlane& media, RoomLimits limits, MonotonicClock clock = steadyMillis);
  ~RoomManager();
  RoomManager(const RoomManager&) = delete;
  RoomManager& operator=(const RoomManager&) = delete;

  // On success the participant's id (also when they wait); the caller keeps it to route
  // their later messages. `organizer`: who is logged in on this connection, if anyone.
  std::variant<std::string, signaling::SignalingError> join(
      const signaling::JoinMessage& msg, std::shared_ptr<ParticipantChannel> channel,
      const std::optional<Organizer>& organizer = std::nullopt);
  // `leave`: gone at once. With `channel`, only while that socket still holds the participation.
  void leave(const std::string& roomName, const std::string& participant,
             const ParticipantChannel* channel = nullptr);
  // docs/protocol.md "Reconnecting": the socket closed without `leave`. Someone waiting leaves;
  // a participant stays for the grace period, marked reconnecting.
  void disconnect(const std::string& roomName, const std::string& participant, const ParticipantChannel* channel);
  // `resume`: the participant's id, or `resume-failed` (unknown room or token, removed, expired).
  std::variant<std::string, signaling::SignalingError> resume(
      const signaling::ResumeMessage& msg, std::shared_ptr<ParticipantChannel> channel,
      const std::optional<Organizer>& organizer = std::nullopt);
  // Removes everyone whose grace period ended; the server calls it once a second.
  void expireReconnecting();
  int64_t now() const { return mClock(); }

  Room* findRoom(const std::string& roomName);
  size_t roomCount() const { return mRooms.size(); }

  void onPeerEvent(const std::string& roomName, const std::string& participant, sfu::PeerEvent event);
  void onActiveSpeaker(const std::string& roomName, const std::string& participant);

 private:
  void dropIfEmpty(const std::string& roomName);

  sfu::MediaPlane& mMedia;
  RoomLimits mLimits;
  MonotonicClock mClock;
  std::map<std::string, std::unique_ptr<Room>> mRooms;
};

}  // namespace vicos::room
