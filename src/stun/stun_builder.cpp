// STUN message writing (RFC 8489 5, 14) for Binding requests and responses.
#include "stun/stun_builder.hpp"

#include <algorithm>

#include "stun/stun_crypto.hpp"

namespace vicos::stun {
namespace {

Bytes asBytes(std::string_view s) { return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

}  // namespace

StunBuilder::StunBuilder(MutableBytes buffer, uint16_t type, const TransactionId& transactionId)
    : mWriter(buffer), mTransactionId(transactionId) {
  if ((type & 0xC000) != 0) mOk = false;
  mWriter.u16(type);
  mWriter.u16(0);
  mWriter.u32(kMagicCookie);
  mWriter.bytes(transactionId);
}

bool StunBuilder::beginAttribute(uint16_t type) {
  if (mHasFingerprint || (mHasIntegrity && type != attr::kFingerprint)) mOk = false;
  return ok();
}

void StunBuilder::attribute(uint16_t type, Bytes value) {
  if (!beginAttribute(type)) return;
  if (value.size() > 0xFFFF) {
    mOk = false;
    return;
  }
  mWriter.u16(type);
  mWriter.u16(static_cast<uint16_t>(value.size()));
  mWriter.bytes(value);
  mWriter.zeros((4 - value.size() % 4) % 4);
  updateLength();
}

void StunBuilder::updateLength() {
  if (!ok()) return;
  const size_t length = mWriter.size() - kHeaderSize;
  if (length > 0xFFFF) {
    mOk = false;
    return;
  }
  storeBe16(mWriter.at(2), static_cast<uint16_t>(length));
}

StunBuilder& StunBuilder::addUsername(std::string_view username) {
  if (username.size() > kMaxUsernameSize) mOk = false;
  attribute(attr::kUsername, asBytes(username));
  return *this;
}

StunBuilder& StunBuilder::addPriority(uint32_t priority) {
  std::array<uint8_t, 4> v{};
  storeBe32(v.data(), priority);
  attribute(attr::kPriority, v);
  return *this;
}

StunBuilder& StunBuilder::addUseCandidate() {
  attribute(attr::kUseCandidate, Bytes());
  return *this;
}

StunBuilder& StunBuilder::addIceControlling(uint64_t tieBreaker) {
  std::array<uint8_t, 8> v{};
  storeBe64(v.data(), tieBreaker);
  attribute(attr::kIceControlling, v);
  return *this;
}

StunBuilder& StunBuilder::addIceControlled(uint64_t tieBreaker) {
  std::array<uint8_t, 8> v{};
  storeBe64(v.data(), tieBreaker);
  attribute(attr::kIceControlled, v);
  return *this;
}

// RFC 8489 14.2; the layout is drawn beside parseXorAddress in stun_message.cpp.
StunBuilder& StunBuilder::addXorMappedAddress(const StunAddress& address) {
  return addXorAddress(attr::kXorMappedAddress, address);
}

StunBuilder& StunBuilder::addXorAddress(uint16_t type, const StunAddress& address) {
  std::array<uint8_t, 20> v{};
  std::array<uint8_t, 16> mask{};
  storeBe32(mask.data(), kMagicCookie);
  std::copy(mTransactionId.begin(), mTransactionId.end(), mask.begin() + 4);
  const size_t size = address.family == StunAddress::Family::V4 ? 4 : 16;
  v[1] = static_cast<uint8_t>(address.family);
  storeBe16(v.data() + 2, static_cast<uint16_t>(address.port ^ (kMagicCookie >> 16)));
  for (size_t i = 0; i < size; ++i) v[4 + i] = address.address[i] ^ mask[i];
  attribute(type, Bytes(v.data(), 4 + size));
  return *this;
}

// RFC 8489 14.8; the layout is drawn beside parseErrorCode in stun_message.cpp.
StunBuilder& StunBuilder::addErrorCode(uint16_t code, std::string_view reason) {
  if (code < 300 || code > 699) {
    mOk = false;
    return *this;
  }
  reason = reason.substr(0, kMaxReasonSize);
  if (!beginAttribute(attr::kErrorCode)) return *this;
  mWriter.u16(attr::kErrorCode);
  mWriter.u16(static_cast<uint16_t>(4 + reason.size()));
  mWriter.u16(0);
  mWriter.u8(static_cast<uint8_t>(code / 100));
  mWriter.u8(static_cast<uint8_t>(code % 100));
  mWriter.bytes(asBytes(reason));
  mWriter.zeros((4 - reason.size() % 4) % 4);
  updateLength();
  return *this;
}

StunBuilder& StunBuilder::addSoftware(std::string_view software) {
  attribute(attr::kSoftware, asBytes(software.substr(0, kMaxReasonSize)));
  return *this;
}

StunBuilder& StunBuilder::addAttribute(uint16_t type, Bytes value) {
  // MI and FINGERPRINT have their own methods; letting them in here would skip the MAC.
  if (type == attr::kMessageIntegrity || type == attr::kFingerprint) mOk = false;
  attribute(type, value);
  return *this;
}

StunBuilder& StunBuilder::addMessageIntegrity(std::string_view key) {
  if (!beginAttribute(attr::kMessageIntegrity)) return *this;
  const size_t offset = mWriter.size();
  // Reserve the attribute first so the header length already covers it (RFC 8489 14.5),
  // then MAC everything before it and fill the value in.
  const std::array<uint8_t, kSha1Size> zero{};
  attribute(attr::kMessageIntegrity, zero);
  if (!ok()) return *this;
  Sha1Digest mac;
  if (!hmacSha1(asBytes(key), {mWriter.written().first(offset)}, mac)) {
    mOk = false;
    return *this;
  }
  std::copy(mac.begin(), mac.end(), mWriter.at(offset + kAttributeHeaderSize));
  mHasIntegrity = true;
  return *this;
}

StunBuilder& StunBuilder::addFingerprint() {
  if (!beginAttribute(attr::kFingerprint)) return *this;
  const size_t offset = mWriter.size();
  const std::array<uint8_t, 4> zero{};
  attribute(attr::kFingerprint, zero);
  if (!ok()) return *this;
  const uint32_t crc = crc32(mWriter.written().first(offset)) ^ kFingerprintXor;
  storeBe32(mWriter.at(offset + kAttributeHeaderSize), crc);
  mHasFingerprint = true;
  return *this;
}

}  // namespace vicos::stun
