// Fuzz entry point: arbitrary bytes as a full agent's (Janus's) check to the client's
// controlled ICE agent. Nothing may crash; whatever it answers must be an authentic Binding
// success for that transaction, keyed with our password, reporting the sender's address.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "client/ice_agent.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vicos;
  static constexpr char kOurPwd[] = "client-password-22-chars";
  client::IceAgent agent("cLnt", "JnsU", "janus-password-of-22ch", kOurPwd, client::IceRole::Controlled);
  const Bytes packet(data, size);
  stun::StunMessage msg;
  if (stun::parseStun(packet, msg) != stun::StunError::None) return 0;
  stun::StunAddress from;
  from.address = {127, 0, 0, 2};
  from.port = 40000;
  uint8_t response[client::IceAgent::kMaxResponseSize];
  size_t n = 0;
  const auto result = agent.onRequest(packet, msg, from, MutableBytes(response, sizeof response), n);
  if ((result == client::IceRequestError::None) != (n > 0)) std::abort();
  if (n == 0) return 0;
  if (msg.cls != stun::StunClass::Request || !msg.integrityOffset) std::abort();
  stun::StunMessage answer;
  const Bytes raw(response, n);
  if (stun::parseStun(raw, answer) != stun::StunError::None) std::abort();
  if (answer.type != stun::kBindingSuccess || answer.transactionId != msg.transactionId) std::abort();
  if (!answer.xorMappedAddress || !(*answer.xorMappedAddress == from)) std::abort();
  if (!stun::verifyIntegrity(raw, answer, kOurPwd) || !stun::verifyFingerprint(raw, answer)) std::abort();
  if (agent.nominated() != msg.useCandidate) std::abort();
  return 0;
}
