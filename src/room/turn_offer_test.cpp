// A new media peer's first offer carries TURN credentials of its own (docs/protocol.md
// "offer"): a REST username with a random tag that expires within kTurnCredentialMs, and the
// password the TURN server derives from the secret; a server without TURN sends none.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"
#include "turn/turn_credentials.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

class TurnOfferTest : public ::testing::Test {
 protected:
  testing::FakeClient& join(const std::string& name) {
    auto& c = *clients.emplace_back(std::make_unique<testing::FakeClient>());
    c.session = std::make_unique<SignalingSession>(*rooms, c.channel);
    c.send({{"type", "join"}, {"version", 1}, {"room", "team"}, {"name", name}});
    return c;
  }

  FakeMediaPlane media;
  std::unique_ptr<RoomManager> rooms;  // outlives the clients' sessions
  std::vector<std::unique_ptr<testing::FakeClient>> clients;
};

TEST_F(TurnOfferTest, FreshOfferCarriesCredentialsDerivedFromTheSecret) {
  RoomLimits limits;
  limits.turnSecret = "turn-secret";
  limits.turnUdpPort = 3478;
  rooms = std::make_unique<RoomManager>(media, limits);
  const int64_t before = systemMillis() / 1000;
  auto& ada = join("Ada");
  const auto offers = ada.channel->ofType("offer");
  ASSERT_FALSE(offers.empty());
  ASSERT_TRUE(offers[0].contains("turn"));
  const json turn = offers[0]["turn"];
  const std::string username = turn["username"];
  EXPECT_EQ(turn["credential"], turn::restPassword("turn-secret", username));
  EXPECT_EQ(turn["udpPort"], 3478);
  const auto expiry = turn::restExpiry(username);
  ASSERT_TRUE(expiry);
  EXPECT_GE(*expiry, before + kTurnCredentialMs / 1000);
  EXPECT_LE(*expiry, systemMillis() / 1000 + kTurnCredentialMs / 1000);
  // The tag is random, never the participant's id or name (P27).
  EXPECT_EQ(username.find("Ada"), std::string::npos);
  const std::string id = ada.lastOf("joined")["participant"];
  EXPECT_EQ(username.find(id), std::string::npos);

  // Everyone gets credentials of their own.
  auto& ben = join("Ben");
  const auto benTurn = ben.channel->ofType("offer").at(0)["turn"];
  EXPECT_NE(benTurn["username"], turn["username"]);
}

// turn.external_url: the operator's own TURN server is named, with credentials from its secret.
TEST_F(TurnOfferTest, ExternalServerIsNamedWithItsOwnSecret) {
  RoomLimits limits;
  limits.turnSecret = "coturn-shared-secret";
  limits.turnUrl = "turns:turn.example.org:443?transport=tcp";
  rooms = std::make_unique<RoomManager>(media, limits);
  auto& ada = join("Ada");
  const json turn = ada.channel->ofType("offer").at(0)["turn"];
  EXPECT_EQ(turn["urls"], json::array({"turns:turn.example.org:443?transport=tcp"}));
  EXPECT_EQ(turn["credential"],
            turn::restPassword("coturn-shared-secret", turn["username"].get<std::string>()));
  EXPECT_FALSE(turn.contains("udpPort"));
}

TEST_F(TurnOfferTest, NoSecretNoCredentials) {
  rooms = std::make_unique<RoomManager>(media, RoomLimits{});
  auto& ada = join("Ada");
  const auto offers = ada.channel->ofType("offer");
  ASSERT_FALSE(offers.empty());
  EXPECT_FALSE(offers[0].contains("turn"));
}

}  // namespace
}  // namespace vicos::room
