// This node's part in the cluster: its heartbeat (registry entry and the claims on the rooms it
// owns, renewed together), placement of the rooms it opens, and the owner of any room. Runs on
// the control thread; Redis's answers come back there through the link's `post`.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cluster/node_registry.hpp"
#include "cluster/room_placement.hpp"
#include "cluster/shared_counter.hpp"

namespace vicos::cluster {

struct NodeIdentity {
  std::string id;
  std::string publicAddress;
  std::vector<std::string> mediaAddresses;
};

struct NodeTiming {
  std::chrono::milliseconds ttl{15000};       // registry entry and room claims
  std::chrono::milliseconds heartbeat{5000};  // three heartbeats per TTL: one lost one is harmless
};

class ClusterNode {
 public:
  ClusterNode(RedisLink& link, KeyedHash hash, NodeIdentity identity, NodeTiming timing = {});

  // The heartbeat (every timing().heartbeat): entry with the load, the room claims, and the
  // people per room open here (`people`), which brings back the other nodes' counts.
  void heartbeat(uint64_t participants, uint64_t rooms, double cpu,
                 const std::vector<std::pair<std::string, uint64_t>>& people = {});
  // People in `room` on the other nodes at their last heartbeat; 0 while Redis is unreachable.
  uint64_t peopleElsewhere(const std::string& room) const;
  // A room opened here: placed by load (this node when Redis is unreachable: a single node
  // keeps working). `done` gets the owner's id.
  void roomOpened(const std::string& room, std::function<void(std::string)> done = {});
  void roomClosed(const std::string& room);
  // The owner's id, empty when none; nothing while Redis is unreachable.
  void ownerOf(const std::string& room, std::function<void(std::optional<std::string>)> done);
  // Leaves the registry and gives up every claim (graceful stop).
  void withdraw();

  bool owns(const std::string& room) const { return mOwned.contains(room); }
  size_t ownedRooms() const { return mOwned.size(); }
  uint64_t lostClaims() const { return mLostClaims; }
  const NodeIdentity& identity() const { return mIdentity; }
  const NodeTiming& timing() const { return mTiming; }
  SharedCounter& counter() { return mCounter; }

 private:
  NodeIdentity mIdentity;
  NodeTiming mTiming;
  NodeRegistry mRegistry;
  RoomPlacement mPlacement;
  SharedCounter mCounter;
  std::set<std::string> mOwned;                // rooms this node holds the claim of
  std::set<std::string> mOpen;                 // rooms open here, whoever owns them
  std::map<std::string, uint64_t> mElsewhere;  // people per open room on other nodes
  uint64_t mLostClaims = 0;
};

}  // namespace vicos::cluster
