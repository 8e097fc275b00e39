// The built-in TURN server's sockets (RFC 8656): the UDP listener, one relayed UDP socket per
// allocation, and TURN connections over TCP and TLS handed over by the HTTPS port. Runs on the
// control thread's io_context; the protocol rules live in turn/turn_server.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/websocket_session.hpp"
#include "turn/turn_server.hpp"

namespace boost::asio {
class io_context;
}

namespace vicos::relay {

struct TurnRelaySettings {
  std::string bindAddress = "0.0.0.0";     // the UDP listener's address
  std::optional<uint16_t> udpPort;         // nothing: no UDP listener (TURN over TCP/TLS only)
  std::string relayAddress = "127.0.0.1";  // relayed sockets bind here
  // The address XOR-RELAYED-ADDRESS names (an announced media address); empty: the bound one.
  std::string relayAnnounce;
  std::string realm = "vicos";
  std::string secret;                             // the REST secret (turn/turn_credentials.hpp)
  std::vector<stun::StunAddress> mediaAddresses;  // the only peers relays may reach
  turn::TurnLimits limits;
  // TURN connections over TCP and TLS at once; one more is closed at once (refusedStreams()).
  size_t maxStreams = 512;
};

// Largest TURN message or ChannelData taken from a stream; browsers stay near 1,200 bytes.
inline constexpr size_t kMaxStreamMessage = 4096;

class TurnRelay {
 public:
  TurnRelay(boost::asio::io_context& io, TurnRelaySettings settings);
  ~TurnRelay();
  TurnRelay(const TurnRelay&) = delete;
  TurnRelay& operator=(const TurnRelay&) = delete;

  // Binds the UDP listener (if any) and starts the expiry timer; false with `error` set.
  bool start(std::string& error);
  void stop();
  // The UDP listener's port (useful with port 0); 0 without one.
  [[nodiscard]] uint16_t udpPort() const;

  // A TURN connection over plain TCP reached the HTTPS port (net/stream_start.hpp); the fd
  // is now the relay's.
  void adoptTcp(int fd);
  // A TLS connection whose first decrypted bytes (`first`, already read) were a STUN message.
  void adoptTls(http::SslStream stream, std::vector<uint8_t> first);

  [[nodiscard]] const turn::TurnCounters& counters() const;
  [[nodiscard]] size_t allocationCount() const;
  [[nodiscard]] uint64_t refusedStreams() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> mImpl;
};

// The announced media addresses and worker ports a relay may reach, as TURN peer addresses.
std::vector<stun::StunAddress> mediaPeerAddresses(const std::vector<std::string>& announcedIps,
                                                  uint16_t firstPort, size_t workers);

}  // namespace vicos::relay
