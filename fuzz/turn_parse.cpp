// libFuzzer entry point for the TURN parser and ChannelData framing: whatever parses is
// re-serialized and must parse back to the same TURN attributes.
#include <array>
#include <cstdint>
#include <cstdlib>

#include "stun/stun_builder.hpp"
#include "turn/channel_data.hpp"
#include "turn/turn_message.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void checkChannelData(vicos::Bytes packet) {
  using namespace vicos::turn;
  for (bool stream : {false, true}) {
    const auto data = parseChannelData(packet, stream);
    if (!data) continue;
    check(data->channel >= kMinChannel && data->channel <= kMaxChannel);
    std::array<uint8_t, 65536 + 8> out{};
    const vicos::Bytes written = writeChannelData(out, data->channel, data->payload, stream);
    const auto again = parseChannelData(written, stream);
    check(again && again->channel == data->channel && again->payload.size() == data->payload.size());
    if (stream) check(channelDataStreamSize(packet) == packet.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vicos::turn;
  const vicos::Bytes packet(data, size);
  checkChannelData(packet);
  TurnMessage msg;
  const TurnError error = parseTurn(packet, msg);
  if (error != TurnError::None) {
    check(toString(error) != nullptr);
    return 0;
  }
  check(msg.peerCount <= kMaxPeersPerRequest);

  std::array<uint8_t, 4096> buffer{};
  vicos::stun::StunBuilder b(buffer, msg.stun.type, msg.stun.transactionId);
  std::array<uint8_t, 4> word{};
  if (msg.channelNumber) {
    vicos::storeBe16(word.data(), *msg.channelNumber);
    b.addAttribute(attr::kChannelNumber, word);
  }
  if (msg.lifetime) {
    vicos::storeBe32(word.data(), *msg.lifetime);
    b.addAttribute(attr::kLifetime, word);
  }
  for (size_t i = 0; i < msg.peerCount; ++i) b.addXorAddress(attr::kXorPeerAddress, msg.peers[i]);
  if (msg.data) b.addAttribute(attr::kData, *msg.data);
  if (msg.relayedAddress) b.addXorAddress(attr::kXorRelayedAddress, *msg.relayedAddress);
  if (msg.requestedTransport)
    b.addAttribute(attr::kRequestedTransport, std::array<uint8_t, 4>{*msg.requestedTransport});
  if (msg.requestedFamily)
    b.addAttribute(attr::kRequestedAddressFamily, std::array<uint8_t, 4>{*msg.requestedFamily});
  if (msg.dontFragment) b.addAttribute(attr::kDontFragment, {});
  auto text = [](std::string_view s) {
    return vicos::Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  if (msg.realm) b.addAttribute(vicos::stun::attr::kRealm, text(*msg.realm));
  if (msg.nonce) b.addAttribute(vicos::stun::attr::kNonce, text(*msg.nonce));
  b.addFingerprint();
  if (!b.ok()) return 0;  // an input near 64 KiB may not fit once re-padded

  TurnMessage again;
  check(parseTurn(b.message(), again) == TurnError::None);
  check(again.channelNumber == msg.channelNumber && again.lifetime == msg.lifetime);
  check(again.peerCount == msg.peerCount && again.tooManyPeers == false);
  for (size_t i = 0; i < msg.peerCount; ++i) check(again.peers[i] == msg.peers[i]);
  check(again.data.has_value() == msg.data.has_value());
  if (msg.data) check(std::equal(again.data->begin(), again.data->end(), msg.data->begin(), msg.data->end()));
  check(again.relayedAddress == msg.relayedAddress);
  check(again.requestedTransport == msg.requestedTransport && again.requestedFamily == msg.requestedFamily);
  check(again.dontFragment == msg.dontFragment);
  check(again.realm == msg.realm && again.nonce == msg.nonce);
  check(!again.unknownRequired);
  return 0;
}
