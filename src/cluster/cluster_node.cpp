// The heartbeat and placement calls; the owned set changes only on the control thread.
#include "cluster/cluster_node.hpp"

#include "common/log.hpp"

namespace vicos::cluster {

ClusterNode::ClusterNode(RedisLink& link, KeyedHash hash, NodeIdentity identity, NodeTiming timing)
    : mIdentity(std::move(identity)),
      mTiming(timing),
      mRegistry(link, timing.ttl),
      mPlacement(link, hash, timing.ttl),
      mCounter(link, hash) {}

void ClusterNode::heartbeat(uint64_t participants, uint64_t rooms, double cpu,
                            const std::vector<std::pair<std::string, uint64_t>>& people) {
  mPlacement.countPeople(mIdentity.id, people, [this, people](std::optional<std::vector<uint64_t>> sums) {
    // Unreachable: the local count alone applies, as on a single node.
    mElsewhere.clear();
    if (!sums) return;
    for (size_t i = 0; i < people.size(); ++i)
      if ((*sums)[i] > 0 && mOpen.contains(people[i].first)) mElsewhere[people[i].first] = (*sums)[i];
  });
  mRegistry.announce(
      {mIdentity.id, mIdentity.publicAddress, mIdentity.mediaAddresses, participants, rooms, cpu});
  std::vector<std::string> owned(mOwned.begin(), mOwned.end());
  mPlacement.refresh(mIdentity.id, owned, [this](std::optional<std::vector<std::string>> lost) {
    if (!lost) return;
    for (const auto& room : *lost) {
      // Another node took the room while this one could not renew (a partition longer than the
      // TTL). Item 2 of issue 14 hands its participants over; until then the room goes on here.
      if (mOwned.erase(room) > 0) ++mLostClaims;
    }
    if (!lost->empty())
      LOG_WARN("cluster", "%zu room claims expired before renewal (%zu held)", lost->size(), mOwned.size());
  });
}

void ClusterNode::roomOpened(const std::string& room, std::function<void(std::string)> done) {
  mOpen.insert(room);
  mRegistry.list([this, room, done = std::move(done)](std::optional<std::vector<NodeInfo>> nodes) {
    auto byLoad = nodes ? rankByLoad(*nodes) : std::vector<std::string>{};
    if (byLoad.empty()) byLoad.push_back(mIdentity.id);
    mPlacement.place(room, byLoad, [this, room, done](std::optional<std::string> owner) {
      const std::string chosen = owner ? *owner : mIdentity.id;
      if (chosen == mIdentity.id && mOpen.contains(room)) mOwned.insert(room);
      if (done) done(chosen);
    });
  });
}

uint64_t ClusterNode::peopleElsewhere(const std::string& room) const {
  auto it = mElsewhere.find(room);
  return it == mElsewhere.end() ? 0 : it->second;
}

void ClusterNode::roomClosed(const std::string& room) {
  mOpen.erase(room);
  mElsewhere.erase(room);
  mPlacement.forgetPeople(mIdentity.id, room);
  if (mOwned.erase(room) > 0) mPlacement.release(mIdentity.id, room);
}

void ClusterNode::ownerOf(const std::string& room, std::function<void(std::optional<std::string>)> done) {
  mPlacement.lookup(room, std::move(done));
}

void ClusterNode::withdraw() {
  for (const auto& room : mOwned) mPlacement.release(mIdentity.id, room);
  mOwned.clear();
  mRegistry.withdraw(mIdentity.id);
}

}  // namespace vicos::cluster
