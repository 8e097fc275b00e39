// Tests that addresses are hidden or shortened as P27 requires.
#include <gtest/gtest.h>

#include "common/log.hpp"

namespace vicos {
namespace {

TEST(LogAddress, HiddenByDefault) {
  EXPECT_EQ(log::address("192.0.2.17"), "[address hidden]");
}

TEST(LogAddress, ShortenedToSlash24AndSlash48) {
  log::setAddressMode(log::AddressMode::Shortened);
  EXPECT_EQ(log::address("192.0.2.17"), "192.0.2.0/24");
  EXPECT_EQ(log::address("2001:db8:1:2:3::4"), "2001:db8:1::/48");
  EXPECT_EQ(log::address("not an address"), "[address hidden]");
  log::setAddressMode(log::AddressMode::Full);
  EXPECT_EQ(log::address("192.0.2.17"), "192.0.2.17");
  log::setAddressMode(log::AddressMode::Hidden);
}

}  // namespace
}  // namespace vicos
