// The TURN server's state machine (RFC 8656): authenticates requests with long-term REST
// credentials, keeps allocations, permissions and channels, and relays data only between its
// clients and vicos's own media addresses. Sockets live elsewhere; this class sees bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "turn/allocation.hpp"
#include "turn/peer_policy.hpp"
#include "turn/turn_credentials.hpp"
#include "turn/turn_message.hpp"

namespace vicos::turn {

enum class Transport : uint8_t { Udp, Tcp, Tls };

// Who sent a packet: the client's transport address and, on TCP and TLS, the connection it
// came over (RFC 8656 2.2: the 5-tuple names the allocation).
struct ClientKey {
  StunAddress address;
  Transport transport = Transport::Udp;
  uint64_t connection = 0;
  friend bool operator==(const ClientKey&, const ClientKey&) = default;
};

struct ClientKeyHash {
  size_t operator()(const ClientKey& k) const;
};

// Opens and closes the relayed UDP sockets (the I/O side); returns the relayed address, or
// nothing when no port is free.
class RelayPorts {
 public:
  virtual ~RelayPorts() = default;
  virtual std::optional<StunAddress> open(AllocationId id) = 0;
  virtual void close(AllocationId id) = 0;
};

struct TurnLimits {
  uint32_t defaultLifetime = 600;  // seconds, RFC 8656 7.2
  uint32_t maxLifetime = 3600;
  size_t maxAllocations = 1000;                // the whole server
  size_t maxAllocationsPerUser = 4;            // per participant (REST tag); 486 beyond
  uint64_t bytesPerSecondPerUser = 2'500'000;  // relayed both ways; a second's worth of burst
};

// Why a packet from a client or a peer was not relayed or answered.
enum class TurnDrop : uint8_t {
  Malformed,       // neither STUN/TURN nor ChannelData
  BadFingerprint,  // FINGERPRINT present and wrong
  Unexpected,      // a response or an indication other than Send
  NoAllocation,    // Send, ChannelData or peer data without a live allocation
  NoPermission,    // peer without a permission
  PeerRefused,     // peer is not one of vicos's media addresses
  NoChannel,       // ChannelData on an unbound channel
  OverBandwidth,   // the participant's relayed-bytes budget is spent
  ReplyTooLarge,   // the reply did not fit the caller's buffer
  Count,
};
inline constexpr size_t kTurnDropCount = static_cast<size_t>(TurnDrop::Count);
const char* toString(TurnDrop drop);

struct TurnCounters {
  uint64_t requests = 0;
  uint64_t errorReplies = 0;
  uint64_t forbidden = 0;  // 403: a peer outside vicos's media addresses
  uint64_t allocationsCreated = 0;
  uint64_t relayedToPeer = 0;
  uint64_t relayedToClient = 0;
  uint64_t relayedBytes = 0;
  std::array<uint64_t, kTurnDropCount> drops{};
};

// What to do after a client's packet: send `reply` back (when not empty), and relay `payload`
// from allocation `allocation`'s socket to `peer` (when `relay`).
struct ClientOutcome {
  Bytes reply;
  bool relay = false;
  AllocationId allocation = 0;
  StunAddress peer;
  Bytes payload;
};

// The time a packet is handled at: wall seconds for credentials and nonces, monotonic
// microseconds for lifetimes and budgets.
struct TurnNow {
  int64_t unixSeconds = 0;
  Micros monotonic = 0;
};

class TurnServer {
 public:
  TurnServer(std::string realm, std::string secret, std::string nonceKey, PeerPolicy policy,
             RelayPorts& relays, TurnLimits limits = {});

  // A STUN/TURN message or ChannelData from a client; any reply is written into `out`.
  ClientOutcome fromClient(const ClientKey& client, Bytes packet, TurnNow now, MutableBytes out);

  // A datagram from `peer` at allocation `id`'s relayed socket: the Data indication or
  // ChannelData to send to the returned client, written into `out`; nothing when dropped.
  std::optional<ClientKey> fromPeer(AllocationId id, const StunAddress& peer, Bytes payload, TurnNow now,
                                    MutableBytes out, Bytes& message);

  // Ends allocations whose lifetime has passed; call about once a second.
  void expire(TurnNow now);
  // A TCP or TLS connection closed: its allocation ends with it (RFC 8656 7).
  void connectionClosed(const ClientKey& client);

  void setPolicy(PeerPolicy policy) { mPolicy = std::move(policy); }
  [[nodiscard]] const TurnCounters& counters() const { return mCounters; }
  [[nodiscard]] size_t allocationCount() const { return mAllocations.size(); }

 private:
  struct Usage {
    size_t allocations = 0;
    double tokens = 0;
    Micros refilled = 0;
  };
  struct Request;

  Bytes handleRequest(const ClientKey& client, Bytes packet, const TurnMessage& msg, TurnNow now,
                      MutableBytes out);
  Bytes allocate(const Request& req, TurnNow now);
  Bytes refresh(const Request& req, Allocation& allocation, TurnNow now);
  Bytes createPermission(const Request& req, Allocation& allocation, TurnNow now);
  Bytes channelBind(const Request& req, Allocation& allocation, TurnNow now);
  Bytes errorReply(const Request& req, uint16_t code, std::string_view reason);
  ClientOutcome send(const ClientKey& client, const TurnMessage& msg, TurnNow now);
  ClientOutcome channelData(const ClientKey& client, Bytes packet, TurnNow now);
  bool spend(std::string_view username, size_t bytes, Micros now);
  void release(const ClientKey& client);
  ClientOutcome drop(TurnDrop reason);

  std::string mRealm;
  std::string mSecret;
  NonceSource mNonces;
  PeerPolicy mPolicy;
  RelayPorts& mRelays;
  TurnLimits mLimits;
  AllocationId mNextId = 1;
  std::unordered_map<ClientKey, Allocation, ClientKeyHash> mAllocations;
  std::unordered_map<AllocationId, ClientKey> mClients;
  struct TagHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // By REST tag (one per participant); erased with the participant's last allocation.
  std::unordered_map<std::string, Usage, TagHash, std::equal_to<>> mUsage;
  TurnCounters mCounters;
};

// The participant a REST username names: the part after the first colon.
std::string_view restTag(std::string_view username);

}  // namespace vicos::turn
