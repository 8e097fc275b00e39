// Tests of breakout rooms in a room (docs/protocol.md "Breakout rooms"): only moderators manage
// them, media, chat, reactions and media keys pass only within a breakout room, closing brings
// everyone back, and every refusal changes nothing.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

class RoomBreakoutsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"Mod", "Ada", "Bob", "Cem", "Dan", "Eve"}) {
      auto& c = testing::connectClient(clients, rooms);
      c.send(testing::joinMessage(name));
      ASSERT_TRUE(c.joined());
    }
    mod = clients[0].get();
    ASSERT_EQ(mod->lastOf("joined")["role"], "moderator");
    ASSERT_NE(clients[1]->lastOf("joined")["role"], "moderator");
  }
  std::string id(size_t i) const { return clients[i]->id(); }
  // Ada, Bob in room 0 ("A"); Cem, Dan, Eve in room 1 ("B").
  void split() {
    mod->send({{"type", "breakout-create"}, {"rooms", {"A", "B"}}});
    mod->send({{"type", "breakout-assign"},
               {"assign", {{id(1), 0}, {id(2), 0}, {id(3), 1}, {id(4), 1}, {id(5), 1}}}});
    mod->send({{"type", "breakout-open"}});
    ASSERT_TRUE(mod->lastError().empty()) << mod->lastOf("error");
  }
  bool receives(size_t subscriber, size_t publisher) const {
    return media.receives(id(subscriber), id(publisher));
  }
  size_t sentTotal() const { return testing::sentTotal(clients); }

  int64_t now = 1'000'000;
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Open}, [this] { return now; }};
  std::vector<std::unique_ptr<testing::FakeClient>> clients;
  testing::FakeClient* mod = nullptr;
};

TEST_F(RoomBreakoutsTest, OpenRoomsForwardMediaOnlyWithinEach) {
  ASSERT_TRUE(receives(1, 3));
  split();
  const json state = clients[3]->lastOf("breakouts");
  EXPECT_EQ(state["open"], true);
  EXPECT_EQ(state["rooms"][1]["name"], "B");
  EXPECT_EQ(state["rooms"][1]["members"].size(), 3u);
  const std::vector<size_t> a{1, 2}, b{3, 4, 5};
  for (size_t x : a)
    for (size_t y : b) {
      EXPECT_FALSE(receives(x, y)) << x << " gets " << y;
      EXPECT_FALSE(receives(y, x)) << y << " gets " << x;
    }
  EXPECT_TRUE(receives(1, 2));
  EXPECT_TRUE(receives(2, 1));
  EXPECT_TRUE(receives(3, 5));
  EXPECT_TRUE(receives(5, 4));
  EXPECT_FALSE(receives(0, 1));  // the moderator stays in the main room, alone
  EXPECT_FALSE(receives(1, 0));
}

TEST_F(RoomBreakoutsTest, ClosingWithACountdownBringsEveryoneBack) {
  split();
  mod->send({{"type", "breakout-close"}, {"countdown", 30}});
  EXPECT_EQ(clients[1]->lastOf("breakouts")["closesIn"], 30);
  EXPECT_FALSE(receives(1, 3));
  now += 29'000;
  rooms.expire();
  EXPECT_FALSE(receives(1, 3));
  now += 1'000;
  rooms.expire();
  EXPECT_EQ(clients[1]->lastOf("breakouts")["open"], false);
  for (size_t x = 0; x < clients.size(); ++x)
    for (size_t y = 0; y < clients.size(); ++y)
      if (x != y) {
        EXPECT_TRUE(receives(x, y)) << x << " gets " << y;
      }
}

TEST_F(RoomBreakoutsTest, AModeratorVisitsAnyRoom) {
  split();
  mod->send({{"type", "breakout-move"}, {"room", 1}});
  EXPECT_TRUE(mod->lastError().empty());
  EXPECT_TRUE(receives(0, 3));
  EXPECT_TRUE(receives(4, 0));
  EXPECT_FALSE(receives(0, 1));
  mod->send({{"type", "breakout-move"}, {"room", 0}});
  EXPECT_TRUE(receives(0, 1));
  EXPECT_FALSE(receives(0, 3));
  EXPECT_FALSE(receives(3, 0));
}

