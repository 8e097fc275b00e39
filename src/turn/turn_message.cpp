// TURN attribute parsing (RFC 8656 18) on top of the validated STUN message (RFC 8489 14).
#include "turn/turn_message.hpp"

namespace vicos::turn {
namespace {

constexpr size_t padded(size_t n) { return (n + 3) & ~size_t{3}; }

std::string_view asText(Bytes value) { return {reinterpret_cast<const char*>(value.data()), value.size()}; }

// RFC 8656 18.8 REQUESTED-TRANSPORT and 18.10 REQUESTED-ADDRESS-FAMILY share this shape:
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |    Protocol / Family  |                    RFFU                 |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
bool readByteThenReserved(Bytes value, std::optional<uint8_t>& slot) {
  if (value.size() != 4) return false;
  if (!slot) slot = value[0];
  return true;
}

// Reads one attribute STUN does not interpret; false for a malformed TURN attribute.
bool readTurnAttribute(uint16_t type, Bytes value, TurnMessage& msg) {
  switch (type) {
    // RFC 8656 18.1 CHANNEL-NUMBER: 16-bit number, 16 bits RFFU.
    case attr::kChannelNumber:
      if (value.size() != 4) return false;
      if (!msg.channelNumber) msg.channelNumber = loadBe16(value.data());
      return true;
    // RFC 8656 18.2 LIFETIME: 32-bit seconds.
    case attr::kLifetime:
      if (value.size() != 4) return false;
      if (!msg.lifetime) msg.lifetime = loadBe32(value.data());
      return true;
    case attr::kXorPeerAddress: {
      StunAddress address;
      if (!stun::parseXorAddress(value, msg.stun.transactionId, address)) return false;
      if (msg.peerCount == msg.peers.size()) {
        msg.tooManyPeers = true;
      } else {
        msg.peers[msg.peerCount++] = address;
      }
      return true;
    }
    case attr::kData:
      if (!msg.data) msg.data = value;
      return true;
    case attr::kXorRelayedAddress: {
      StunAddress address;
      if (!stun::parseXorAddress(value, msg.stun.transactionId, address)) return false;
      if (!msg.relayedAddress) msg.relayedAddress = address;
      return true;
    }
    case attr::kRequestedAddressFamily:
      if (!readByteThenReserved(value, msg.requestedFamily)) return false;
      return *msg.requestedFamily == 1 || *msg.requestedFamily == 2;
    case attr::kRequestedTransport: return readByteThenReserved(value, msg.requestedTransport);
    case attr::kDontFragment:
      if (!value.empty()) return false;
      msg.dontFragment = true;
      return true;
    case stun::attr::kRealm:
      if (value.size() > kMaxRealmSize) return false;
      if (!msg.realm) msg.realm = asText(value);
      return true;
    case stun::attr::kNonce:
      if (value.size() > kMaxNonceSize) return false;
      if (!msg.nonce) msg.nonce = asText(value);
      return true;
    case stun::attr::kMappedAddress:
    case stun::attr::kUsername:
    case stun::attr::kMessageIntegrity:
    case stun::attr::kErrorCode:
    case stun::attr::kUnknownAttributes:
    case stun::attr::kMessageIntegritySha256:
    case stun::attr::kXorMappedAddress:
    case stun::attr::kPriority:
    case stun::attr::kUseCandidate: return true;  // read (or deliberately passed over) by parseStun
    default:
      if (type < 0x8000 && !msg.unknownRequired) msg.unknownRequired = type;
      return true;
  }
}

}  // namespace

const char* toString(TurnError error) {
  switch (error) {
    case TurnError::None: return "none";
    case TurnError::NotStun: return "not-stun";
    case TurnError::BadAttribute: return "bad-turn-attribute";
  }
  return "unknown";
}

TurnError parseTurn(Bytes packet, TurnMessage& out) {
  out = TurnMessage{};
  if (stun::parseStun(packet, out.stun) != stun::StunError::None) return TurnError::NotStun;
  // parseStun has checked every attribute's bounds and order; walk them again for TURN's.
  ByteReader r(packet.subspan(stun::kHeaderSize));
  while (r.remaining() > 0) {
    uint16_t type = 0;
    uint16_t length = 0;
    Bytes value;
    if (!r.readU16(type) || !r.readU16(length) || !r.readBytes(length, value) ||
        !r.skip(padded(length) - length)) {
      return TurnError::NotStun;
    }
    if (!readTurnAttribute(type, value, out)) return TurnError::BadAttribute;
  }
  return TurnError::None;
}

}  // namespace vicos::turn
