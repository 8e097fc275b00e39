// The door: who waits outside a room and why (P11, P12). A locked room takes nobody new and lets
// nobody in by themselves; with a PIN a guest waits until they give it; with the lobby on a guest
// knocks until a moderator decides. Whoever cannot encrypt media always knocks (reason plain-media,
// docs/e2ee.md, P5). Few may wait, and not for long (docs/security.md "The door").
#include "room/door.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "signaling/lobby_messages.hpp"
#include "signaling/moderation_messages.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::SignalingError;

namespace {

SignalingError pinError(PinGuard::Outcome outcome, const char* ref) {
  if (outcome == PinGuard::Outcome::Throttled)
    return SignalingError{ErrorCode::PinThrottled, "too many wrong PINs; wait a little before trying again",
                          ref};
  return SignalingError{ErrorCode::WrongPin, "that is not the meeting's PIN", ref};
}

// Moderators see, in `lobby`, who knocks and who waits for the PIN (not who waits for an
// organizer: there is no moderator then).
bool seenByModerators(const Door::Waiting& w) { return w.knocks() || w.waitsForPin(); }

}  // namespace

int64_t systemMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<SignalingError> Door::refuseNewcomer(bool plainMedia, bool moderated) const {
  if (mLocked) return SignalingError{ErrorCode::RoomLocked, "the room is locked", "join"};
  // Nobody could decide about media in clear: refused rather than let in or kept waiting for
  // a moderator who may never come.
  if (plainMedia && !moderated)
    return SignalingError{ErrorCode::NoModerator,
                          "no moderator is here to decide whether you may join without end-to-end encryption",
                          "join"};
  return std::nullopt;
}

bool Door::mayWait(const Newcomer& n) const {
  if (n.plainMedia) return true;
  if (n.organizer()) return false;
  return !mPin.empty() || (mLobby && mStarted) || (!mStarted && mLimits.policy == RoomPolicy::Organizer);
}

std::optional<SignalingError> Door::refuseToWait(const Newcomer& n) const {
  if (!mayWait(n) || mWaiting.size() < capFor(mLimits.maxWaiting, n.organizer())) return std::nullopt;
  return SignalingError{ErrorCode::WaitingFull,
                        "too many people are waiting to be let into this room; try again later", "join"};
}

Door::Hold Door::hold(Newcomer& n, const std::optional<std::string>& pin, int64_t now) {
  Hold out;
  const char* reason = nullptr;
  if (!n.organizer() && !mPin.empty()) {
    const auto outcome = pin ? mPinGuard.attempt(n.id, *pin, mPin, mClock()) : PinGuard::Outcome::Wrong;
    if (outcome != PinGuard::Outcome::Right) {
      // No PIN given is no attempt: the person is only asked for one.
      if (pin) out.pinProblem = pinError(outcome, "join");
      reason = kReasonPin;
    }
  }
  if (!reason && n.plainMedia) reason = kReasonPlainMedia;
  if (!reason && !n.organizer() && mLobby && mStarted) reason = kReasonLobby;
  // No offer, no media peer: the guest only learns that they wait.
  if (!reason && !mStarted && mLimits.policy == RoomPolicy::Organizer && !n.organizer())
    reason = kReasonOrganizer;
  if (!reason) return out;
  const std::string id = n.id;
  const auto channel = n.channel;
  auto& waiting = mWaiting[id] = Waiting{std::move(n), reason, now + mLimits.waitingTimeoutMs};
  mWaitOrder.push_back(id);
  channel->send(signaling::waitingMessage(id, reason));
  out.held = true;
  out.tellModerators = seenByModerators(waiting);
  return out;
}

std::optional<SignalingError> Door::tryPin(const std::string& id, const std::string& pin) {
  const Waiting* w = find(id);
  if (w == nullptr || !w->waitsForPin())
    return SignalingError{ErrorCode::WrongState, "not waiting for a PIN", "pin"};
  const auto outcome = mPinGuard.attempt(id, pin, mPin, mClock());
  if (outcome != PinGuard::Outcome::Right) return pinError(outcome, "pin");
  mPinGuard.forget(id);
  return std::nullopt;
}

