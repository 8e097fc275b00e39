// Room creation and removal, participant admission limits, media-plane events.
#include "room/room_manager.hpp"

#include "common/log.hpp"
#include "room/random_ids.hpp"

namespace vicos::room {

RoomManager::RoomManager(sfu::MediaPlane& media, RoomLimits limits) : mMedia(media), mLimits(limits) {
  mMedia.setSpeakerHandler([this](const std::string& roomName, const std::string& participant) {
    onActiveSpeaker(roomName, participant);
  });
}

RoomManager::~RoomManager() { mMedia.setSpeakerHandler(nullptr); }

void RoomManager::onActiveSpeaker(const std::string& roomName, const std::string& participant) {
  if (Room* room = findRoom(roomName)) room->onActiveSpeaker(participant);
}

std::variant<std::string, signaling::SignalingError> RoomManager::join(
    const signaling::JoinMessage& msg, std::shared_ptr<ParticipantChannel> channel,
    const std::optional<Organizer>& organizer) {
  auto it = mRooms.find(msg.room);
  if (it != mRooms.end() && organizer && it->second->isBanned(organizer->login))
    return signaling::SignalingError{signaling::ErrorCode::Removed, "a moderator removed you from this meeting", "join"};
  if (it != mRooms.end())
    if (auto refused = it->second->refuseNewcomer(msg.plainMedia)) return *refused;
  // A new room has no moderator who could let media in clear in (docs/e2ee.md).
  if (it == mRooms.end() && msg.plainMedia)
    return signaling::SignalingError{signaling::ErrorCode::NoModerator,
                                     "no moderator is here to decide whether you may join without end-to-end encryption",
                                     "join"};
  if (it != mRooms.end() && it->second->size() + it->second->waitingCount() >= mLimits.maxParticipants)
    return signaling::SignalingError{signaling::ErrorCode::RoomFull, "the room is full", "join"};
  if (it == mRooms.end()) {
    it = mRooms.emplace(msg.room, std::make_unique<Room>(msg.room, mMedia)).first;
    it->second->setPolicy(mLimits.policy);
    LOG_INFO("room", "room opened (%zu rooms)", mRooms.size());
  }
  std::string id = randomHex(8);
  it->second->enter(id, msg.name, std::move(channel), msg.e2ee, organizer.has_value(), msg.pin, msg.plainMedia);
  if (organizer)
    if (Participant* p = it->second->find(id)) p->login = organizer->login;
  return id;
}

void RoomManager::leave(const std::string& roomName, const std::string& participant) {
  auto it = mRooms.find(roomName);
  if (it == mRooms.end()) return;
  it->second->leave(participant);
  if (it->second->empty()) {
    mRooms.erase(it);
    LOG_INFO("room", "room closed (%zu rooms)", mRooms.size());
  }
}

Room* RoomManager::findRoom(const std::string& roomName) {
  auto it = mRooms.find(roomName);
  return it == mRooms.end() ? nullptr : it->second.get();
}

void RoomManager::onPeerEvent(const std::string& roomName, const std::string& participant,
                              sfu::PeerEvent event) {
  Room* room = findRoom(roomName);
  if (!room) return;
  Participant* p = room->find(participant);
  if (!p) return;
  if (event == sfu::PeerEvent::Connected) {
    LOG_DEBUG("room", "media connected");
    return;
  }
  LOG_INFO("room", "participant's media %s; removing the participant",
           event == sfu::PeerEvent::Failed ? "failed" : "consent expired");
  auto channel = p->channel;
  leave(roomName, participant);
  channel->close();
}

}  // namespace vicos::room
