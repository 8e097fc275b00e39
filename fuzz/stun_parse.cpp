// libFuzzer entry point for the STUN parser: whatever parses is re-serialized with StunBuilder
// and must parse back to the same attributes.
#include <array>
#include <cstdint>
#include <cstdlib>

#include "stun/stun_builder.hpp"
#include "stun/stun_message.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vicos::stun;
  const vicos::Bytes packet(data, size);
  StunMessage msg;
  const StunError error = parseStun(packet, msg);
  if (error != StunError::None) {
    check(toString(error) != nullptr);
    return 0;
  }
  check(looksLikeStun(packet));
  check(size >= kHeaderSize && size % 4 == 0);
  if (msg.fingerprintOffset) check(*msg.fingerprintOffset + 8 == size);
  if (msg.integrityOffset) check(*msg.integrityOffset + 24 <= size);
  check(stunMessageType(msg.method, msg.cls) == msg.type);
  // Must not crash whatever the packet; the results are not known.
  (void)verifyFingerprint(packet, msg);
  (void)verifyIntegrity(packet, msg, "fuzz-password");

  std::array<uint8_t, 2048> buffer{};
  StunBuilder b(buffer, msg.type, msg.transactionId);
  if (msg.username) b.addUsername(*msg.username);
  if (msg.priority) b.addPriority(*msg.priority);
  if (msg.useCandidate) b.addUseCandidate();
  if (msg.iceControlling) b.addIceControlling(*msg.iceControlling);
  if (msg.iceControlled) b.addIceControlled(*msg.iceControlled);
  if (msg.xorMappedAddress) b.addXorMappedAddress(*msg.xorMappedAddress);
  if (msg.errorCode) b.addErrorCode(msg.errorCode->code, msg.errorCode->reason);
  b.addMessageIntegrity("fuzz-password").addFingerprint();
  check(b.ok());

  const vicos::Bytes out = b.message();
  StunMessage again;
  check(parseStun(out, again) == StunError::None);
  check(again.type == msg.type && again.transactionId == msg.transactionId);
  check(again.username == msg.username && again.priority == msg.priority);
  check(again.useCandidate == msg.useCandidate);
  check(again.iceControlling == msg.iceControlling && again.iceControlled == msg.iceControlled);
  check(again.xorMappedAddress == msg.xorMappedAddress);
  check(again.errorCode.has_value() == msg.errorCode.has_value());
  if (msg.errorCode) {
    check(again.errorCode->code == msg.errorCode->code);
    check(again.errorCode->reason == msg.errorCode->reason);
  }
  check(!again.unknownRequired);
  check(verifyIntegrity(out, again, "fuzz-password"));
  check(!verifyIntegrity(out, again, "fuzz-passworD"));
  check(verifyFingerprint(out, again));
  return 0;
}
