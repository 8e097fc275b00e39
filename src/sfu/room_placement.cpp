// Least-loaded placement of peers on workers, keeping a room together up to `roomSplit` peers.
#include "sfu/room_placement.hpp"

#include <algorithm>

namespace vicos::sfu {

size_t RoomPlacement::leastLoaded() const {
  return static_cast<size_t>(std::min_element(mPeers.begin(), mPeers.end()) - mPeers.begin());
}

size_t RoomPlacement::next(const std::string& room) const {
  auto it = mRooms.find(room);
  if (it == mRooms.end()) return leastLoaded();
  const Room& r = it->second;
  if (mRoomSplit == 0 || r.peersOn[r.first] < mRoomSplit) return r.first;
  // The first worker is full for this room: another worker that holds it and has space, the
  // least loaded first, else the least-loaded worker of all.
  std::optional<size_t> best;
  for (size_t w = 0; w < mPeers.size(); ++w)
    if (r.peersOn[w] > 0 && r.peersOn[w] < mRoomSplit && (!best || mPeers[w] < mPeers[*best])) best = w;
  return best ? *best : leastLoaded();
}

size_t RoomPlacement::place(const std::string& room, const std::string& participant) {
  if (auto placedOn = workerOf(room, participant)) return *placedOn;
  const size_t worker = next(room);
  auto [it, created] = mRooms.try_emplace(room);
  Room& r = it->second;
  if (created) {
    r.first = worker;
    r.peersOn.assign(mPeers.size(), 0);
  }
  r.workerOf[participant] = worker;
  ++r.peersOn[worker];
  ++mPeers[worker];
  return worker;
}

void RoomPlacement::remove(const std::string& room, const std::string& participant) {
  auto it = mRooms.find(room);
  if (it == mRooms.end()) return;
  Room& r = it->second;
  auto peer = r.workerOf.find(participant);
  if (peer == r.workerOf.end()) return;
  --r.peersOn[peer->second];
  --mPeers[peer->second];
  r.workerOf.erase(peer);
  if (r.workerOf.empty()) mRooms.erase(it);
}

std::optional<size_t> RoomPlacement::workerOf(const std::string& room, const std::string& participant) const {
  auto it = mRooms.find(room);
  if (it == mRooms.end()) return std::nullopt;
  auto peer = it->second.workerOf.find(participant);
  if (peer == it->second.workerOf.end()) return std::nullopt;
  return peer->second;
}

std::optional<size_t> RoomPlacement::primaryOf(const std::string& room) const {
  auto it = mRooms.find(room);
  if (it == mRooms.end()) return std::nullopt;
  const Room& r = it->second;
  if (r.peersOn[r.first] > 0) return r.first;
  return static_cast<size_t>(std::max_element(r.peersOn.begin(), r.peersOn.end()) - r.peersOn.begin());
}

}  // namespace vicos::sfu
