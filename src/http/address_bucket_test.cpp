// Tests of address buckets: IPv4 alone, IPv4-mapped as IPv4, IPv6 by its /64.
#include "http/address_bucket.hpp"

#include <gtest/gtest.h>

namespace vicos::http {
namespace {

std::string bucketOf(const char* text) { return addressBucket(boost::asio::ip::make_address(text)); }

TEST(AddressBucket, Ipv4IsItsOwnBucket) {
  EXPECT_EQ(bucketOf("192.0.2.7"), "192.0.2.7");
  EXPECT_NE(bucketOf("192.0.2.7"), bucketOf("192.0.2.8"));
}

TEST(AddressBucket, Ipv4MappedCountsAsIpv4) {
  // On a dual-stack socket IPv4 clients arrive as ::ffff:a.b.c.d; cut to a /64 they would all
  // share one bucket, and one of them could lock out every other IPv4 client.
  EXPECT_EQ(bucketOf("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_NE(bucketOf("::ffff:192.0.2.7"), bucketOf("::ffff:198.51.100.7"));
}

TEST(AddressBucket, Ipv6CountsByItsSlash64) {
  EXPECT_EQ(bucketOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(bucketOf("2001:db8:1:2::1"), bucketOf("2001:db8:1:2:ffff:ffff:ffff:ffff"));
  EXPECT_NE(bucketOf("2001:db8:1:2::1"), bucketOf("2001:db8:1:3::1"));
  EXPECT_EQ(bucketOf("::1"), "::/64");
}

}  // namespace
}  // namespace vicos::http
