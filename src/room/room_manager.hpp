// All rooms of the server: created on first join, destroyed when the last participant leaves
// (docs/protocol.md), and the media plane's events routed to them.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "room/identity.hpp"
#include "room/room.hpp"
#include "room/room_limits.hpp"

namespace vicos::room {

// Monotonic milliseconds for grace periods and rate limits; replaceable in tests.
using MonotonicClock = std::function<int64_t()>;
int64_t steadyMillis();

class RoomManager {
 public:
  // Registers itself for the media plane's peer and speaker events until destroyed.
  RoomManager(sfu::MediaPlane& media, RoomLimits limits, MonotonicClock clock = steadyMillis);
  ~RoomManager();
  RoomManager(const RoomManager&) = delete;
  RoomManager& operator=(const RoomManager&) = delete;

  // On success the participant's id (also when they wait); the caller keeps it to route
  // their later messages. `organizer`: who is logged in on this connection, if anyone. Over a
  // cap (RoomLimits) it is `room-full`, `waiting-full` or `server-full` and nothing changes;
  // organizers pass each cap up to kOrganizerCeiling times it.
  std::variant<std::string, signaling::SignalingError> join(
      const signaling::JoinMessage& msg, std::shared_ptr<ParticipantChannel> channel,
      const std::optional<Organizer>& organizer = std::nullopt);
  // `leave`: gone at once. With `channel`, only while that socket still holds the participation.
  void leave(const std::string& roomName, const std::string& participant,
             const ParticipantChannel* channel = nullptr);
  // docs/protocol.md "Reconnecting": the socket closed without `leave`. Someone waiting leaves,
  // and so does a participant whose media never connected; anyone else stays for the grace
  // period, marked reconnecting.
  void disconnect(const std::string& roomName, const std::string& participant, const ParticipantChannel* channel);
  // `resume`: the participant's id, or `resume-failed` (unknown room or token, removed, expired).
  std::variant<std::string, signaling::SignalingError> resume(
      const signaling::ResumeMessage& msg, std::shared_ptr<ParticipantChannel> channel,
      const std::optional<Organizer>& organizer = std::nullopt);
  // Removes everyone whose grace period ended, and turns away whoever waited too long; the
  // server calls it once a second.
  void expire();
  int64_t now() const { return mClock(); }

  // Told when a room opens (its first join) and when it closes (several nodes: the cluster places
  // and releases it, cluster/cluster_node.hpp). Runs inside join, leave and expire.
  using RoomObserver = std::function<void(const std::string& roomName, bool open)>;
  void setRoomObserver(RoomObserver observer) { mRoomObserver = std::move(observer); }
  // Several nodes: each room's wrong PIN attempts count across the cluster (room/pin_guard.hpp).
  void sharePinFailures(cluster::SharedFailures shared) { mSharedPinFailures = std::move(shared); }
  // Several nodes: people in a room on the other nodes (cluster/cluster_node.hpp), counted
  // against rooms.max_participants beside this node's own.
  using PeopleElsewhere = std::function<size_t(const std::string& roomName)>;
  void countPeopleElsewhere(PeopleElsewhere elsewhere) { mPeopleElsewhere = std::move(elsewhere); }
  // Joined and waiting per open room (the cluster's heartbeat reports them).
  std::vector<std::pair<std::string, uint64_t>> peoplePerRoom() const;

  Room* findRoom(const std::string& roomName);
  size_t roomCount() const { return mRooms.size(); }
  // Joined and waiting, in all rooms.
  size_t peopleCount() const;

  void onPeerEvent(const std::string& roomName, const std::string& participant, media::PeerId peer,
                   sfu::PeerEvent event);
  void onActiveSpeaker(const std::string& roomName, const std::string& participant);

 private:
  void dropIfEmpty(const std::string& roomName);
  // `server-full` or `room-full` when a newcomer would pass a cap; they are not yet in `room`
  // (null: a room that does not exist yet).
  std::optional<signaling::SignalingError> overCap(const std::string& roomName, const Room* room,
                                                   bool organizer) const;

  sfu::MediaPlane& mMedia;
  RoomLimits mLimits;
  MonotonicClock mClock;
  std::map<std::string, std::unique_ptr<Room>> mRooms;
  RoomObserver mRoomObserver;
  cluster::SharedFailures mSharedPinFailures;
  PeopleElsewhere mPeopleElsewhere;
};

}  // namespace vicos::room
