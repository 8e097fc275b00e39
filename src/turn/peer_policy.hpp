// Which peers a vicos relay may reach: only vicos's own announced media addresses, so the
// built-in TURN server can never be used as an open relay (RFC 8656 21.3, "open relay").
#pragma once

#include <vector>

#include "stun/stun_message.hpp"

namespace vicos::turn {

// Same family and IP address, ports aside (RFC 8656 9: permissions are per IP address).
bool sameIp(const stun::StunAddress& a, const stun::StunAddress& b);

class PeerPolicy {
 public:
  PeerPolicy() = default;
  explicit PeerPolicy(std::vector<stun::StunAddress> mediaAddresses);

  // Permissions are per IP address (RFC 8656 9): true when `peer`'s address is one of ours.
  [[nodiscard]] bool allowsAddress(const stun::StunAddress& peer) const;
  // Send, ChannelBind and every relayed datagram: address and port are one of ours.
  [[nodiscard]] bool allowsTransportAddress(const stun::StunAddress& peer) const;

  [[nodiscard]] const std::vector<stun::StunAddress>& addresses() const { return mAddresses; }

 private:
  std::vector<stun::StunAddress> mAddresses;
};

}  // namespace vicos::turn
