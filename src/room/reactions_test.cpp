// Tests of reactions in a room (docs/protocol.md "reaction"): relayed to everyone with the sender's
// id, limited per participant by a token bucket, bad values and waiting people refused, and in
// each refusal nothing relayed.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  void react(const json& reaction) { send({{"type", "reaction"}, {"reaction", reaction}}); }
  size_t reactionsReceived() const { return channel->ofType("reaction").size(); }
};

class ReactionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ada = &join("Ada");
    bob = &join("Bob");
  }
  Client& join(const std::string& name) {
    Client& c = testing::connectClient(clients, rooms);
    c.send(testing::joinMessage(name));
    return c;
  }
  size_t sentTotal() const { return testing::sentTotal(clients); }

  int64_t now = 1'000'000;
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Open}, [this] { return now; }};
  std::vector<std::unique_ptr<Client>> clients;
  Client* ada = nullptr;
  Client* bob = nullptr;
};

TEST_F(ReactionsTest, RelayedToEveryoneWithTheSendersId) {
  ada->react("applause");
  const json expected{{"type", "reaction"}, {"from", ada->id()}, {"reaction", "applause"}};
  EXPECT_EQ(bob->lastOf("reaction"), expected);
  EXPECT_EQ(ada->lastOf("reaction"), expected);  // the sender sees it over her own tile
  EXPECT_TRUE(ada->lastError().empty());
}

TEST_F(ReactionsTest, EveryReactionOfTheSetIsRelayed) {
  for (const char* r : {"thumbs-up", "applause", "heart", "laugh", "surprised", "raised-hands"}) {
    now += 1000;
    bob->react(r);
    EXPECT_EQ(ada->lastOf("reaction")["reaction"], r);
  }
  EXPECT_TRUE(bob->lastError().empty());
}

TEST_F(ReactionsTest, RateLimitedPerParticipantAndTheExcessIsNotRelayed) {
  for (int i = 0; i < 20; ++i) ada->react("heart");
  EXPECT_EQ(bob->reactionsReceived(), 5u);  // the burst
  EXPECT_EQ(ada->channel->ofType("error").size(), 15u);
  EXPECT_EQ(ada->lastError(), "rate-limited");
  EXPECT_EQ(ada->lastOf("error")["ref"], "reaction");
  // Bob has his own bucket.
  bob->react("laugh");
  EXPECT_TRUE(bob->lastError().empty());
  EXPECT_EQ(ada->lastOf("reaction")["from"], bob->id());
  // One more per second.
  now += 999;
  ada->react("heart");
  EXPECT_EQ(bob->reactionsReceived(), 6u);  // his own laugh and Ada's five
  now += 1;
  ada->react("heart");
  EXPECT_EQ(bob->reactionsReceived(), 7u);
  ada->react("heart");
  EXPECT_EQ(bob->reactionsReceived(), 7u);
}

TEST_F(ReactionsTest, ABadValueIsAnErrorAndNothingIsRelayed) {
  for (const json& bad : {json("fire"), json(""), json(1), json(nullptr), json::array({"heart"}),
                          json("Applause"), json("heart ")}) {
    const size_t before = sentTotal();
    ada->react(bad);
    EXPECT_EQ(sentTotal(), before + 1) << bad;  // the error reply, nothing else
    EXPECT_EQ(ada->lastError(), "bad-message") << bad;
  }
  ada->send({{"type", "reaction"}});
  EXPECT_EQ(ada->lastError(), "bad-message");
  EXPECT_EQ(bob->reactionsReceived(), 0u);
  // Refused messages take no token: the whole burst is still there.
  for (int i = 0; i < 5; ++i) ada->react("heart");
  EXPECT_EQ(bob->reactionsReceived(), 5u);
}

TEST_F(ReactionsTest, SomeoneWaitingInTheLobbyCannotReact) {
  ada->send({{"type", "room-access"}, {"lobby", true}});
  ASSERT_TRUE(ada->lastError().empty());
  Client& knocker = join("Klopf");
  ASSERT_FALSE(knocker.joined());
  const size_t before = sentTotal();
  knocker.react("applause");
  EXPECT_EQ(knocker.lastError(), "wrong-state");
  EXPECT_EQ(sentTotal(), before + 1);
  EXPECT_EQ(bob->reactionsReceived(), 0u);
}

TEST_F(ReactionsTest, NobodyOutsideARoomCanReact) {
  Client& stranger = testing::connectClient(clients, rooms);
  stranger.react("applause");
  EXPECT_EQ(stranger.lastError(), "wrong-state");
  EXPECT_EQ(bob->reactionsReceived(), 0u);
}

}  // namespace
}  // namespace vicos::room
