// The placement scripts. KEYS[1] is the room's key; node entries are read by their id inside the
// script (one Redis server or a primary with replicas, not Redis Cluster's sharding).
#include "cluster/room_placement.hpp"

namespace vicos::cluster {

namespace {

// ARGV[1] TTL in ms, ARGV[2..] candidates by load. Keeps a live owner; else the first candidate
// with a live registry entry claims the room. Returns the owner, or false when none is alive.
constexpr const char* kPlace =
    "local owner = redis.call('GET', KEYS[1]) "
    "if owner and redis.call('EXISTS', 'vicos:node:' .. owner) == 1 then return owner end "
    "for i = 2, #ARGV do "
    "  if redis.call('EXISTS', 'vicos:node:' .. ARGV[i]) == 1 then "
    "    redis.call('SET', KEYS[1], ARGV[i], 'PX', ARGV[1]) return ARGV[i] end "
    "end return false";
// ARGV[1] self, ARGV[2] TTL; returns the indexes (1-based) of keys another node holds. A claim
// that is gone (Redis restarted, or was unreachable longer than the TTL) is made again.
constexpr const char* kRefresh =
    "local lost = {} "
    "for i, key in ipairs(KEYS) do "
    "  local owner = redis.call('GET', key) "
    "  if owner == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) "
    "  elseif not owner then redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) "
    "  else table.insert(lost, i) end "
    "end return lost";
constexpr const char* kRelease =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

}  // namespace

void RoomPlacement::place(const std::string& room, const std::vector<std::string>& byLoad,
                          std::function<void(std::optional<std::string>)> done) {
  std::vector<std::string> argv{"EVAL", kPlace, "1", roomKey(room), std::to_string(mTtl.count())};
  argv.insert(argv.end(), byLoad.begin(), byLoad.end());
  mLink.command(std::move(argv), [done = std::move(done)](RedisResult r) {
    if (r.index() != 0 || std::get<0>(r).type != RedisReply::Type::String) return done(std::nullopt);
    done(std::get<0>(r).text);
  });
}

void RoomPlacement::lookup(const std::string& room, std::function<void(std::optional<std::string>)> done) {
  mLink.command({"GET", roomKey(room)}, [done = std::move(done)](RedisResult r) {
    if (r.index() != 0 || std::get<0>(r).isError()) return done(std::nullopt);
    done(std::get<0>(r).text);  // empty for nil
  });
}

void RoomPlacement::refresh(const std::string& self, const std::vector<std::string>& rooms,
                            std::function<void(std::optional<std::vector<std::string>>)> done) {
  if (rooms.empty()) return done(std::vector<std::string>{});
  std::vector<std::string> argv{"EVAL", kRefresh, std::to_string(rooms.size())};
  for (const auto& room : rooms) argv.push_back(roomKey(room));
  argv.push_back(self);
  argv.push_back(std::to_string(mTtl.count()));
  mLink.command(std::move(argv), [rooms, done = std::move(done)](RedisResult r) {
    if (r.index() != 0 || std::get<0>(r).type != RedisReply::Type::Array) return done(std::nullopt);
    std::vector<std::string> lost;
    for (const auto& e : std::get<0>(r).elements)
      if (e.integer >= 1 && static_cast<size_t>(e.integer) <= rooms.size())
        lost.push_back(rooms[static_cast<size_t>(e.integer) - 1]);
    done(std::move(lost));
  });
}

void RoomPlacement::release(const std::string& self, const std::string& room) {
  mLink.command({"EVAL", kRelease, "1", roomKey(room), self}, {});
}

}  // namespace vicos::cluster
