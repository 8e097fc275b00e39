// Tests of the connection gate's counting: limits in total, per bucket and for WebSockets per
// bucket, and buckets forgotten with their last connection.
#include "http/connection_gate.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace vicos::http {
namespace {

std::shared_ptr<ConnectionGate> gateWith(size_t total, size_t perAddress, size_t webSockets) {
  return std::make_shared<ConnectionGate>(ConnectionLimits{total, perAddress, webSockets});
}

std::optional<Refusal> refusalOf(const std::variant<ConnectionSlot, Refusal>& admitted) {
  if (const Refusal* refusal = std::get_if<Refusal>(&admitted)) return *refusal;
  return std::nullopt;
}

TEST(ConnectionGate, PerAddressAndTotal) {
  auto gate = gateWith(3, 2, 1);
  std::vector<std::variant<ConnectionSlot, Refusal>> held;
  held.push_back(gate->admit("192.0.2.1"));
  held.push_back(gate->admit("192.0.2.1"));
  EXPECT_EQ(refusalOf(gate->admit("192.0.2.1")), Refusal::PerAddress);
  held.push_back(gate->admit("192.0.2.2"));
  EXPECT_EQ(refusalOf(gate->admit("192.0.2.3")), Refusal::Total);
  EXPECT_EQ(gate->total(), 3u);
  EXPECT_EQ(gate->bucketCount(), 2u);
  held.clear();
  EXPECT_EQ(gate->total(), 0u);
  EXPECT_EQ(gate->bucketCount(), 0u);  // no address stays in memory
}

TEST(ConnectionGate, WebSocketsHaveTheirOwnCount) {
  auto gate = gateWith(10, 2, 1);
  auto first = gate->admit("2001:db8::/64");
  auto second = gate->admit("2001:db8::/64");
  ASSERT_FALSE(refusalOf(first));
  ASSERT_FALSE(refusalOf(second));
  EXPECT_TRUE(std::get<ConnectionSlot>(first).upgrade());
  // The upgraded connection no longer counts against the HTTP limit ...
  auto third = gate->admit("2001:db8::/64");
  EXPECT_FALSE(refusalOf(third));
  // ... but the bucket has its one WebSocket.
  EXPECT_FALSE(std::get<ConnectionSlot>(second).upgrade());
  {
    ConnectionSlot moved = std::move(std::get<ConnectionSlot>(first));  // as on upgrade
    EXPECT_EQ(gate->total(), 3u);
  }
  EXPECT_EQ(gate->total(), 2u);
  EXPECT_TRUE(std::get<ConnectionSlot>(second).upgrade());
}

}  // namespace
}  // namespace vicos::http
