// Who is in a room and how they are present (docs/protocol.md "hand", "active-speaker",
// "Reconnecting"): the participants in id order, their raised hands, the active speaker, who is
// reconnecting, and the messages that go to all of them or to the moderators.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "room/hands.hpp"
#include "room/participant.hpp"

namespace vicos::room {

class Roster {
 public:
  using Map = std::map<std::string, Participant>;  // ordered: stable rosters and offers

  Participant* find(const std::string& id);
  const Participant* find(const std::string& id) const;
  bool contains(const std::string& id) const { return mParticipants.contains(id); }
  size_t size() const { return mParticipants.size(); }
  bool empty() const { return mParticipants.empty(); }
  Map::iterator begin() { return mParticipants.begin(); }
  Map::iterator end() { return mParticipants.end(); }
  Map::const_iterator begin() const { return mParticipants.begin(); }
  Map::const_iterator end() const { return mParticipants.end(); }

  // A new participant with this id (never one already here), for the Room to fill in.
  Participant& add(const std::string& id);
  // Takes the participant off the roster, lowers their hand and forgets them as the speaker
  // (clients drop a speaker who left). Returns the others whose hand position moved.
  std::vector<std::string> remove(const std::string& id);
  // Everyone at once, the roster left empty (the meeting ends).
  Map takeAll();

  bool hasModerator() const;
  size_t moderatorCount() const;
  // Who should lead when nobody does: the first organizer, else (`open`) the first participant;
  // null while a moderator is here, or nobody fits.
  Participant* nextLeader(bool open);

  void broadcast(const std::string& json, const std::string& except = "") const;
  void sendToModerators(const std::string& json) const;

  // Raised hands: each returns whose position changed, theirs included (HandQueue).
  std::vector<std::string> raiseHand(const std::string& id) { return mHands.raise(id); }
  std::vector<std::string> lowerHand(const std::string& id) { return mHands.lower(id); }
  std::vector<std::string> lowerAllHands() { return mHands.lowerAll(); }
  std::optional<unsigned> handPosition(const std::string& id) const { return mHands.position(id); }

  // The media plane's loudest speaker becomes the active one; false (nothing changes) for unknown
  // ids, the current speaker, and muted participants, whose stale packets must not count.
  bool setActiveSpeaker(const std::string& id);
  const std::string& activeSpeaker() const { return mActiveSpeaker; }

  // The participant holding resume `token`, compared in constant time with every participant's,
  // so that the time taken does not tell where it matched; null when nobody holds it.
  Participant* holderOf(const std::string& token);
  // Who is reconnecting and whose grace period has ended by `now`.
  std::vector<std::string> reconnectExpired(int64_t now) const;

 private:
  Map mParticipants;
  HandQueue mHands;
  std::string mActiveSpeaker;
};

}  // namespace vicos::room
