// The door of a room (P11, P12; docs/protocol.md "Lobby, lock and PIN"): the room policy, lobby,
// lock and meeting PIN, and the list of those waiting outside with its cap and timeout. It decides
// who waits and why; the Room lets people in and tells the moderators.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "room/participant.hpp"
#include "room/pin_guard.hpp"
#include "room/room_limits.hpp"
#include "signaling/messages.hpp"

namespace vicos::room {

// Milliseconds since the Unix epoch (chat timestamps, PIN throttling); replaceable in tests.
using WallClock = std::function<int64_t()>;
int64_t systemMillis();

// Someone at the door, as their `join` and their socket's login say (RoomManager::join); carried
// unchanged into the room, also through any wait.
struct Newcomer {
  std::string id;
  std::string name;  // the ciphertext when `e2ee`
  std::shared_ptr<ParticipantChannel> channel;
  bool e2ee = false;
  std::string login;        // a logged-in organizer's (P7), never empty for one; empty for a guest
  bool plainMedia = false;  // cannot encrypt media: only a moderator's explicit admit
  bool organizer() const { return !login.empty(); }
  // Their role unless they are made moderator.
  Role baseRole() const { return organizer() ? Role::Participant : Role::Guest; }
};

class Door {
 public:
  // Why someone waits (`waiting.reason`).
  static constexpr const char* kReasonOrganizer = "organizer";
  static constexpr const char* kReasonLobby = "lobby";
  static constexpr const char* kReasonPin = "pin";
  static constexpr const char* kReasonPlainMedia = "plain-media";

  struct Waiting {
    Newcomer who;
    std::string reason;
    int64_t deadline = 0;  // RoomManager's monotonic milliseconds: turned away after it
    bool knocks() const { return reason == kReasonLobby || reason == kReasonPlainMedia; }
    bool waitsForPin() const { return reason == kReasonPin; }
  };

  // What hold() did with a newcomer.
  struct Hold {
    bool held = false;            // they wait now (told `waiting`); the Newcomer was moved from
    bool tellModerators = false;  // the `lobby` list changed
    std::optional<signaling::SignalingError> pinProblem;  // their PIN was wrong or throttled
  };

  // What setAccess() changed.
  struct AccessChange {
    bool changed = false;     // lobby, lock or whether there is a PIN: everyone is told
    bool pinRemoved = false;  // whoever waited for the PIN goes on (pastPin)
    bool opened = false;      // lobby off and unlocked: whoever knocks comes in
  };

  explicit Door(WallClock clock) : mClock(std::move(clock)) {}

  // Once, when the room opens: the caps, and the lobby as rooms.lobby sets it (P12).
  void setLimits(const RoomLimits& limits) {
    mLimits = limits;
    mLobby = limits.lobby;
  }
  void setPolicy(RoomPolicy policy) { mLimits.policy = policy; }
  RoomPolicy policy() const { return mLimits.policy; }
  // A moderator has been chosen; newcomers no longer wait for one. True on the first call only.
  bool start() { return !std::exchange(mStarted, true); }
  bool started() const { return mStarted; }
  bool lobbyOn() const { return mLobby; }
  bool locked() const { return mLocked; }
  bool hasPin() const { return !mPin.empty(); }

  // `room-locked` for anyone new while locked; `no-moderator` for someone who cannot encrypt media
  // while nobody (`moderated` false) could decide about them.
  std::optional<signaling::SignalingError> refuseNewcomer(bool plainMedia, bool moderated) const;
  // `waiting-full` when the newcomer might have to wait and the waiting list has no room for them.
  std::optional<signaling::SignalingError> refuseToWait(const Newcomer& n) const;
  // Holds a guest while the room has a PIN they have not given (`pin`: the one in `join`), its
  // lobby is on, or the meeting waits for an organizer; whoever cannot encrypt media always
  // knocks. Logged-in organizers pass the rest. `now` starts their waiting time.
  Hold hold(Newcomer& n, const std::optional<std::string>& pin, int64_t now);

  // A `pin` message from someone waiting for the PIN: an error, or null when it was right (then
  // pastPin()).
  std::optional<signaling::SignalingError> tryPin(const std::string& id, const std::string& pin);
  // Someone past the PIN knocks (true: they come in, the caller admits them). The lock holds for
  // everyone not yet in: past the PIN they knock, and only a moderator's explicit admit lets them in.
  bool pastPin(const std::string& id);
  // A moderator's `room-access`; a new PIN makes earlier wrong attempts count no more.
  AccessChange setAccess(std::optional<bool> lobby, std::optional<bool> locked,
                         const std::optional<std::string>& pin);

  bool isWaiting(const std::string& id) const { return mWaiting.contains(id); }
  const Waiting* find(const std::string& id) const;
  size_t waitingCount() const { return mWaiting.size(); }
  bool empty() const { return mWaiting.empty(); }
  // Takes someone off the list to let them in; null when they do not wait.
  std::optional<Newcomer> take(const std::string& id);
  // Everyone, in the order they came (the meeting starts, or ends).
  std::vector<Newcomer> takeAll();
  // Someone waiting left; false when they did not wait.
  bool remove(const std::string& id);
  // Takes someone off the list, tells them `why` and closes their socket.
  void turnAway(const std::string& id, const signaling::SignalingError& why);
  // Turns away, with `waiting-timeout`, everyone who has waited longer than allowed; true if anyone.
  bool expire(int64_t now);

  // Who knocks, and who waits for the PIN, in the order they came (or knocked).
  std::vector<std::string> knockingIds() const;
  std::vector<std::string> pinWaitingIds() const;
  // Those at the door whom moderators see in `lobby`: knocking, or waiting for the PIN.
  bool anyoneAtDoor() const;
  std::string lobbyListMessage() const;
  std::string accessMessage() const;
  PinGuard& pinGuard() { return mPinGuard; }

 private:
  bool mayWait(const Newcomer& n) const;
  void hold(const std::string& id, const char* reason);
  std::vector<std::string> waitingIds(bool (Waiting::*matches)() const) const;

  WallClock mClock;
  RoomLimits mLimits;  // the policy, and how many may wait for how long
  bool mStarted = false;
  bool mLobby = false;
  bool mLocked = false;
  std::string mPin;  // empty: none; never logged
  PinGuard mPinGuard;
  std::map<std::string, Waiting> mWaiting;  // ordered by id; arrival order in mWaitOrder
  std::vector<std::string> mWaitOrder;
};

}  // namespace vicos::room
