// Which media worker a room lives on: a new room goes to the worker with the fewest peers, and
// stays there until its last peer leaves (all of a room's forwarding is then thread-local).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace vicos::sfu {

class RoomPlacement {
 public:
  explicit RoomPlacement(size_t workers) : mPeers(workers, 0) {}

  // The room's worker, choosing one for a room not placed yet.
  size_t workerOf(const std::string& room);
  void peerAdded(const std::string& room);
  // Forgets the room when its last peer is gone.
  void peerRemoved(const std::string& room);

  size_t peersOn(size_t worker) const { return mPeers[worker]; }
  bool placed(const std::string& room) const { return mRooms.contains(room); }

 private:
  struct Placement {
    size_t worker = 0;
    size_t peers = 0;
  };
  std::vector<size_t> mPeers;  // per worker
  std::map<std::string, Placement> mRooms;
};

}  // namespace vicos::sfu
