// A validated, non-owning view of one STUN message (RFC 8489) with the attributes ICE needs,
// and the FINGERPRINT and MESSAGE-INTEGRITY checks over the packet it was parsed from.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/byte_reader.hpp"

namespace vicos::stun {

inline constexpr uint32_t kMagicCookie = 0x2112A442;
inline constexpr size_t kHeaderSize = 20;
inline constexpr size_t kTransactionIdSize = 12;
inline constexpr size_t kAttributeHeaderSize = 4;
inline constexpr uint32_t kFingerprintXor = 0x5354554E;  // "STUN", RFC 8489 14.7
inline constexpr size_t kMaxUsernameSize = 513;           // RFC 8489 14.3
inline constexpr size_t kMaxReasonSize = 763;             // RFC 8489 14.8

using TransactionId = std::array<uint8_t, kTransactionIdSize>;

// RFC 8489 5: the two class bits spread through the message type.
enum class StunClass : uint8_t { Request = 0, Indication = 1, SuccessResponse = 2, ErrorResponse = 3 };

inline constexpr uint16_t kMethodBinding = 0x001;

// Attribute types: RFC 8489 18.3, RFC 8445 16.1.
namespace attr {
inline constexpr uint16_t kMappedAddress = 0x0001;
inline constexpr uint16_t kUsername = 0x0006;
inline constexpr uint16_t kMessageIntegrity = 0x0008;
inline constexpr uint16_t kErrorCode = 0x0009;
inline constexpr uint16_t kUnknownAttributes = 0x000A;
inline constexpr uint16_t kRealm = 0x0014;
inline constexpr uint16_t kNonce = 0x0015;
inline constexpr uint16_t kMessageIntegritySha256 = 0x001C;
inline constexpr uint16_t kXorMappedAddress = 0x0020;
inline constexpr uint16_t kPriority = 0x0024;
inline constexpr uint16_t kUseCandidate = 0x0025;
inline constexpr uint16_t kSoftware = 0x8022;
inline constexpr uint16_t kFingerprint = 0x8028;
inline constexpr uint16_t kIceControlled = 0x8029;
inline constexpr uint16_t kIceControlling = 0x802A;
}  // namespace attr

// RFC 8489 5: M11..M0 and C1 C0 interleaved as M11-M7 C1 M6-M4 C0 M3-M0.
constexpr uint16_t stunMessageType(uint16_t method, StunClass cls) {
  const auto c = static_cast<uint16_t>(cls);
  return static_cast<uint16_t>((method & 0x000F) | ((c & 0x1) << 4) | ((method & 0x0070) << 1) |
                               ((c & 0x2) << 7) | ((method & 0x0F80) << 2));
}
constexpr uint16_t stunMethod(uint16_t type) {
  return static_cast<uint16_t>((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));
}
constexpr StunClass stunClass(uint16_t type) {
  return static_cast<StunClass>(((type >> 4) & 0x1) | ((type >> 7) & 0x2));
}

inline constexpr uint16_t kBindingRequest = stunMessageType(kMethodBinding, StunClass::Request);
inline constexpr uint16_t kBindingSuccess =
    stunMessageType(kMethodBinding, StunClass::SuccessResponse);
inline constexpr uint16_t kBindingError = stunMessageType(kMethodBinding, StunClass::ErrorResponse);

// A transport address as (XOR-)MAPPED-ADDRESS carries it (RFC 8489 14.1): family 1 = IPv4
// (first 4 bytes of `address` used), 2 = IPv6.
struct StunAddress {
  enum class Family : uint8_t { V4 = 0x01, V6 = 0x02 };
  Family family = Family::V4;
  uint16_t port = 0;
  std::array<uint8_t, 16> address{};

  friend bool operator==(const StunAddress&, const StunAddress&) = default;
};

// ERROR-CODE (RFC 8489 14.8): code 300..699, reason a view into the packet.
struct StunErrorCode {
  uint16_t code = 0;
  std::string_view reason;
};

// What parseStun found. Views point into the parsed packet and live as long as it does.
struct StunMessage {
  uint16_t type = 0;  // the 14-bit message type; see method and cls
  uint16_t method = 0;
  StunClass cls = StunClass::Request;
  TransactionId transactionId{};

  std::optional<std::string_view> username;  // USERNAME, raw bytes (UTF-8 by RFC)
  std::optional<uint32_t> priority;          // PRIORITY (RFC 8445 7.1.1)
  bool useCandidate = false;                 // USE-CANDIDATE (RFC 8445 7.1.2)
  std::optional<uint64_t> iceControlling;    // tie-breaker (RFC 8445 7.1.3)
  std::optional<uint64_t> iceControlled;
  std::optional<StunAddress> xorMappedAddress;
  std::optional<StunErrorCode> errorCode;
  std::optional<size_t> integrityOffset;    // offset of the MESSAGE-INTEGRITY attribute header
  std::optional<size_t> fingerprintOffset;  // offset of the FINGERPRINT attribute header
  uint32_t fingerprint = 0;                 // its value, valid when fingerprintOffset is set
  // A comprehension-required attribute (type < 0x8000) this parser does not know, the first
  // one seen; a server answers such a request with 420 (RFC 8489 6.3.1).
  std::optional<uint16_t> unknownRequired;
};

// Why a packet is not a valid STUN message; counted by reason, never logged per packet.
enum class StunError : uint8_t {
  None,
  TooShort,           // under 20 bytes
  NotStun,            // first two bits not zero
  BadCookie,          // magic cookie not 0x2112A442
  BadLength,          // length not a multiple of 4 or not the rest of the packet
  AttributeOverrun,   // an attribute (with its padding) runs past the end
  BadAttribute,       // a known attribute with an impossible length or value
  AfterFingerprint,   // anything after FINGERPRINT
  AfterIntegrity,     // anything but FINGERPRINT (or MESSAGE-INTEGRITY-SHA256) after MI
};

const char* toString(StunError error);

// Parses and validates `packet` (RFC 8489 5, 14). On None `out` holds the message.
StunError parseStun(Bytes packet, StunMessage& out);

// Same, for callers that only need to know whether it parsed.
std::optional<StunMessage> parseStun(Bytes packet);

// Cheap demultiplexing test (RFC 7983, RFC 8489 5): long enough, first two bits zero and the
// magic cookie in place. A packet passing this may still fail parseStun.
bool looksLikeStun(Bytes packet);

// Reads the value of an address attribute in the XOR form (RFC 8489 14.2), which TURN reuses
// for XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS (RFC 8656 18.3, 18.5); false when malformed.
bool parseXorAddress(Bytes value, const TransactionId& tid, StunAddress& out);

// FINGERPRINT check (RFC 8489 14.7): false when absent or wrong. `packet` must be the one
// `msg` was parsed from.
bool verifyFingerprint(Bytes packet, const StunMessage& msg);

// MESSAGE-INTEGRITY check (RFC 8489 14.5): HMAC-SHA1 keyed with `key` over the message up to
// the attribute, with the header length adjusted to end after it; constant-time compare.
// For short-term credentials (ICE) `key` is the password itself.
bool verifyIntegrity(Bytes packet, const StunMessage& msg, std::string_view key);

}  // namespace vicos::stun
