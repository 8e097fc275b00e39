// A validated view of one TURN message (RFC 8656): the STUN message it is, plus the TURN
// attributes and the long-term credential attributes REALM and NONCE (RFC 8489 9.2).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "stun/stun_message.hpp"

namespace vicos::turn {

using stun::StunAddress;
using stun::StunClass;

// RFC 8656 17: methods.
inline constexpr uint16_t kMethodAllocate = 0x003;
inline constexpr uint16_t kMethodRefresh = 0x004;
inline constexpr uint16_t kMethodSend = 0x006;
inline constexpr uint16_t kMethodData = 0x007;
inline constexpr uint16_t kMethodCreatePermission = 0x008;
inline constexpr uint16_t kMethodChannelBind = 0x009;

// RFC 8656 18: attributes.
namespace attr {
inline constexpr uint16_t kChannelNumber = 0x000C;
inline constexpr uint16_t kLifetime = 0x000D;
inline constexpr uint16_t kXorPeerAddress = 0x0012;
inline constexpr uint16_t kData = 0x0013;
inline constexpr uint16_t kXorRelayedAddress = 0x0016;
inline constexpr uint16_t kRequestedAddressFamily = 0x0017;
inline constexpr uint16_t kEvenPort = 0x0018;
inline constexpr uint16_t kRequestedTransport = 0x0019;
inline constexpr uint16_t kDontFragment = 0x001A;
inline constexpr uint16_t kReservationToken = 0x0022;
}  // namespace attr

// RFC 8656 19 and RFC 8489 15: the error codes a TURN server answers with.
namespace error {
inline constexpr uint16_t kBadRequest = 400;
inline constexpr uint16_t kUnauthenticated = 401;
inline constexpr uint16_t kForbidden = 403;
inline constexpr uint16_t kUnknownAttribute = 420;
inline constexpr uint16_t kAllocationMismatch = 437;
inline constexpr uint16_t kStaleNonce = 438;
inline constexpr uint16_t kAddressFamilyNotSupported = 440;
inline constexpr uint16_t kWrongCredentials = 441;
inline constexpr uint16_t kUnsupportedTransport = 442;
inline constexpr uint16_t kPeerAddressFamilyMismatch = 443;
inline constexpr uint16_t kAllocationQuotaReached = 486;
inline constexpr uint16_t kServerError = 500;
inline constexpr uint16_t kInsufficientCapacity = 508;
}  // namespace error

inline constexpr uint8_t kTransportUdp = 17;  // REQUESTED-TRANSPORT protocol, RFC 8656 18.8
// RFC 8656 12: channel numbers a client may bind.
inline constexpr uint16_t kMinChannel = 0x4000;
inline constexpr uint16_t kMaxChannel = 0x4FFF;
// XOR-PEER-ADDRESS attributes read from one CreatePermission; more are refused (400), so a
// request cannot make the server do unbounded work.
inline constexpr size_t kMaxPeersPerRequest = 8;
inline constexpr size_t kMaxRealmSize = 763;  // RFC 8489 14.9
inline constexpr size_t kMaxNonceSize = 763;  // RFC 8489 14.10

constexpr uint16_t turnType(uint16_t method, StunClass cls) { return stun::stunMessageType(method, cls); }

struct TurnMessage {
  stun::StunMessage stun;  // header, USERNAME, ERROR-CODE, XOR-MAPPED-ADDRESS, MI, FINGERPRINT
  std::optional<std::string_view> realm;
  std::optional<std::string_view> nonce;
  std::optional<uint32_t> lifetime;           // seconds
  std::optional<uint8_t> requestedTransport;  // IP protocol number
  std::optional<uint8_t> requestedFamily;     // 1 IPv4, 2 IPv6 (RFC 8656 18.10)
  std::optional<uint16_t> channelNumber;
  std::optional<Bytes> data;
  std::optional<StunAddress> relayedAddress;
  std::array<StunAddress, kMaxPeersPerRequest> peers{};
  size_t peerCount = 0;
  bool tooManyPeers = false;
  bool dontFragment = false;
  // A comprehension-required attribute neither STUN nor TURN here knows (EVEN-PORT and
  // RESERVATION-TOKEN included: reservations are not offered); answered with 420.
  std::optional<uint16_t> unknownRequired;
};

// Why a packet is not a valid TURN message; counted by reason, never logged per packet.
enum class TurnError : uint8_t {
  None,
  NotStun,       // parseStun failed
  BadAttribute,  // a TURN attribute with an impossible length or value
};

const char* toString(TurnError error);

// Parses `packet` as STUN (RFC 8489) and reads the TURN attributes (RFC 8656 18). Only the first
// occurrence of an attribute counts, except XOR-PEER-ADDRESS, which may repeat (RFC 8656 9.1).
TurnError parseTurn(Bytes packet, TurnMessage& out);

}  // namespace vicos::turn
