// A transport address (IPv4 or IPv6 + port, over UDP or over one ICE-TCP connection) over
// sockaddr_storage: comparable and hashable, so the media plane can key its 5-tuple map on it.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "stun/stun_message.hpp"

namespace vicos::ice {

class Endpoint {
 public:
  Endpoint();  // 0.0.0.0:0

  // From what recvmmsg filled in; nullopt for families other than AF_INET / AF_INET6.
  static std::optional<Endpoint> fromSockaddr(const sockaddr* addr, socklen_t length);
  // From text ("192.0.2.1", "2001:db8::1"); nullopt if it does not parse.
  static std::optional<Endpoint> parse(std::string_view ip, uint16_t port);
  static Endpoint fromStun(const stun::StunAddress& address);

  // The same address as the remote end of an ICE-TCP connection (RFC 6544): a pair of its own,
  // never equal to the UDP address with the same numbers.
  [[nodiscard]] Endpoint overTcp() const {
    Endpoint e = *this;
    e.mTcp = true;
    return e;
  }
  [[nodiscard]] bool isTcp() const { return mTcp; }

  [[nodiscard]] stun::StunAddress toStun() const;
  [[nodiscard]] bool isV4() const { return mStorage.ss_family == AF_INET; }
  [[nodiscard]] bool isV6() const { return mStorage.ss_family == AF_INET6; }
  // Text form of the address without port; never log it (P27).
  [[nodiscard]] std::string ip() const;
  [[nodiscard]] uint16_t port() const;
  // For sendmmsg.
  [[nodiscard]] const sockaddr* sockaddrPtr() const { return reinterpret_cast<const sockaddr*>(&mStorage); }
  [[nodiscard]] socklen_t sockaddrLength() const;

  // Equal when family, address, port (and IPv6 scope) are; other sockaddr bytes are ignored.
  friend bool operator==(const Endpoint& a, const Endpoint& b);
  [[nodiscard]] size_t hash() const;

 private:
  sockaddr_storage mStorage;
  bool mTcp = false;
};

}  // namespace vicos::ice

template <>
struct std::hash<vicos::ice::Endpoint> {
  size_t operator()(const vicos::ice::Endpoint& endpoint) const noexcept { return endpoint.hash(); }
};
