// Breakout rooms in a Room (docs/protocol.md "Breakout rooms"): permissions, and the downlinks
// that follow each move, so that the media plane forwards only within a breakout room.
#include "room/room.hpp"

namespace vicos::room {
namespace {

using signaling::BreakoutAction;
using signaling::ErrorCode;
using signaling::SignalingError;

SignalingError notAllowed(BreakoutAction action, const char* message) {
  return SignalingError{ErrorCode::NotAllowed, message, std::string(signaling::breakoutTypeName(action))};
}

}  // namespace

std::optional<SignalingError> Room::breakout(Participant& by, const signaling::BreakoutMessage& msg,
                                             int64_t now) {
  const bool moderator = by.role == Role::Moderator;
  if (msg.action == BreakoutAction::Move && !moderator && !mBreakouts.choose())
    return notAllowed(msg.action, "only moderators move people between breakout rooms here");
  if (msg.action != BreakoutAction::Move && !moderator)
    return notAllowed(msg.action, "only moderators manage breakout rooms");
  if (msg.action == BreakoutAction::Broadcast) {
    if (!mBreakouts.takeBroadcast(now))
      return SignalingError{ErrorCode::RateLimited, "at most 3 broadcasts at once, then one per 10 seconds",
                            "breakout-broadcast"};
    mRoster.broadcast(signaling::breakoutBroadcastMessage(by.id, msg.e2ee));
    return std::nullopt;
  }
  if (msg.action == BreakoutAction::Move) {
    if (auto error = mBreakouts.checkMove(msg.room)) return error;  // refused moves take no token
    if (!by.breakoutMoves.take(now))
      return SignalingError{ErrorCode::RateLimited, "at most 3 moves at once, then one per 2 seconds",
                            "breakout-move"};
  }
  const auto before = places();
  Breakouts::Error error;
  switch (msg.action) {
    case BreakoutAction::Create: error = mBreakouts.create(msg.rooms, msg.choose); break;
    case BreakoutAction::Assign:
      error = mBreakouts.assign(msg.assign, [this](const std::string& id) { return mRoster.contains(id); });
      break;
    case BreakoutAction::Open: error = mBreakouts.open(); break;
    case BreakoutAction::Close: error = mBreakouts.close(now, msg.countdownSeconds * 1'000); break;
    case BreakoutAction::Move: error = mBreakouts.move(by.id, msg.room); break;
    case BreakoutAction::Broadcast: break;
  }
  if (error) return error;
  relocate(before);
  return std::nullopt;
}

void Room::expireBreakouts(int64_t now) {
  const auto before = places();
  if (mBreakouts.closeIfDue(now)) relocate(before);
}

std::map<std::string, Breakouts::Place> Room::places() const {
  std::map<std::string, Breakouts::Place> where;
  for (const auto& [id, p] : mRoster) where[id] = mBreakouts.where(id);
  return where;
}

void Room::relocate(const std::map<std::string, Breakouts::Place>& before) {
  std::vector<Participant*> changed;
  for (auto a = mRoster.begin(); a != mRoster.end(); ++a) {
    bool touched = false;
    for (auto b = mRoster.begin(); b != mRoster.end(); ++b) {
      if (a == b) continue;
      const bool was = before.at(a->first) == before.at(b->first);
      const bool is = mBreakouts.together(a->first, b->first);
      if (was == is) continue;
      touched = true;
      // Each ordered pair once: `a` receives `b` only while they share a room.
      if (is)
        addDownlinks(a->second, b->second);
      else
        removeDownlinks(a->second, b->first);
    }
    if (touched) changed.push_back(&a->second);
  }
  for (Participant* p : changed) sendOffer(*p);
  mRoster.broadcast(signaling::breakoutsMessage(mBreakouts.info()));
}

void Room::broadcastTogether(const std::string& member, const std::string& json,
                             const std::string& except) const {
  for (const auto& [id, p] : mRoster)
    if (id != except && mBreakouts.together(member, id)) p.channel->send(json);
}

}  // namespace vicos::room
