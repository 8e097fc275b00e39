// STUN message parsing and validation (RFC 8489 5, 14) and the integrity/fingerprint checks.
#include "stun/stun_message.hpp"

#include <algorithm>

#include "stun/stun_crypto.hpp"

namespace vicos::stun {
namespace {

inline constexpr size_t kFingerprintAttrSize = kAttributeHeaderSize + 4;

constexpr size_t padded(size_t n) { return (n + 3) & ~size_t{3}; }

// RFC 8489 14.2 XOR-MAPPED-ADDRESS, the value part:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                X-Address (Variable)
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// X-Port is xored with the cookie's top 16 bits; X-Address with the cookie (IPv4) or the
// cookie followed by the transaction id (IPv6).
}  // namespace

bool parseXorAddress(Bytes value, const TransactionId& tid, StunAddress& out) {
  ByteReader r(value);
  uint8_t reserved = 0;
  uint8_t family = 0;
  uint16_t xport = 0;
  if (!r.readU8(reserved) || !r.readU8(family) || !r.readU16(xport)) return false;
  out.port = static_cast<uint16_t>(xport ^ (kMagicCookie >> 16));
  std::array<uint8_t, 16> mask{};
  storeBe32(mask.data(), kMagicCookie);
  std::copy(tid.begin(), tid.end(), mask.begin() + 4);
  size_t size = 0;
  if (family == static_cast<uint8_t>(StunAddress::Family::V4)) {
    out.family = StunAddress::Family::V4;
    size = 4;
  } else if (family == static_cast<uint8_t>(StunAddress::Family::V6)) {
    out.family = StunAddress::Family::V6;
    size = 16;
  } else {
    return false;
  }
  Bytes xaddr;
  if (!r.readBytes(size, xaddr) || r.remaining() != 0) return false;
  out.address = {};
  for (size_t i = 0; i < size; ++i) out.address[i] = xaddr[i] ^ mask[i];
  return true;
}

namespace {

// RFC 8489 14.8 ERROR-CODE, the value part:
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           Reserved, should be 0         |Class|     Number    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      Reason Phrase (variable)                                ..
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
bool parseErrorCode(Bytes value, StunErrorCode& out) {
  ByteReader r(value);
  uint32_t word = 0;
  if (!r.readU32(word)) return false;
  const uint32_t cls = (word >> 8) & 0x7;
  const uint32_t number = word & 0xFF;
  if (cls < 3 || cls > 6 || number > 99 || r.remaining() > kMaxReasonSize) return false;
  out.code = static_cast<uint16_t>(cls * 100 + number);
  const Bytes reason = r.rest();
  out.reason = std::string_view(reinterpret_cast<const char*>(reason.data()), reason.size());
  return true;
}

// Reads one known attribute's value into `msg`; only the first occurrence of a type counts
// (RFC 8489 14). Returns false for a known attribute whose value is malformed.
bool readAttribute(uint16_t type, Bytes value, StunMessage& msg) {
  ByteReader r(value);
  switch (type) {
    case attr::kUsername:
      if (value.size() > kMaxUsernameSize) return false;
      if (!msg.username)
        msg.username = std::string_view(reinterpret_cast<const char*>(value.data()), value.size());
      return true;
    case attr::kPriority: {
      uint32_t v = 0;
      if (value.size() != 4 || !r.readU32(v)) return false;
      if (!msg.priority) msg.priority = v;
      return true;
    }
    case attr::kUseCandidate:
      if (!value.empty()) return false;
      msg.useCandidate = true;
      return true;
    case attr::kIceControlling:
    case attr::kIceControlled: {
      uint64_t v = 0;
      if (value.size() != 8 || !r.readU64(v)) return false;
      auto& slot = type == attr::kIceControlling ? msg.iceControlling : msg.iceControlled;
      if (!slot) slot = v;
      return true;
    }
    case attr::kXorMappedAddress: {
      StunAddress address;
      if (!parseXorAddress(value, msg.transactionId, address)) return false;
      if (!msg.xorMappedAddress) msg.xorMappedAddress = address;
      return true;
    }
    case attr::kErrorCode: {
      StunErrorCode error;
      if (!parseErrorCode(value, error)) return false;
      if (!msg.errorCode) msg.errorCode = error;
      return true;
    }
    case attr::kMessageIntegrity:
      return value.size() == kSha1Size;
    case attr::kFingerprint:
      return value.size() == 4 && r.readU32(msg.fingerprint);
    case attr::kMappedAddress:
    case attr::kUnknownAttributes:
    case attr::kRealm:
    case attr::kNonce:
    case attr::kMessageIntegritySha256:
    case attr::kSoftware:
      return true;  // known, not needed by ICE
    default:
      if (type < 0x8000 && !msg.unknownRequired) msg.unknownRequired = type;
      return true;
  }
}

}  // namespace

const char* toString(StunError error) {
  switch (error) {
    case StunError::None: return "none";
    case StunError::TooShort: return "too-short";
    case StunError::NotStun: return "not-stun";
    case StunError::BadCookie: return "bad-cookie";
    case StunError::BadLength: return "bad-length";
    case StunError::AttributeOverrun: return "attribute-overrun";
    case StunError::BadAttribute: return "bad-attribute";
    case StunError::AfterFingerprint: return "after-fingerprint";
    case StunError::AfterIntegrity: return "after-integrity";
  }
  return "unknown";
}

bool looksLikeStun(Bytes packet) {
  return packet.size() >= kHeaderSize && (packet[0] & 0xC0) == 0 &&
         loadBe32(packet.data() + 4) == kMagicCookie;
}

// RFC 8489 5, the header:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0|     STUN Message Type     |         Message Length        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         Magic Cookie                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     Transaction ID (96 bits)                  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// RFC 8489 14, each attribute (value padded to 4 bytes; length excludes the padding):
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Type                  |            Length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         Value (variable)                ....
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
StunError parseStun(Bytes packet, StunMessage& out) {
  out = StunMessage{};
  ByteReader r(packet);
  uint16_t type = 0;
  uint16_t length = 0;
  uint32_t cookie = 0;
  Bytes tid;
  if (!r.readU16(type) || !r.readU16(length) || !r.readU32(cookie) ||
      !r.readBytes(kTransactionIdSize, tid)) {
    return StunError::TooShort;
  }
  if ((type & 0xC000) != 0) return StunError::NotStun;
  if (cookie != kMagicCookie) return StunError::BadCookie;
  if (length % 4 != 0 || length != r.remaining()) return StunError::BadLength;

  out.type = type;
  out.method = stunMethod(type);
  out.cls = stunClass(type);
  std::copy(tid.begin(), tid.end(), out.transactionId.begin());

  while (r.remaining() > 0) {
    const size_t offset = r.offset();
    uint16_t attrType = 0;
    uint16_t attrLength = 0;
    Bytes value;
    if (!r.readU16(attrType) || !r.readU16(attrLength) || !r.readBytes(attrLength, value) ||
        !r.skip(padded(attrLength) - attrLength)) {
      return StunError::AttributeOverrun;
    }
    // RFC 8489 14.7: FINGERPRINT is last; 14.5: after MESSAGE-INTEGRITY only FINGERPRINT (and
    // MESSAGE-INTEGRITY-SHA256, 14.6) may follow. Ignoring the rest, as 14.5 allows, would
    // leave unauthenticated bytes in a message we call authentic; we reject instead.
    if (out.fingerprintOffset) return StunError::AfterFingerprint;
    if (out.integrityOffset && attrType != attr::kFingerprint &&
        attrType != attr::kMessageIntegritySha256) {
      return StunError::AfterIntegrity;
    }
    if (!readAttribute(attrType, value, out)) return StunError::BadAttribute;
    if (attrType == attr::kFingerprint) out.fingerprintOffset = offset;
    if (attrType == attr::kMessageIntegrity) out.integrityOffset = offset;
  }
  return StunError::None;
}

std::optional<StunMessage> parseStun(Bytes packet) {
  StunMessage msg;
  if (parseStun(packet, msg) != StunError::None) return std::nullopt;
  return msg;
}

bool verifyFingerprint(Bytes packet, const StunMessage& msg) {
  if (!msg.fingerprintOffset) return false;
  const size_t offset = *msg.fingerprintOffset;
  if (offset + kFingerprintAttrSize != packet.size()) return false;
  return (crc32(packet.first(offset)) ^ kFingerprintXor) == msg.fingerprint;
}

bool verifyIntegrity(Bytes packet, const StunMessage& msg, std::string_view key) {
  if (!msg.integrityOffset) return false;
  const size_t offset = *msg.integrityOffset;
  const size_t end = offset + kAttributeHeaderSize + kSha1Size;
  if (offset < kHeaderSize || end > packet.size()) return false;
  // The HMAC covers the header with its length rewritten to end after MESSAGE-INTEGRITY
  // (RFC 8489 14.5), so attributes after it (FINGERPRINT) stay outside.
  std::array<uint8_t, 2> length{};
  storeBe16(length.data(), static_cast<uint16_t>(end - kHeaderSize));
  const Bytes keyBytes(reinterpret_cast<const uint8_t*>(key.data()), key.size());
  Sha1Digest mac;
  if (!hmacSha1(keyBytes, {packet.first(2), Bytes(length), packet.subspan(4, offset - 4)}, mac)) {
    return false;
  }
  return macEqual(mac, packet.subspan(offset + kAttributeHeaderSize, kSha1Size));
}

}  // namespace vicos::stun