TEST_F(RoomBreakoutsTest, AGuestsAttemptIsRefusedAndChangesNothing) {
  auto* ada = clients[1].get();
  const std::vector<json> commands{
      {{"type", "breakout-create"}, {"rooms", {"X"}}},
      {{"type", "breakout-assign"}, {"assign", {{id(2), 0}}}},
      {{"type", "breakout-open"}},
      {{"type", "breakout-close"}},
      {{"type", "breakout-broadcast"}, {"e2ee", "QUJD"}},
      {{"type", "breakout-move"}, {"room", 0}},
  };
  for (const auto& command : commands) {
    const size_t before = sentTotal();
    ada->send(command);
    EXPECT_EQ(ada->lastError(), "not-allowed") << command;
    EXPECT_EQ(ada->lastOf("error")["ref"], command["type"]);
    EXPECT_EQ(sentTotal(), before + 1) << command;  // the error, nothing else
  }
  split();
  for (const auto& command : commands) {
    const size_t before = sentTotal();
    ada->send(command);
    EXPECT_EQ(ada->lastError(), "not-allowed") << command;
    EXPECT_EQ(sentTotal(), before + 1) << command;
  }
  EXPECT_FALSE(receives(1, 3));
  EXPECT_TRUE(receives(1, 2));
}

TEST_F(RoomBreakoutsTest, ParticipantsChooseOnlyWhereAllowedAndAtALimitedRate) {
  mod->send({{"type", "breakout-create"}, {"rooms", {"A", "B"}}, {"choose", true}});
  auto* ada = clients[1].get();
  ada->send({{"type", "breakout-move"}, {"room", 1}});
  EXPECT_EQ(ada->lastError(), "wrong-state");  // not open yet
  mod->send({{"type", "breakout-open"}});
  ada->send({{"type", "breakout-move"}, {"room", 1}});
  EXPECT_EQ(ada->lastOf("breakouts")["rooms"][1]["members"], json::array({id(1)}));
  EXPECT_FALSE(receives(1, 2));
  ada->send({{"type", "breakout-move"}, {"room", nullptr}});
  EXPECT_TRUE(receives(1, 2));
  ada->send({{"type", "breakout-move"}, {"room", 0}});
  EXPECT_FALSE(receives(1, 2));
  const size_t before = sentTotal();
  ada->send({{"type", "breakout-move"}, {"room", 1}});  // a fourth move within the burst
  EXPECT_EQ(ada->lastError(), "rate-limited");
  EXPECT_EQ(sentTotal(), before + 1);
  now += 2'000;
  ada->send({{"type", "breakout-move"}, {"room", 5}});
  EXPECT_EQ(ada->lastError(), "bad-message");  // no room 5
  EXPECT_EQ(ada->lastOf("breakouts")["rooms"][0]["members"], json::array({id(1)}));
}

TEST_F(RoomBreakoutsTest, ChatReactionsAndMediaKeysStayWithinARoom) {
  split();
  auto* ada = clients[1].get();
  auto* bob = clients[2].get();
  auto* cem = clients[3].get();
  ada->send({{"type", "chat"}, {"text", "hello A"}});
  EXPECT_EQ(bob->lastOf("chat")["text"], "hello A");
  EXPECT_TRUE(cem->lastOf("chat").is_null());
  EXPECT_TRUE(mod->lastOf("chat").is_null());
  ada->send({{"type", "chat"}, {"text", "psst"}, {"to", id(3)}});
  EXPECT_EQ(ada->lastError(), "unknown-participant");
  EXPECT_TRUE(cem->lastOf("chat").is_null());
  ada->send({{"type", "reaction"}, {"reaction", "heart"}});
  EXPECT_FALSE(bob->lastOf("reaction").is_null());
  EXPECT_TRUE(cem->lastOf("reaction").is_null());
  const json key{
      {"type", "e2ee-key"}, {"idx", 1}, {"iv", std::string(16, 'A')}, {"ct", std::string(64, 'B')}};
  json toCem = key, toBob = key;
  toCem["to"] = id(3);
  toBob["to"] = id(2);
  ada->send(toCem);
  EXPECT_EQ(ada->lastError(), "unknown-participant");
  EXPECT_TRUE(cem->lastOf("e2ee-key").is_null());
  ada->send(toBob);
  EXPECT_EQ(bob->lastOf("e2ee-key")["from"], id(1));
}

