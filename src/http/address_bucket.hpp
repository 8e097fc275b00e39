// The unit that per-address limits count: an IPv4 address, or the /64 prefix of an IPv6
// address, since one subscriber is usually given a whole /64 (RFC 6177 3, RFC 7421) and could
// otherwise rotate through 2^64 addresses.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

namespace vicos::http {

// "192.0.2.7" for IPv4 (also when it arrives IPv4-mapped on a dual-stack socket, RFC 4291
// 2.5.5.2), "2001:db8:1:2::/64" for IPv6. Kept in memory only, never logged (P27).
std::string addressBucket(const boost::asio::ip::address& address);

}  // namespace vicos::http
