// INCR and PEXPIRE in one script, so a count never lives without its TTL.
#include "cluster/shared_counter.hpp"

namespace vicos::cluster {

namespace {

constexpr const char* kIncrement =
    "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return n";

std::optional<uint64_t> count(const RedisResult& r) {
  if (r.index() != 0) return std::nullopt;
  const auto& reply = std::get<0>(r);
  if (reply.type == RedisReply::Type::Integer)
    return static_cast<uint64_t>(std::max<int64_t>(0, reply.integer));
  if (reply.isNil()) return 0;
  if (reply.type == RedisReply::Type::String) {
    try {
      return std::stoull(reply.text);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

void SharedCounter::increment(const std::string& kind, const std::string& key, std::chrono::milliseconds ttl,
                              std::function<void(std::optional<uint64_t>)> done) {
  mLink.command({"EVAL", kIncrement, "1", counterKey(kind, key), std::to_string(ttl.count())},
                [done = std::move(done)](RedisResult r) {
                  if (done) done(count(r));
                });
}

void SharedCounter::read(const std::string& kind, const std::string& key,
                         std::function<void(std::optional<uint64_t>)> done) {
  mLink.command({"GET", counterKey(kind, key)}, [done = std::move(done)](RedisResult r) { done(count(r)); });
}

void SharedCounter::reset(const std::string& kind, const std::string& key) {
  mLink.command({"DEL", counterKey(kind, key)}, {});
}

}  // namespace vicos::cluster