bool Door::pastPin(const std::string& id) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return false;
  if (it->second.who.plainMedia)
    hold(id, kReasonPlainMedia);
  else if (mLobby || mLocked)
    hold(id, kReasonLobby);
  else
    return true;
  return false;
}

void Door::hold(const std::string& id, const char* reason) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  it->second.reason = reason;
  std::erase(mWaitOrder, id);
  mWaitOrder.push_back(id);  // knocking counts from now
  it->second.who.channel->send(signaling::waitingMessage(id, reason));
}

Door::AccessChange Door::setAccess(std::optional<bool> lobby, std::optional<bool> locked,
                                   const std::optional<std::string>& pin) {
  const bool lobbyWas = mLobby, lockedWas = mLocked, pinWas = !mPin.empty();
  if (lobby) mLobby = *lobby;
  if (locked) mLocked = *locked;
  if (pin && *pin != mPin) {
    mPin = *pin;
    mPinGuard.reset();
  }
  AccessChange change;
  change.changed = lobbyWas != mLobby || lockedWas != mLocked || pinWas != !mPin.empty();
  change.pinRemoved = pinWas && mPin.empty();
  change.opened = (lobbyWas || lockedWas) && !mLobby && !mLocked;
  return change;
}

const Door::Waiting* Door::find(const std::string& id) const {
  auto it = mWaiting.find(id);
  return it == mWaiting.end() ? nullptr : &it->second;
}

std::optional<Newcomer> Door::take(const std::string& id) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return std::nullopt;
  Newcomer n = std::move(it->second.who);
  mWaiting.erase(it);
  std::erase(mWaitOrder, id);
  mPinGuard.forget(id);
  return n;
}

std::vector<Newcomer> Door::takeAll() {
  std::vector<Newcomer> all;
  for (const auto& id : std::exchange(mWaitOrder, {})) {
    auto it = mWaiting.find(id);
    if (it == mWaiting.end()) continue;
    all.push_back(std::move(it->second.who));
    mPinGuard.forget(id);
    mWaiting.erase(it);
  }
  return all;
}

bool Door::remove(const std::string& id) { return take(id).has_value(); }

void Door::turnAway(const std::string& id, const SignalingError& why) {
  auto n = take(id);
  if (!n) return;
  n->channel->send(signaling::errorMessage(why));
  n->channel->close();
}

bool Door::expire(int64_t now) {
  std::vector<std::string> expired;
  for (const auto& [id, w] : mWaiting)
    if (w.deadline <= now) expired.push_back(id);
  const SignalingError why{ErrorCode::WaitingTimeout,
                           "nobody let you in in time; join again to wait once more", "join"};
  for (const auto& id : expired) turnAway(id, why);
  return !expired.empty();
}

std::vector<std::string> Door::waitingIds(bool (Waiting::*matches)() const) const {
  std::vector<std::string> ids;
  for (const auto& id : mWaitOrder)
    if (const Waiting* w = find(id); w != nullptr && (w->*matches)()) ids.push_back(id);
  return ids;
}

std::vector<std::string> Door::knockingIds() const { return waitingIds(&Waiting::knocks); }

std::vector<std::string> Door::pinWaitingIds() const { return waitingIds(&Waiting::waitsForPin); }

bool Door::anyoneAtDoor() const {
  return std::any_of(mWaiting.begin(), mWaiting.end(),
                     [](const auto& entry) { return seenByModerators(entry.second); });
}

std::string Door::lobbyListMessage() const {
  const auto list = [this](const std::vector<std::string>& ids) {
    std::vector<signaling::KnockInfo> out;
    for (const auto& id : ids) {
      const Newcomer& n = mWaiting.at(id).who;
      out.push_back({id, n.name, n.e2ee, n.plainMedia});
    }
    return out;
  };
  return signaling::lobbyMessage(list(knockingIds()), list(pinWaitingIds()));
}

std::string Door::accessMessage() const {
  return signaling::roomAccessMessage(mLobby, mLocked, !mPin.empty());
}

}  // namespace vicos::room
