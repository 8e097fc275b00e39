// Breakout-room state: rooms, assignments, open and closing; permissions are the Room's.
#include "room/breakouts.hpp"

#include <algorithm>

namespace vicos::room {
namespace {

using signaling::ErrorCode;
using signaling::SignalingError;

SignalingError wrongState(signaling::BreakoutAction action, const char* message) {
  return SignalingError{ErrorCode::WrongState, message, std::string(signaling::breakoutTypeName(action))};
}

SignalingError noSuchRoom(signaling::BreakoutAction action) {
  return SignalingError{ErrorCode::BadMessage, "there is no breakout room with that index",
                        std::string(signaling::breakoutTypeName(action))};
}

}  // namespace

Breakouts::Error Breakouts::create(std::vector<std::string> names, bool choose) {
  if (mOpen) return wrongState(signaling::BreakoutAction::Create, "close the breakout rooms first");
  mNames = std::move(names);
  mChoose = choose;
  mAssigned.clear();
  return std::nullopt;
}

Breakouts::Error Breakouts::assign(const std::vector<std::pair<std::string, Place>>& entries,
                                   const std::function<bool(const std::string&)>& isParticipant) {
  for (const auto& [id, room] : entries) {
    if (!isParticipant(id))
      return SignalingError{ErrorCode::UnknownParticipant, "no participant with that id", "breakout-assign"};
    if (room && *room >= mNames.size()) return noSuchRoom(signaling::BreakoutAction::Assign);
  }
  for (const auto& [id, room] : entries) {
    if (room)
      mAssigned[id] = *room;
    else
      mAssigned.erase(id);
  }
  return std::nullopt;
}

Breakouts::Error Breakouts::open() {
  if (mNames.empty()) return wrongState(signaling::BreakoutAction::Open, "create breakout rooms first");
  if (mOpen) return wrongState(signaling::BreakoutAction::Open, "the breakout rooms are open");
  mOpen = true;
  return std::nullopt;
}

Breakouts::Error Breakouts::close(int64_t now, int64_t countdownMs) {
  if (!mOpen) return wrongState(signaling::BreakoutAction::Close, "the breakout rooms are not open");
  mCloseAt = now + countdownMs;
  closeIfDue(now);
  return std::nullopt;
}

bool Breakouts::closeIfDue(int64_t now) {
  mNow = now;
  if (!mCloseAt || now < *mCloseAt) return false;
  mOpen = false;
  mCloseAt.reset();
  return true;
}

Breakouts::Error Breakouts::checkMove(Place room) const {
  if (!mOpen) return wrongState(signaling::BreakoutAction::Move, "the breakout rooms are not open");
  if (room && *room >= mNames.size()) return noSuchRoom(signaling::BreakoutAction::Move);
  return std::nullopt;
}

Breakouts::Error Breakouts::move(const std::string& id, Place room) {
  if (auto error = checkMove(room)) return error;
  if (room)
    mAssigned[id] = *room;
  else
    mAssigned.erase(id);
  return std::nullopt;
}

Breakouts::Place Breakouts::where(const std::string& id) const {
  if (!mOpen) return std::nullopt;
  const auto it = mAssigned.find(id);
  return it == mAssigned.end() ? std::nullopt : Place{it->second};
}

signaling::BreakoutsInfo Breakouts::info() const {
  signaling::BreakoutsInfo info;
  for (const auto& name : mNames) info.rooms.push_back({name, {}});
  for (const auto& [id, room] : mAssigned) info.rooms[room].members.push_back(id);
  info.open = mOpen;
  info.choose = mChoose;
  if (mCloseAt) info.closesInSeconds = (std::max<int64_t>(*mCloseAt - mNow, 0) + 999) / 1000;
  return info;
}

}  // namespace vicos::room
