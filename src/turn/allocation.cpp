// Permission and channel tables of one TURN allocation (RFC 8656 9, 12).
#include "turn/allocation.hpp"

#include <algorithm>

#include "turn/peer_policy.hpp"

namespace vicos::turn {

Allocation::Allocation(AllocationId id, stun::StunAddress relayed, std::string username, int64_t expires)
    : mId(id), mRelayed(relayed), mUsername(std::move(username)), mExpires(expires) {}

bool Allocation::permit(const stun::StunAddress& peer, int64_t now) {
  Permission* free = nullptr;
  for (auto& p : mPermissions) {
    if (p.expires > now && sameIp(p.address, peer)) {
      p.expires = now + kPermissionLifetime;
      return true;
    }
    if (p.expires <= now && free == nullptr) free = &p;
  }
  if (free == nullptr) return false;
  free->address = peer;
  free->address.port = 0;
  free->expires = now + kPermissionLifetime;
  return true;
}

bool Allocation::permits(const stun::StunAddress& peer, int64_t now) const {
  return std::any_of(mPermissions.begin(), mPermissions.end(),
                     [&](const Permission& p) { return p.expires > now && sameIp(p.address, peer); });
}

Allocation::Bind Allocation::bind(uint16_t channel, const stun::StunAddress& peer, int64_t now) {
  Channel* free = nullptr;
  for (auto& c : mChannels) {
    // RFC 8656 12: a binding that expired stays reserved for 5 more minutes, so the channel
    // number cannot be rebound to another peer while packets for the old one may be in flight.
    const bool live = c.number != 0 && c.expires + kPermissionLifetime > now;
    if (live && (c.number == channel) != (c.peer == peer)) return Bind::Conflict;
    if (live && c.number == channel) {
      c.expires = now + kChannelLifetime;
      return Bind::Ok;
    }
    if (!live && free == nullptr) free = &c;
  }
  if (free == nullptr) return Bind::Full;
  *free = Channel{channel, peer, now + kChannelLifetime};
  return Bind::Ok;
}

const stun::StunAddress* Allocation::peerOf(uint16_t channel, int64_t now) const {
  for (const auto& c : mChannels) {
    if (c.number == channel && c.expires > now) return &c.peer;
  }
  return nullptr;
}

uint16_t Allocation::channelOf(const stun::StunAddress& peer, int64_t now) const {
  for (const auto& c : mChannels) {
    if (c.number != 0 && c.expires > now && c.peer == peer) return c.number;
  }
  return 0;
}

}  // namespace vicos::turn
