// Which media worker each peer lives on. A new room goes to the worker with the fewest peers,
// and its peers join it there; once `roomSplit` of them are on one worker, the next go to the
// least-loaded worker, so one large room fans out over several workers (its packets then
// cross between workers through relay rings, sfu/relay_ring.hpp).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vicos::sfu {

class RoomPlacement {
 public:
  // `roomSplit` 0: a room never leaves its first worker.
  explicit RoomPlacement(size_t workers, size_t roomSplit = 0) : mPeers(workers, 0), mRoomSplit(roomSplit) {}

  // Places a new peer (or returns the worker of one placed already).
  size_t place(const std::string& room, const std::string& participant);
  void remove(const std::string& room, const std::string& participant);

  std::optional<size_t> workerOf(const std::string& room, const std::string& participant) const;
  // Where a room's peers are placed first: its first worker, while it has peers there, else the
  // one with most of them; nothing for a room without peers. Speaker decisions come from here.
  std::optional<size_t> primaryOf(const std::string& room) const;
  // Where a peer of the room would go now (for a participant not placed yet).
  size_t next(const std::string& room) const;

  size_t peersOn(size_t worker) const { return mPeers[worker]; }
  bool placed(const std::string& room) const { return mRooms.contains(room); }

 private:
  struct Room {
    size_t first = 0;
    std::vector<size_t> peersOn;  // per worker
    std::map<std::string, size_t> workerOf;
  };
  size_t leastLoaded() const;

  std::vector<size_t> mPeers;  // per worker, all rooms
  size_t mRoomSplit;
  std::map<std::string, Room> mRooms;
};

}  // namespace vicos::sfu
