// Peers by (room, participant), ICE username fragment and 5-tuple; STUN binding requests.
#include "sfu/transport_registry.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "stun/stun_message.hpp"

namespace vicos::sfu {

Peer* TransportRegistry::add(std::unique_ptr<Peer> peer) {
  Key key{peer->room(), peer->id()};
  if (mPeers.contains(key)) return nullptr;
  Peer* added = peer.get();
  mByUfrag[added->ice().localUfrag()] = added;
  mPeers.emplace(std::move(key), std::move(peer));
  return added;
}

std::unique_ptr<Peer> TransportRegistry::remove(const std::string& room, const std::string& participant) {
  auto it = mPeers.find({room, participant});
  if (it == mPeers.end()) return nullptr;
  std::unique_ptr<Peer> peer = std::move(it->second);
  mPeers.erase(it);
  std::erase(mDoomed, peer.get());
  mByUfrag.erase(peer->ice().localUfrag());
  std::erase_if(mByTuple, [&](const auto& entry) { return entry.second == peer.get(); });
  return peer;
}

Peer* TransportRegistry::find(const std::string& room, const std::string& participant) const {
  auto it = mPeers.find({room, participant});
  return it == mPeers.end() ? nullptr : it->second.get();
}

Peer* TransportRegistry::byTuple(const ice::Endpoint& from) const {
  auto it = mByTuple.find(from);
  return it == mByTuple.end() ? nullptr : it->second;
}

TransportRegistry::StunOutcome TransportRegistry::onStun(Bytes packet, const ice::Endpoint& from,
                                                         const sockaddr_storage& local, Micros now,
                                                         MutableBytes response) {
  stun::StunMessage msg;
  if (stun::parseStun(packet, msg) != stun::StunError::None || msg.type != stun::kBindingRequest ||
      !msg.username)
    return {0, Drop::BadStun};
  // USERNAME is "ours:theirs" (RFC 8445 7.2.2); ours names the peer.
  const auto colon = msg.username->find(':');
  auto it = mByUfrag.find(std::string(msg.username->substr(0, colon)));
  if (it == mByUfrag.end()) return {0, Drop::StunUnknownUser};
  Peer& peer = *it->second;
  const auto result = peer.ice().handleBindingRequest(packet, msg, from, now, response);
  if (result.error != ice::IceCheckError::None) return {result.responseLength, Drop::StunRejected};
  // Media leaves from where the checks of its pair arrive, so that the browser recognises it.
  if (peer.sendTuple() == from) peer.setSendFrom(local);
  // Which passed tuple media goes to is the peer's ICE's choice (Peer::sendTuple); the peer
  // keeps a bounded number of them.
  if (result.forgotten) forgetTuple(peer, *result.forgotten);
  auto& owner = mByTuple[from];
  if (owner != &peer) {
    if (owner) LOG_DEBUG("ice", "a tuple moved to another peer");
    owner = &peer;
  }
  return {result.responseLength, std::nullopt};
}

void TransportRegistry::doom(Peer& peer) {
  if (std::find(mDoomed.begin(), mDoomed.end(), &peer) == mDoomed.end()) mDoomed.push_back(&peer);
}

void TransportRegistry::forgetTuple(const Peer& peer, const ice::Endpoint& tuple) {
  auto it = mByTuple.find(tuple);
  if (it != mByTuple.end() && it->second == &peer) mByTuple.erase(it);
}

}  // namespace vicos::sfu
