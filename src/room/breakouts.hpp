// A meeting's breakout rooms (docs/protocol.md "Breakout rooms"): their names, who is assigned
// where, whether they are open and when a close is due. A partition of the one Room, not rooms of
// their own: the Room asks together() to decide downlinks and relays (docs/architecture.md).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "room/token_bucket.hpp"
#include "signaling/breakout_messages.hpp"

namespace vicos::room {

// `breakout-broadcast`: 3 at once, then one per 10 s, for the whole meeting.
inline constexpr int64_t kBreakoutBroadcastBurst = 3;
inline constexpr int64_t kBreakoutBroadcastIntervalMs = 10'000;

class Breakouts {
 public:
  using Error = std::optional<signaling::SignalingError>;
  using Place = signaling::BreakoutPlace;

  // New rooms replace the old ones and every assignment; `wrong-state` while open.
  Error create(std::vector<std::string> names, bool choose);
  // Each entry places a participant (`isParticipant`) in a room or the main room. All are checked
  // first: an unknown id is `unknown-participant`, an index past the rooms `bad-message`, and
  // then nothing changes. While open, the assigned move at once.
  Error assign(const std::vector<std::pair<std::string, Place>>& entries,
               const std::function<bool(const std::string&)>& isParticipant);
  // `wrong-state` without rooms or while open.
  Error open();
  // Everyone returns when `now` reaches `now + countdownMs`; `wrong-state` unless open. A second
  // close moves the deadline.
  Error close(int64_t now, int64_t countdownMs);
  // Closes when the countdown has ended by `now` (the Room asks once a second); true if it did.
  bool closeIfDue(int64_t now);
  // The participant goes to `room` (the main room when empty): a moderator's visit, or their own
  // choice where the moderator allowed it. `wrong-state` unless open, `bad-message` past the rooms.
  Error move(const std::string& id, Place room);
  // What move() would refuse, without moving anyone.
  Error checkMove(Place room) const;
  // Forgets a participant who left.
  bool remove(const std::string& id) { return mAssigned.erase(id) > 0; }
  // Where the participant is: a room while open and assigned, else the main room.
  Place where(const std::string& id) const;
  bool together(const std::string& a, const std::string& b) const { return where(a) == where(b); }
  bool any() const { return !mNames.empty(); }
  bool isOpen() const { return mOpen; }
  bool choose() const { return mChoose; }
  // One broadcast token at monotonic `now`, if there is one.
  bool takeBroadcast(int64_t now) { return mBroadcasts.take(now); }
  // The state for `breakouts`; the countdown in whole seconds, rounded up, from the latest time
  // close() or closeIfDue() was told (at most a second old).
  signaling::BreakoutsInfo info() const;

 private:
  std::vector<std::string> mNames;
  // participant id → room index; kept while they are here, dropped on leave (docs/privacy.md).
  std::map<std::string, size_t> mAssigned;
  bool mOpen = false;
  bool mChoose = false;
  std::optional<int64_t> mCloseAt;  // monotonic milliseconds
  int64_t mNow = 0;
  TokenBucket mBroadcasts{kBreakoutBroadcastBurst, kBreakoutBroadcastIntervalMs};
};

}  // namespace vicos::room
