// A meeting room: its participants, the downlinks between them, and the offers that tell
// each browser what it receives. Lives on the control thread; talks to media through
// sfu::MediaPlane only.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "room/participant.hpp"
#include "sfu/media_plane.hpp"
#include "signaling/messages.hpp"

namespace vicos::room {

class Room {
 public:
  Room(std::string name, sfu::MediaPlane& media);
  ~Room();

  const std::string& name() const { return mName; }
  size_t size() const { return mParticipants.size(); }
  bool empty() const { return mParticipants.empty(); }
  Participant* find(const std::string& id);

  // Adds a participant, tells everyone, and sends the newcomer `joined` and a first offer.
  Participant& join(std::string id, std::string name, std::shared_ptr<ParticipantChannel> channel);
  // Removes a participant and tells everyone else; unknown ids are ignored.
  void leave(const std::string& id);

  // The participant's answer to their outstanding offer; returns an error to send back.
  std::optional<signaling::SignalingError> answer(Participant& p, const signaling::AnswerMessage& msg);
  void setMedia(Participant& p, bool audio, bool video);
  void requestKeyframe(const std::string& publisher);

 private:
  void addDownlinks(Participant& subscriber, const Participant& publisher);
  void sendOffer(Participant& p);
  void broadcast(const std::string& json, const std::string& except);

  std::string mName;
  sfu::MediaPlane& mMedia;
  std::map<std::string, Participant> mParticipants;  // ordered: stable rosters and offers
};

}  // namespace vicos::room
