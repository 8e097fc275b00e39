// A TURN client's request writer for the tests: builds requests the way a browser does (REST
// credentials, long-term MESSAGE-INTEGRITY, FINGERPRINT). Test code only.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "stun/stun_builder.hpp"
#include "turn/turn_credentials.hpp"
#include "turn/turn_message.hpp"

namespace vicos::turn::test {

inline Bytes textBytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

inline StunAddress v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
  StunAddress out;
  out.family = StunAddress::Family::V4;
  out.address = {a, b, c, d};
  out.port = port;
  return out;
}

// One request under construction; attributes are added in the order given, then
// USERNAME/REALM/NONCE and MESSAGE-INTEGRITY (when credentials are set) and FINGERPRINT.
struct RequestSpec {
  uint16_t method = kMethodAllocate;
  StunClass cls = StunClass::Request;
  std::optional<uint8_t> transport = kTransportUdp;
  std::optional<uint32_t> lifetime;
  std::optional<uint8_t> family;
  std::optional<uint16_t> channel;
  std::vector<StunAddress> peers;
  std::optional<std::string> data;
  std::vector<uint16_t> extraEmptyAttributes;  // e.g. EVEN-PORT's type with a 4-byte value
  std::string username;
  std::string realm;
  std::string nonce;
  std::string password;  // REST password; no integrity when empty
  bool fingerprint = true;
  uint8_t tidSeed = 1;
};

inline std::vector<uint8_t> build(const RequestSpec& s) {
  std::vector<uint8_t> buffer(2048);
  stun::TransactionId tid{};
  tid.fill(s.tidSeed);
  stun::StunBuilder b(buffer, turnType(s.method, s.cls), tid);
  std::array<uint8_t, 4> word{};
  if (s.transport && s.method == kMethodAllocate) {
    word = {*s.transport, 0, 0, 0};
    b.addAttribute(attr::kRequestedTransport, word);
  }
  if (s.lifetime) {
    storeBe32(word.data(), *s.lifetime);
    b.addAttribute(attr::kLifetime, word);
  }
  if (s.family) {
    word = {*s.family, 0, 0, 0};
    b.addAttribute(attr::kRequestedAddressFamily, word);
  }
  if (s.channel) {
    word = {0, 0, 0, 0};
    storeBe16(word.data(), *s.channel);
    b.addAttribute(attr::kChannelNumber, word);
  }
  for (const auto& peer : s.peers) b.addXorAddress(attr::kXorPeerAddress, peer);
  if (s.data) b.addAttribute(attr::kData, textBytes(*s.data));
  for (uint16_t type : s.extraEmptyAttributes) b.addAttribute(type, std::array<uint8_t, 4>{});
  if (!s.username.empty()) b.addUsername(s.username);
  if (!s.realm.empty()) b.addAttribute(stun::attr::kRealm, textBytes(s.realm));
  if (!s.nonce.empty()) b.addAttribute(stun::attr::kNonce, textBytes(s.nonce));
  if (!s.password.empty()) {
    const auto key = longTermKey(s.username, s.realm, s.password);
    b.addMessageIntegrity(keyView(*key));
  }
  if (s.fingerprint) b.addFingerprint();
  const Bytes m = b.message();
  return {m.begin(), m.end()};
}

}  // namespace vicos::turn::test
