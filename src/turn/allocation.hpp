// One TURN allocation (RFC 8656 2.2): its relayed address, lifetime, permissions and channel
// bindings, in fixed-size tables so relaying a packet allocates nothing.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "stun/stun_message.hpp"

namespace vicos::turn {

using AllocationId = uint64_t;

inline constexpr size_t kMaxPermissions = 8;
inline constexpr size_t kMaxChannels = 16;
inline constexpr int64_t kPermissionLifetime = 300;  // seconds, RFC 8656 9
inline constexpr int64_t kChannelLifetime = 600;     // seconds, RFC 8656 12

class Allocation {
 public:
  Allocation(AllocationId id, stun::StunAddress relayed, std::string username, int64_t expires);

  [[nodiscard]] AllocationId id() const { return mId; }
  [[nodiscard]] const stun::StunAddress& relayed() const { return mRelayed; }
  [[nodiscard]] const std::string& username() const { return mUsername; }
  [[nodiscard]] int64_t expires() const { return mExpires; }
  void setExpires(int64_t expires) { mExpires = expires; }

  // RFC 8656 9: installs or refreshes a permission for the peer's IP address; false when the
  // table is full of live permissions.
  bool permit(const stun::StunAddress& peer, int64_t now);
  [[nodiscard]] bool permits(const stun::StunAddress& peer, int64_t now) const;

  enum class Bind : uint8_t { Ok, Conflict, Full };
  // RFC 8656 12.2: binds `channel` to `peer` or refreshes that binding; Conflict when the
  // channel is bound to another peer or the peer to another channel.
  Bind bind(uint16_t channel, const stun::StunAddress& peer, int64_t now);
  // The peer bound to `channel`, or nullptr (unbound or expired).
  [[nodiscard]] const stun::StunAddress* peerOf(uint16_t channel, int64_t now) const;
  // The channel bound to `peer`, or 0.
  [[nodiscard]] uint16_t channelOf(const stun::StunAddress& peer, int64_t now) const;

 private:
  struct Permission {
    stun::StunAddress address;  // port ignored
    int64_t expires = 0;
  };
  struct Channel {
    uint16_t number = 0;
    stun::StunAddress peer;
    int64_t expires = 0;
  };

  AllocationId mId;
  stun::StunAddress mRelayed;
  std::string mUsername;
  int64_t mExpires;
  std::array<Permission, kMaxPermissions> mPermissions{};
  std::array<Channel, kMaxChannels> mChannels{};
};

}  // namespace vicos::turn
