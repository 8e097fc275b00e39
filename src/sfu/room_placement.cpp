// Least-loaded placement of rooms on workers.
#include "sfu/room_placement.hpp"

#include <algorithm>

namespace vicos::sfu {

size_t RoomPlacement::workerOf(const std::string& room) {
  auto it = mRooms.find(room);
  if (it != mRooms.end()) return it->second.worker;
  const size_t worker = static_cast<size_t>(std::min_element(mPeers.begin(), mPeers.end()) - mPeers.begin());
  mRooms.emplace(room, Placement{worker, 0});
  return worker;
}

void RoomPlacement::peerAdded(const std::string& room) {
  const size_t worker = workerOf(room);
  ++mRooms[room].peers;
  ++mPeers[worker];
}

void RoomPlacement::peerRemoved(const std::string& room) {
  auto it = mRooms.find(room);
  if (it == mRooms.end() || it->second.peers == 0) return;
  --mPeers[it->second.worker];
  if (--it->second.peers == 0) mRooms.erase(it);
}

}  // namespace vicos::sfu
