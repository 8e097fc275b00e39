// The placement scripts. KEYS[1] is the room's key; node entries are read by their id inside the
// script (one Redis server or a primary with replicas, not Redis Cluster's sharding).
#include "cluster/room_placement.hpp"

#include <algorithm>

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
// ARGV[1] self, ARGV[2] TTL, ARGV[3..] counts in KEYS' order; returns the others' sums.
constexpr const char* kCountPeople =
    "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "
    "local out = {} "
    "for i, key in ipairs(KEYS) do "
    "  redis.call('HSET', key, ARGV[1], ARGV[i + 2] .. ':' .. now) "
    "  redis.call('PEXPIRE', key, ARGV[2]) "
    "  local sum = 0 local all = redis.call('HGETALL', key) "
    "  for j = 1, #all, 2 do "
    "    if all[j] ~= ARGV[1] then "
    "      local c, at = string.match(all[j + 1], '^(%d+):(%d+)$') "
    "      if c and now - tonumber(at) <= tonumber(ARGV[2]) then sum = sum + tonumber(c) "
    "      else redis.call('HDEL', key, all[j]) end "
    "    end "
    "  end "
    "  table.insert(out, sum) "
    "end return out";
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

void RoomPlacement::countPeople(const std::string& self,
                                const std::vector<std::pair<std::string, uint64_t>>& people,
                                std::function<void(std::optional<std::vector<uint64_t>>)> done) {
  if (people.empty()) return done(std::vector<uint64_t>{});
  std::vector<std::string> argv{"EVAL", kCountPeople, std::to_string(people.size())};
  for (const auto& [room, count] : people) argv.push_back(peopleKey(room));
  argv.push_back(self);
  argv.push_back(std::to_string(mTtl.count()));
  for (const auto& [room, count] : people) argv.push_back(std::to_string(count));
  mLink.command(std::move(argv), [n = people.size(), done = std::move(done)](RedisResult r) {
    if (r.index() != 0 || std::get<0>(r).type != RedisReply::Type::Array ||
        std::get<0>(r).elements.size() != n)
      return done(std::nullopt);
    std::vector<uint64_t> sums;
    for (const auto& e : std::get<0>(r).elements)
      sums.push_back(static_cast<uint64_t>(std::max<int64_t>(0, e.integer)));
    done(std::move(sums));
  });
}

void RoomPlacement::forgetPeople(const std::string& self, const std::string& room) {
  mLink.command({"HDEL", peopleKey(room), self}, {});
}

void RoomPlacement::release(const std::string& self, const std::string& room) {
  mLink.command({"EVAL", kRelease, "1", roomKey(room), self}, {});
}

}  // namespace vicos::cluster
