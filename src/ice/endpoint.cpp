// Conversions of Endpoint between sockaddr, text and STUN's transport address.
#include "ice/endpoint.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace vicos::ice {
namespace {

const sockaddr_in& v4(const sockaddr_storage& s) { return *reinterpret_cast<const sockaddr_in*>(&s); }
const sockaddr_in6& v6(const sockaddr_storage& s) { return *reinterpret_cast<const sockaddr_in6*>(&s); }

// FNV-1a, enough to spread addresses over hash buckets.
size_t fnv(size_t h, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

}  // namespace

Endpoint::Endpoint() {
  std::memset(&mStorage, 0, sizeof(mStorage));
  mStorage.ss_family = AF_INET;
}

std::optional<Endpoint> Endpoint::fromSockaddr(const sockaddr* addr, socklen_t length) {
  Endpoint e;
  if (addr == nullptr) return std::nullopt;
  if (addr->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    std::memcpy(&e.mStorage, addr, sizeof(sockaddr_in));
    return e;
  }
  if (addr->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    std::memcpy(&e.mStorage, addr, sizeof(sockaddr_in6));
    return e;
  }
  return std::nullopt;
}

std::optional<Endpoint> Endpoint::parse(std::string_view ip, uint16_t port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ip.size() >= sizeof(text)) return std::nullopt;
  std::memcpy(text, ip.data(), ip.size());
  Endpoint e;
  auto* in4 = reinterpret_cast<sockaddr_in*>(&e.mStorage);
  if (inet_pton(AF_INET, text, &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    return e;
  }
  std::memset(&e.mStorage, 0, sizeof(e.mStorage));
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&e.mStorage);
  if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    return e;
  }
  return std::nullopt;
}

Endpoint Endpoint::fromStun(const stun::StunAddress& address) {
  Endpoint e;
  if (address.family == stun::StunAddress::Family::V4) {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&e.mStorage);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(address.port);
    std::memcpy(&in4->sin_addr, address.address.data(), 4);
  } else {
    std::memset(&e.mStorage, 0, sizeof(e.mStorage));
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&e.mStorage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(address.port);
    std::memcpy(&in6->sin6_addr, address.address.data(), 16);
  }
  return e;
}

stun::StunAddress Endpoint::toStun() const {
  stun::StunAddress out;
  out.port = port();
  if (isV4()) {
    out.family = stun::StunAddress::Family::V4;
    std::memcpy(out.address.data(), &v4(mStorage).sin_addr, 4);
  } else {
    out.family = stun::StunAddress::Family::V6;
    std::memcpy(out.address.data(), &v6(mStorage).sin6_addr, 16);
  }
  return out;
}

std::string Endpoint::ip() const {
  char text[INET6_ADDRSTRLEN] = {};
  const void* src = isV4() ? static_cast<const void*>(&v4(mStorage).sin_addr)
                           : static_cast<const void*>(&v6(mStorage).sin6_addr);
  if (inet_ntop(mStorage.ss_family, src, text, sizeof(text)) == nullptr) return {};
  return text;
}

uint16_t Endpoint::port() const { return ntohs(isV4() ? v4(mStorage).sin_port : v6(mStorage).sin6_port); }

socklen_t Endpoint::sockaddrLength() const { return isV4() ? sizeof(sockaddr_in) : sizeof(sockaddr_in6); }

bool operator==(const Endpoint& a, const Endpoint& b) {
  if (a.mStorage.ss_family != b.mStorage.ss_family || a.mTcp != b.mTcp) return false;
  if (a.isV4()) {
    const auto& x = v4(a.mStorage);
    const auto& y = v4(b.mStorage);
    return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
  }
  const auto& x = v6(a.mStorage);
  const auto& y = v6(b.mStorage);
  return x.sin6_port == y.sin6_port && x.sin6_scope_id == y.sin6_scope_id &&
         std::memcmp(&x.sin6_addr, &y.sin6_addr, sizeof(x.sin6_addr)) == 0;
}

size_t Endpoint::hash() const {
  size_t h = 14695981039346656037ull;
  h = fnv(h, &mStorage.ss_family, sizeof(mStorage.ss_family));
  h = fnv(h, &mTcp, sizeof(mTcp));
  if (isV4()) {
    h = fnv(h, &v4(mStorage).sin_addr, sizeof(in_addr));
    return fnv(h, &v4(mStorage).sin_port, sizeof(in_port_t));
  }
  h = fnv(h, &v6(mStorage).sin6_addr, sizeof(in6_addr));
  h = fnv(h, &v6(mStorage).sin6_scope_id, sizeof(uint32_t));
  return fnv(h, &v6(mStorage).sin6_port, sizeof(in_port_t));
}

}  // namespace vicos::ice
