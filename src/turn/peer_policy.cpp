// The allow-list of relay peers: vicos's own media addresses and nothing else.
#include "turn/peer_policy.hpp"

#include <algorithm>

namespace vicos::turn {

bool sameIp(const stun::StunAddress& a, const stun::StunAddress& b) {
  const size_t size = a.family == stun::StunAddress::Family::V4 ? 4 : 16;
  return a.family == b.family && std::equal(a.address.begin(), a.address.begin() + size, b.address.begin());
}

PeerPolicy::PeerPolicy(std::vector<stun::StunAddress> mediaAddresses)
    : mAddresses(std::move(mediaAddresses)) {}

bool PeerPolicy::allowsAddress(const stun::StunAddress& peer) const {
  return std::any_of(mAddresses.begin(), mAddresses.end(),
                     [&](const stun::StunAddress& own) { return sameIp(own, peer); });
}

bool PeerPolicy::allowsTransportAddress(const stun::StunAddress& peer) const {
  return std::any_of(mAddresses.begin(), mAddresses.end(), [&](const stun::StunAddress& own) {
    return sameIp(own, peer) && own.port == peer.port;
  });
}

}  // namespace vicos::turn