TEST_F(RoomBreakoutsTest, ABroadcastReachesEveryRoomAtALimitedRate) {
  split();
  for (int i = 0; i < 3; ++i) mod->send({{"type", "breakout-broadcast"}, {"e2ee", "QUJD"}});
  for (const auto& c : clients) EXPECT_EQ(c->channel->ofType("breakout-broadcast").size(), 3u);
  EXPECT_EQ(clients[4]->lastOf("breakout-broadcast")["from"], id(0));
  mod->send({{"type", "breakout-broadcast"}, {"e2ee", "QUJD"}});
  EXPECT_EQ(mod->lastError(), "rate-limited");
  EXPECT_EQ(clients[4]->channel->ofType("breakout-broadcast").size(), 3u);
}

TEST_F(RoomBreakoutsTest, MalformedCommandsAndBadIdsChangeNothing) {
  mod->send({{"type", "breakout-create"}, {"rooms", {"A", "B"}}});
  const json plan = mod->lastOf("breakouts");
  for (const json& bad : std::vector<json>{
           {{"type", "breakout-create"}, {"rooms", json::array({std::string(65, 'x')})}},
           {{"type", "breakout-assign"}, {"assign", {{id(1), 2}}}},
           {{"type", "breakout-assign"}, {"assign", {{id(1), 0}, {"nobody", 1}}}},
           {{"type", "breakout-close"}},
           {{"type", "breakout-move"}, {"room", "A"}},
       }) {
    const size_t before = sentTotal();
    mod->send(bad);
    EXPECT_FALSE(mod->lastError().empty()) << bad;
    EXPECT_EQ(sentTotal(), before + 1) << bad;
  }
  EXPECT_EQ(mod->lastOf("breakouts"), plan);
  EXPECT_EQ(mod->lastError(), "bad-message");
}

TEST_F(RoomBreakoutsTest, NewcomersAndLeaversWhileOpen) {
  split();
  auto& late = testing::connectClient(clients, rooms);
  late.send(testing::joinMessage("Late"));
  EXPECT_EQ(late.lastOf("breakouts")["open"], true);  // told where everyone is
  EXPECT_TRUE(media.receives(late.id(), id(0)));      // in the main room with the moderator
  EXPECT_FALSE(media.receives(late.id(), id(1)));
  clients[1]->send({{"type", "leave"}});
  EXPECT_EQ(mod->lastOf("breakouts")["rooms"][0]["members"], json::array({id(2)}));
}

TEST_F(RoomBreakoutsTest, WhoSpeaksInARoomIsToldOnlyThere) {
  split();
  auto* cem = clients[3].get();
  cem->send({{"type", "media"}, {"audio", true}, {"video", false}, {"screen", false}});
  ASSERT_TRUE(media.speaker);
  media.speaker("team", id(3));
  EXPECT_EQ(clients[4]->lastOf("active-speaker")["participant"], id(3));
  EXPECT_TRUE(clients[1]->lastOf("active-speaker").is_null());
  EXPECT_TRUE(mod->lastOf("active-speaker").is_null());
  auto& late = testing::connectClient(clients, rooms);
  late.send(testing::joinMessage("Late"));
  EXPECT_TRUE(late.lastOf("active-speaker").is_null());  // in the main room
}

TEST_F(RoomBreakoutsTest, AResumedParticipantIsBackInTheirRoomOnly) {
  split();
  auto* ada = clients[1].get();
  media.connected("team", id(1));  // only those whose media connected get a grace period
  const std::string token = ada->lastOf("joined")["resumeToken"];
  const std::string adaId = id(1);
  ada->session->onClosed();
  auto& again = testing::connectClient(clients, rooms);
  again.send({{"type", "resume"}, {"room", "team"}, {"token", token}});
  ASSERT_FALSE(again.lastOf("resumed").is_null()) << again.lastOf("error");
  EXPECT_EQ(again.lastOf("breakouts")["open"], true);  // told where everyone is
  EXPECT_TRUE(media.receives(adaId, id(2)));
  EXPECT_TRUE(media.receives(id(2), adaId));
  for (size_t other : {0u, 3u, 4u, 5u}) {
    EXPECT_FALSE(media.receives(adaId, id(other))) << other;
    EXPECT_FALSE(media.receives(id(other), adaId)) << other;
  }
}

}  // namespace
}  // namespace vicos::room
