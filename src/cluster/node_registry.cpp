// The registry's commands: SET with PX and SADD in one script for the heartbeat, one script for
// the listing (SMEMBERS, GET each, SREM the expired), so each is one round trip.
#include "cluster/node_registry.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vicos::cluster {

namespace {

constexpr const char* kAnnounce =
    "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) redis.call('SADD', KEYS[2], ARGV[3]) return 1";
constexpr const char* kWithdraw = "redis.call('DEL', KEYS[1]) redis.call('SREM', KEYS[2], ARGV[1]) return 1";
// Returns the live entries; an id whose entry expired leaves the set.
constexpr const char* kList =
    "local out = {} "
    "for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do "
    "  local v = redis.call('GET', 'vicos:node:' .. id) "
    "  if v then table.insert(out, v) else redis.call('SREM', KEYS[1], id) end "
    "end return out";
constexpr const char* kNodesKey = "vicos:nodes";

}  // namespace

bool validNodeId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string encodeNode(const NodeInfo& node) {
  return nlohmann::json{{"id", node.id},
                        {"public", node.publicAddress},
                        {"media", node.mediaAddresses},
                        {"participants", node.participants},
                        {"rooms", node.rooms},
                        {"cpu", node.cpu}}
      .dump();
}

std::optional<NodeInfo> decodeNode(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  for (const char* count : {"participants", "rooms"})
    if (!json.contains(count) || !json[count].is_number_unsigned()) return std::nullopt;
  try {
    NodeInfo node;
    node.id = json.at("id").get<std::string>();
    node.publicAddress = json.at("public").get<std::string>();
    node.mediaAddresses = json.at("media").get<std::vector<std::string>>();
    node.participants = json.at("participants").get<uint64_t>();
    node.rooms = json.at("rooms").get<uint64_t>();
    node.cpu = json.at("cpu").get<double>();
    if (!validNodeId(node.id)) return std::nullopt;
    return node;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::vector<std::string> rankByLoad(std::vector<NodeInfo> nodes) {
  std::sort(nodes.begin(), nodes.end(), [](const NodeInfo& a, const NodeInfo& b) {
    if (a.participants != b.participants) return a.participants < b.participants;
    if (a.cpu != b.cpu) return a.cpu < b.cpu;
    return a.id < b.id;
  });
  std::vector<std::string> ids;
  for (const auto& n : nodes) ids.push_back(n.id);
  return ids;
}

void NodeRegistry::announce(const NodeInfo& node, std::function<void(bool)> done) {
  mLink.command({"EVAL", kAnnounce, "2", nodeKey(node.id), kNodesKey, encodeNode(node),
                 std::to_string(mTtl.count()), node.id},
                [done = std::move(done)](RedisResult r) {
                  if (done) done(r.index() == 0 && !std::get<0>(r).isError());
                });
}

void NodeRegistry::withdraw(const std::string& id, std::function<void(bool)> done) {
  mLink.command({"EVAL", kWithdraw, "2", nodeKey(id), kNodesKey, id},
                [done = std::move(done)](RedisResult r) {
                  if (done) done(r.index() == 0 && !std::get<0>(r).isError());
                });
}

void NodeRegistry::list(std::function<void(std::optional<std::vector<NodeInfo>>)> done) {
  mLink.command({"EVAL", kList, "1", kNodesKey}, [done = std::move(done)](RedisResult r) {
    if (r.index() != 0 || std::get<0>(r).type != RedisReply::Type::Array) return done(std::nullopt);
    std::vector<NodeInfo> nodes;
    for (const auto& e : std::get<0>(r).elements)
      if (auto node = decodeNode(e.text)) nodes.push_back(std::move(*node));
    done(std::move(nodes));
  });
}

}  // namespace vicos::cluster
