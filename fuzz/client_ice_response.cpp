// Fuzz entry point: arbitrary bytes as the server's answer to the client's ICE check (with
// the check's transaction id spliced in, so the integrity and fingerprint paths are reached).
// Nothing may crash, and the agent connects exactly when it reports an authentic success.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "client/ice_agent.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vicos;
  client::IceAgent agent("cLnt", "Srv1ufrg", "ServerPassword+of/24char");
  agent.start(0);
  uint8_t request[client::IceAgent::kMaxRequestSize];
  if (agent.poll(0, MutableBytes(request, sizeof request)) == 0) std::abort();
  std::vector<uint8_t> packet(data, data + size);
  if (packet.size() >= stun::kHeaderSize)
    std::memcpy(packet.data() + 8, request + 8, stun::kTransactionIdSize);
  stun::StunMessage msg;
  if (stun::parseStun(packet, msg) != stun::StunError::None) return 0;
  const auto result = agent.onStun(packet, msg, 1);
  if ((result == client::IceResponseError::None) != agent.connected()) std::abort();
  if (agent.connected() && msg.cls != stun::StunClass::SuccessResponse) std::abort();
  return 0;
}
