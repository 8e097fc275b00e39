// Tests of two moderator powers (P19, docs/protocol.md "Moderation"): lowering others' hands, and
// the room setting of who may chat; and that nobody else may use either.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  void chat(const std::string& text, const std::string& to = "") {
    json j{{"type", "chat"}, {"text", text}};
    if (!to.empty()) j["to"] = to;
    send(j);
  }
};

class HandsChatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mod = &join("Mod");
    alice = &join("Alice");
    bob = &join("Bob");
  }
  Client& join(const std::string& name) {
    Client& c = testing::connectClient(clients, rooms);
    c.send(testing::joinMessage(name));
    return c;
  }
  size_t sentTotal() const { return testing::sentTotal(clients); }

  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Open}};
  std::vector<std::unique_ptr<Client>> clients;
  Client* mod = nullptr;
  Client* alice = nullptr;
  Client* bob = nullptr;
};

TEST_F(HandsChatTest, AModeratorLowersOneHandAndTheQueueMovesUp) {
  alice->send({{"type", "hand"}, {"raised", true}});
  bob->send({{"type", "hand"}, {"raised", true}});
  ASSERT_EQ(mod->about(bob->id())["hand"], 2);
  mod->send({{"type", "lower-hand"}, {"participant", alice->id()}});
  EXPECT_TRUE(mod->lastError().empty());
  EXPECT_TRUE(alice->about(alice->id())["hand"].is_null());  // she is told too
  EXPECT_TRUE(bob->about(alice->id())["hand"].is_null());
  EXPECT_EQ(alice->about(bob->id())["hand"], 1);
  // A hand that is down stays down, and nobody is told anything.
  const size_t before = sentTotal();
  mod->send({{"type", "lower-hand"}, {"participant", alice->id()}});
  EXPECT_EQ(sentTotal(), before);
}

TEST_F(HandsChatTest, AModeratorLowersAllHands) {
  mod->send({{"type", "hand"}, {"raised", true}});
  alice->send({{"type", "hand"}, {"raised", true}});
  bob->send({{"type", "hand"}, {"raised", true}});
  mod->send({{"type", "lower-hands"}});
  for (Client* c : {mod, alice, bob})
    for (Client* about : {mod, alice, bob}) EXPECT_TRUE(c->about(about->id())["hand"].is_null());
  // The order starts afresh.
  bob->send({{"type", "hand"}, {"raised", true}});
  EXPECT_EQ(alice->about(bob->id())["hand"], 1);
}

TEST_F(HandsChatTest, OthersMayNotLowerHands) {
  bob->send({{"type", "hand"}, {"raised", true}});
  const size_t before = sentTotal();
  alice->send({{"type", "lower-hand"}, {"participant", bob->id()}});
  EXPECT_EQ(alice->lastError(), "not-allowed");
  alice->send({{"type", "lower-hands"}});
  EXPECT_EQ(alice->lastError(), "not-allowed");
  EXPECT_EQ(sentTotal(), before + 2);  // the two error replies, nothing else
  EXPECT_EQ(mod->about(bob->id())["hand"], 1);
  mod->send({{"type", "lower-hand"}, {"participant", "0011223344556677"}});
  EXPECT_EQ(mod->lastError(), "unknown-participant");
}

TEST_F(HandsChatTest, EveryoneMayChatByDefault) {
  EXPECT_EQ(alice->lastOf("room-settings")["whoMayChat"], "everyone");
  alice->chat("hallo");
  EXPECT_TRUE(alice->lastError().empty());
  EXPECT_EQ(bob->channel->ofType("chat").size(), 1u);
}

TEST_F(HandsChatTest, OnlyModeratorsChatWhenRestricted) {
  mod->send({{"type", "room-settings"}, {"whoMayChat", "moderators"}});
  for (Client* c : {mod, alice, bob}) EXPECT_EQ(c->lastOf("room-settings")["whoMayChat"], "moderators");
  // Other settings stay as they were.
  EXPECT_EQ(bob->lastOf("room-settings")["whoMayShare"], "everyone");

  const size_t before = sentTotal();
  alice->chat("an alle");
  EXPECT_EQ(alice->lastError(), "not-allowed");
  EXPECT_EQ(alice->lastOf("error")["ref"], "chat");
  alice->chat("nur an Bob", bob->id());
  EXPECT_EQ(alice->lastError(), "not-allowed");
  alice->send({{"type", "chat"}, {"e2ee", "QUJD"}});  // encrypted is no way around it
  EXPECT_EQ(alice->lastError(), "not-allowed");
  EXPECT_EQ(sentTotal(), before + 3);  // three error replies, nothing relayed
  EXPECT_TRUE(bob->channel->ofType("chat").empty());

  // A private message to a moderator stays allowed.
  alice->chat("darf ich?", mod->id());
  EXPECT_EQ(mod->channel->ofType("chat").size(), 1u);
  EXPECT_TRUE(bob->channel->ofType("chat").empty());
  // Moderators write to everyone.
  mod->chat("gleich geht's weiter");
  EXPECT_EQ(bob->channel->ofType("chat").size(), 1u);
  // A new moderator may, too; and everyone again once the setting is back.
  mod->send({{"type", "set-role"}, {"participant", bob->id()}, {"role", "moderator"}});
  bob->chat("jetzt ich");
  EXPECT_EQ(alice->channel->ofType("chat").size(), 3u);  // her own private one, Mod's, Bob's
  mod->send({{"type", "room-settings"}, {"whoMayChat", "everyone"}});
  alice->chat("wieder da");
  EXPECT_EQ(bob->channel->ofType("chat").size(), 3u);
}

TEST_F(HandsChatTest, OnlyModeratorsChangeWhoMayChat) {
  const size_t before = sentTotal();
  alice->send({{"type", "room-settings"}, {"whoMayChat", "moderators"}});
  EXPECT_EQ(alice->lastError(), "not-allowed");
  EXPECT_EQ(sentTotal(), before + 1);
  alice->chat("noch erlaubt");
  EXPECT_EQ(bob->channel->ofType("chat").size(), 1u);
  mod->send({{"type", "room-settings"}, {"whoMayChat", "nobody"}});
  EXPECT_EQ(mod->lastError(), "bad-message");
  EXPECT_EQ(bob->lastOf("room-settings")["whoMayChat"], "everyone");
}

}  // namespace
}  // namespace vicos::room
