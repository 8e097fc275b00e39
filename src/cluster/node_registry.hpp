// The node registry in Redis: each node's entry (id, public addresses, load) under
// vicos:node:<id> with a TTL that the node's heartbeat renews; a node whose entry expired is gone.
// The set vicos:nodes lists the ids; a listing drops ids whose entry has expired.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cluster/redis_link.hpp"

namespace vicos::cluster {

struct NodeInfo {
  std::string id;
  std::string publicAddress;                // cluster.public_address: where browsers and nodes reach it
  std::vector<std::string> mediaAddresses;  // media.announce
  uint64_t participants = 0;
  uint64_t rooms = 0;
  double cpu = 0;  // busiest media worker's share of one core over the last reading, 0..1
};

// A node id: 1-64 of [A-Za-z0-9._-]; it is part of Redis keys.
bool validNodeId(const std::string& id);

// The entry's JSON and back; nothing for a malformed entry (one node cannot break the listing).
std::string encodeNode(const NodeInfo& node);
std::optional<NodeInfo> decodeNode(const std::string& text);

// Live nodes, least loaded first: fewer participants, then less CPU, then id (a stable order).
std::vector<std::string> rankByLoad(std::vector<NodeInfo> nodes);

class NodeRegistry {
 public:
  static constexpr std::chrono::milliseconds kDefaultTtl{15000};

  explicit NodeRegistry(RedisLink& link, std::chrono::milliseconds ttl = kDefaultTtl)
      : mLink(link), mTtl(ttl) {}

  // Writes or renews the entry (the heartbeat); `done(true)` once Redis has it.
  void announce(const NodeInfo& node, std::function<void(bool)> done = {});
  // Removes the entry at a graceful stop.
  void withdraw(const std::string& id, std::function<void(bool)> done = {});
  // The live nodes; nothing while Redis is unreachable.
  void list(std::function<void(std::optional<std::vector<NodeInfo>>)> done);

  static std::string nodeKey(const std::string& id) { return "vicos:node:" + id; }

 private:
  RedisLink& mLink;
  std::chrono::milliseconds mTtl;
};

}  // namespace vicos::cluster
