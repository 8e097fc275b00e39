// Writes one STUN message (RFC 8489) into a caller-owned buffer, attribute by attribute,
// finishing with MESSAGE-INTEGRITY and FINGERPRINT; never allocates.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/byte_writer.hpp"
#include "stun/stun_message.hpp"

namespace vicos::stun {

// Usage: StunBuilder b(buffer, kBindingSuccess, tid); b.addXorMappedAddress(a);
// b.addMessageIntegrity(pwd); b.addFingerprint(); then b.message() (empty if it did not fit).
// The header length is kept current after every attribute. Attributes added after
// MESSAGE-INTEGRITY or FINGERPRINT (other than FINGERPRINT after MI) fail the builder, so it
// cannot produce what parseStun rejects.
class StunBuilder {
 public:
  StunBuilder(MutableBytes buffer, uint16_t type, const TransactionId& transactionId);

  StunBuilder& addUsername(std::string_view username);
  StunBuilder& addPriority(uint32_t priority);
  StunBuilder& addUseCandidate();
  StunBuilder& addIceControlling(uint64_t tieBreaker);
  StunBuilder& addIceControlled(uint64_t tieBreaker);
  StunBuilder& addXorMappedAddress(const StunAddress& address);
  // Any address attribute in the XOR form (TURN's XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS).
  StunBuilder& addXorAddress(uint16_t type, const StunAddress& address);
  // `code` 300..699; the reason is cut to kMaxReasonSize bytes.
  StunBuilder& addErrorCode(uint16_t code, std::string_view reason);
  StunBuilder& addSoftware(std::string_view software);
  // Any other attribute, value as given (padding added); for tests and future attributes.
  StunBuilder& addAttribute(uint16_t type, Bytes value);
  // HMAC-SHA1 keyed with `key` (the ICE password for short-term credentials), RFC 8489 14.5.
  StunBuilder& addMessageIntegrity(std::string_view key);
  // CRC-32 of everything before it xor 0x5354554E, RFC 8489 14.7. Must come last.
  StunBuilder& addFingerprint();

  [[nodiscard]] bool ok() const { return mOk && mWriter.ok(); }
  [[nodiscard]] size_t size() const { return ok() ? mWriter.size() : 0; }
  // The finished message, or an empty span if anything failed (buffer too small, bad order).
  [[nodiscard]] Bytes message() const { return ok() ? mWriter.written() : Bytes(); }

 private:
  // Writes the attribute header and value, zero padding, and updates the header length.
  void attribute(uint16_t type, Bytes value);
  bool beginAttribute(uint16_t type);
  void updateLength();

  ByteWriter mWriter;
  TransactionId mTransactionId;
  bool mOk = true;
  bool mHasIntegrity = false;
  bool mHasFingerprint = false;
};

}  // namespace vicos::stun
