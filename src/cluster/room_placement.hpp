// Which node owns a room: vicos:room:<keyed hash of the room name> holds the owner's id with a
// TTL the owner renews. A Lua script makes the claim atomic (Redis runs one script at a time), so
// two nodes never both own a room; when the owner's registry entry is gone the next claim takes
// the room over, and if nobody claims, the key expires on its own.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cluster/keyed_hash.hpp"
#include "cluster/redis_link.hpp"

namespace vicos::cluster {

class RoomPlacement {
 public:
  static constexpr std::chrono::milliseconds kDefaultTtl{15000};

  RoomPlacement(RedisLink& link, KeyedHash hash, std::chrono::milliseconds ttl = kDefaultTtl)
      : mLink(link), mHash(std::move(hash)), mTtl(ttl) {}

  // The room's owner: the live one if there is one, else the first live node of `byLoad`
  // (rankByLoad) now claims it. Nothing while Redis is unreachable.
  void place(const std::string& room, const std::vector<std::string>& byLoad,
             std::function<void(std::optional<std::string>)> done);
  // The current owner, or an empty string when the room has none; nothing while unreachable.
  void lookup(const std::string& room, std::function<void(std::optional<std::string>)> done);
  // Renews `self`'s claims in one round trip, making again those that vanished (Redis restarted);
  // `done` gets the rooms another node now owns (lost).
  void refresh(const std::string& self, const std::vector<std::string>& rooms,
               std::function<void(std::optional<std::vector<std::string>>)> done);
  // Gives up `self`'s claim (the room closed); another node's claim is left alone.
  void release(const std::string& self, const std::string& room);
  // Room-wide caps across nodes: writes `self`'s count of people per room (a field of
  // vicos:people:<keyed hash>, stamped with Redis's clock) and gets, per room, the sum of the other
  // nodes' counts that are younger than the TTL; older ones (a dead node's) are dropped.
  void countPeople(const std::string& self, const std::vector<std::pair<std::string, uint64_t>>& people,
                   std::function<void(std::optional<std::vector<uint64_t>>)> done);
  // Removes `self`'s count of a room that closed here.
  void forgetPeople(const std::string& self, const std::string& room);

  std::string roomKey(const std::string& room) const { return "vicos:room:" + mHash("room", room); }
  std::string peopleKey(const std::string& room) const { return "vicos:people:" + mHash("room", room); }

 private:
  RedisLink& mLink;
  KeyedHash mHash;
  std::chrono::milliseconds mTtl;
};

}  // namespace vicos::cluster
