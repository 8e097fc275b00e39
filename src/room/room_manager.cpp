// Room creation and removal, participant admission limits, media-plane events.
#include "room/room_manager.hpp"

#include <chrono>

#include "common/log.hpp"
#include "room/random_ids.hpp"

namespace vicos::room {

int64_t steadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

RoomManager::RoomManager(sfu::MediaPlane& media, RoomLimits limits, MonotonicClock clock)
    : mMedia(media), mLimits(limits), mClock(std::move(clock)) {
  mMedia.setEventHandler([this](const std::string& roomName, const std::string& participant, media::PeerId peer,
                                 sfu::PeerEvent event) { onPeerEvent(roomName, participant, peer, event); });
  mMedia.setSpeakerHandler([this](const std::string& roomName, const std::string& participant) {
    onActiveSpeaker(roomName, participant);
  });
  mMedia.setLayersHandler([this](const std::string& roomName, const std::string& participant, media::PeerId peer,
                                 sfu::MediaKind kind, uint8_t encodings) {
    if (Room* room = findRoom(roomName)) room->askLayers(participant, peer, kind, encodings);
  });
}

RoomManager::~RoomManager() {
  mMedia.setEventHandler(nullptr);
  mMedia.setSpeakerHandler(nullptr);
  mMedia.setLayersHandler(nullptr);
}

void RoomManager::onActiveSpeaker(const std::string& roomName, const std::string& participant) {
  if (Room* room = findRoom(roomName)) room->onActiveSpeaker(participant);
}

std::variant<std::string, signaling::SignalingError> RoomManager::join(
    const signaling::JoinMessage& msg, std::shared_ptr<ParticipantChannel> channel,
    const std::optional<Organizer>& organizer) {
  auto it = mRooms.find(msg.room);
  Room* room = it == mRooms.end() ? nullptr : it->second.get();
  if (room && organizer && room->isBanned(organizer->login))
    return signaling::SignalingError{signaling::ErrorCode::Removed, "a moderator removed you from this meeting", "join"};
  if (room)
    if (auto refused = room->refuseNewcomer(msg.plainMedia)) return *refused;
  // A new room has no moderator who could let media in clear in (docs/e2ee.md).
  if (!room && msg.plainMedia)
    return signaling::SignalingError{signaling::ErrorCode::NoModerator,
                                     "no moderator is here to decide whether you may join without end-to-end encryption",
                                     "join"};
  if (auto refused = overCap(msg.room, room, organizer.has_value())) return *refused;
  if (!room) {
    room = mRooms.emplace(msg.room, std::make_unique<Room>(msg.room, mMedia)).first->second.get();
    room->setLimits(mLimits);
    if (mSharedPinFailures) room->sharePinFailures(mSharedPinFailures);
    LOG_INFO("room", "room opened (%zu rooms)", mRooms.size());
    if (mRoomObserver) mRoomObserver(msg.room, true);
  }
  Newcomer newcomer{randomHex(8), msg.name, std::move(channel), msg.e2ee,
                    organizer ? organizer->login : std::string(), msg.plainMedia};
  const std::string id = newcomer.id;
  if (auto refused = room->enter(std::move(newcomer), msg.pin, mClock())) {
    dropIfEmpty(msg.room);
    return *refused;
  }
  return id;
}

std::optional<signaling::SignalingError> RoomManager::overCap(const std::string& roomName, const Room* room,
                                                             bool organizer) const {
  const signaling::SignalingError serverFull{signaling::ErrorCode::ServerFull,
                                             "the server has no room for more meetings or people; try again later",
                                             "join"};
  if (!room && mRooms.size() >= capFor(mLimits.maxRooms, organizer)) return serverFull;
  if (peopleCount() >= capFor(mLimits.maxTotalParticipants, organizer)) return serverFull;
  // Whoever waits counts too: when they come in, the room holds no more than this.
  const size_t here = room ? room->size() + room->waitingCount() : 0;
  const size_t elsewhere = mPeopleElsewhere ? mPeopleElsewhere(roomName) : 0;
  if ((room || elsewhere > 0) && here + elsewhere >= capFor(mLimits.maxParticipants, organizer))
    return signaling::SignalingError{signaling::ErrorCode::RoomFull, "the room is full", "join"};
  return std::nullopt;
}

std::vector<std::pair<std::string, uint64_t>> RoomManager::peoplePerRoom() const {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (const auto& [name, room] : mRooms) out.emplace_back(name, room->size() + room->waitingCount());
  return out;
}

size_t RoomManager::peopleCount() const {
  size_t n = 0;
  for (const auto& [name, room] : mRooms) n += room->size() + room->waitingCount();
  return n;
}

void RoomManager::leave(const std::string& roomName, const std::string& participant,
                        const ParticipantChannel* channel) {
  auto it = mRooms.find(roomName);
  if (it == mRooms.end()) return;
  Participant* p = it->second->find(participant);
  // A socket that was replaced by a resume no longer speaks for the participant.
  if (!(channel != nullptr && p != nullptr && p->channel.get() != channel)) it->second->leave(participant);
  dropIfEmpty(roomName);
}

void RoomManager::disconnect(const std::string& roomName, const std::string& participant,
                             const ParticipantChannel* channel) {
  Room* room = findRoom(roomName);
  if (!room) return;
  if (room->isWaiting(participant)) {
    leave(roomName, participant);  // only participants resume; someone waiting knocks again
    return;
  }
  if (room->disconnect(participant, channel, mClock() + mLimits.reconnectGraceMs))
    LOG_DEBUG("room", "participant reconnecting");
  dropIfEmpty(roomName);
}

std::variant<std::string, signaling::SignalingError> RoomManager::resume(
    const signaling::ResumeMessage& msg, std::shared_ptr<ParticipantChannel> channel,
    const std::optional<Organizer>& organizer) {
  const signaling::SignalingError failed{signaling::ErrorCode::ResumeFailed,
                                         "no participation to resume with this token; join again", "resume"};
  Room* room = findRoom(msg.room);
  if (!room || (organizer && room->isBanned(organizer->login))) return failed;
  Participant* p = room->resume(msg.token, std::move(channel), mClock());
  if (!p) return failed;
  LOG_DEBUG("room", "participant resumed");
  return p->id;
}

void RoomManager::expire() {
  const int64_t now = mClock();
  for (auto it = mRooms.begin(); it != mRooms.end();) {
    it->second->expireReconnecting(now);
    it->second->expireWaiting(now);
    it->second->expireBreakouts(now);
    if (it->second->empty()) {
      const std::string closed = it->first;
      it = mRooms.erase(it);
      LOG_INFO("room", "room closed (%zu rooms)", mRooms.size());
      if (mRoomObserver) mRoomObserver(closed, false);
    } else {
      ++it;
    }
  }
}

void RoomManager::dropIfEmpty(const std::string& roomName) {
  auto it = mRooms.find(roomName);
  if (it == mRooms.end() || !it->second->empty()) return;
  mRooms.erase(it);
  LOG_INFO("room", "room closed (%zu rooms)", mRooms.size());
  if (mRoomObserver) mRoomObserver(roomName, false);
}

Room* RoomManager::findRoom(const std::string& roomName) {
  auto it = mRooms.find(roomName);
  return it == mRooms.end() ? nullptr : it->second.get();
}

void RoomManager::onPeerEvent(const std::string& roomName, const std::string& participant, media::PeerId peer,
                              sfu::PeerEvent event) {
  Room* room = findRoom(roomName);
  if (!room) return;
  Participant* p = room->find(participant);
  // A replaced peer's last words (its failure after `restart-media` made a new one) are stale.
  if (!p || p->peer != peer) return;
  if (event == sfu::PeerEvent::Connected) {
    LOG_DEBUG("room", "media connected");
    p->mediaConnected = true;  // from now on a dropped socket gets the grace period
    return;
  }
  // The participant stays: its client sees ICE fail and asks for a fresh peer with
  // `restart-media` (docs/protocol.md "Reconnecting"); a closed socket ends in the grace period.
  LOG_INFO("room", "participant's media %s; waiting for restart-media",
           event == sfu::PeerEvent::Failed ? "failed" : "consent expired");
  room->mediaLost(*p);
}

}  // namespace vicos::room
