// Tests of polls in a room (docs/protocol.md "Polls"): who may ask (moderators, or everyone when a
// moderator allows it), vote (anyone, once, replaceable) and close (the asker or a moderator); the
// relay of anonymous votes without the voter's id; the per-meeting cap and the rate limit; and in
// every refusal an error to the sender and nothing relayed.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

// Poll ids as clients draw them: 22 base64url characters.
std::string pollId(int n) {
  std::string id = "poll-" + std::to_string(n);
  return id + std::string(22 - id.size(), 'x');
}

struct Client : testing::FakeClient {
  void ask(const std::string& poll, bool anonymous = false) {
    send({{"type", "poll-create"}, {"poll", poll}, {"anonymous", anonymous}, {"e2ee", "Q-" + poll}});
  }
  void vote(const std::string& poll, const std::string& ballot = "B") {
    send({{"type", "poll-vote"}, {"poll", poll}, {"e2ee", ballot}});
  }
  void close(const std::string& poll) { send({{"type", "poll-close"}, {"poll", poll}}); }
  size_t got(const std::string& type) const { return channel->ofType(type).size(); }
};

class PollsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mod = &join("Mod");  // the first in an open room is its moderator
    alice = &join("Alice");
    bob = &join("Bob");
  }
  Client& join(const std::string& name) {
    Client& c = testing::connectClient(clients, rooms);
    c.send(testing::joinMessage(name));
    return c;
  }
  size_t sentTotal() const { return testing::sentTotal(clients); }
  // Sends `act` from `who` and expects exactly one error `code` back to them and nothing else.
  template <typename Act>
  void expectRefused(Client& who, const std::string& code, Act act) {
    const size_t before = sentTotal();
    act();
    EXPECT_EQ(who.lastError(), code);
    EXPECT_EQ(sentTotal(), before + 1);
  }

  int64_t now = 1'000'000;
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Open}, [this] { return now; }};
  std::vector<std::unique_ptr<Client>> clients;
  Client* mod = nullptr;
  Client* alice = nullptr;
  Client* bob = nullptr;
  const std::string p1 = pollId(1);
};

TEST_F(PollsTest, AModeratorsPollGoesToEveryoneWithTheAsker) {
  mod->ask(p1, true);
  EXPECT_TRUE(mod->lastError().empty());
  const json expected{
      {"type", "poll"}, {"poll", p1}, {"from", mod->id()}, {"anonymous", true}, {"e2ee", "Q-" + p1}};
  for (Client* c : {mod, alice, bob}) EXPECT_EQ(c->lastOf("poll"), expected);
}

TEST_F(PollsTest, OnlyModeratorsMayAskUntilAModeratorAllowsEveryone) {
  EXPECT_EQ(mod->lastOf("room-settings")["whoMayPoll"], "moderators");
  expectRefused(*alice, "not-allowed", [&] { alice->ask(p1); });
  EXPECT_EQ(alice->lastOf("error")["ref"], "poll-create");
  // A participant cannot change the setting either.
  expectRefused(*alice, "not-allowed", [&] {
    alice->send({{"type", "room-settings"}, {"whoMayPoll", "everyone"}});
  });
  mod->send({{"type", "room-settings"}, {"whoMayPoll", "everyone"}});
  for (Client* c : {mod, alice, bob}) EXPECT_EQ(c->lastOf("room-settings")["whoMayPoll"], "everyone");
  alice->ask(p1);
  EXPECT_EQ(bob->lastOf("poll")["from"], alice->id());
  // The refused attempt left no poll behind: the id was free.
  EXPECT_EQ(bob->got("poll"), 1u);
  mod->send({{"type", "room-settings"}, {"whoMayPoll", "moderators"}});
  expectRefused(*bob, "not-allowed", [&] { bob->ask(pollId(2)); });
}

TEST_F(PollsTest, NamedVotesCarryTheVoterAndAReplacedVoteKeepsItsBallot) {
  mod->ask(p1, false);
  alice->vote(p1, "A1");
  bob->vote(p1, "B1");
  alice->vote(p1, "A2");
  EXPECT_TRUE(alice->lastError().empty());
  const auto votes = mod->channel->ofType("poll-vote");
  ASSERT_EQ(votes.size(), 3u);
  EXPECT_EQ(
      votes[0],
      (json{{"type", "poll-vote"}, {"poll", p1}, {"ballot", 1}, {"e2ee", "A1"}, {"from", alice->id()}}));
  EXPECT_EQ(votes[1]["ballot"], 2);
  EXPECT_EQ(votes[1]["from"], bob->id());
  EXPECT_EQ(votes[2]["ballot"], 1);  // Alice's second vote replaces her first
  EXPECT_EQ(votes[2]["e2ee"], "A2");
  EXPECT_EQ(alice->got("poll-vote"), 3u);  // the voter gets hers back too
}

TEST_F(PollsTest, AnonymousVotesAreRelayedWithoutTheVotersId) {
  mod->ask(p1, true);
  alice->vote(p1, "A1");
  bob->vote(p1, "B1");
  alice->vote(p1, "A2");
  for (Client* c : {mod, alice, bob}) {
    const auto votes = c->channel->ofType("poll-vote");
    ASSERT_EQ(votes.size(), 3u);
    for (const auto& v : votes) EXPECT_FALSE(v.contains("from")) << v;
    EXPECT_EQ(votes[0]["ballot"], 1);
    EXPECT_EQ(votes[1]["ballot"], 2);
    EXPECT_EQ(votes[2]["ballot"], 1);
    // Nothing the server sends about the poll names a voter.
    for (const auto& m : c->channel->sent) {
      if (m["type"] == "poll-vote") {
        EXPECT_EQ(m.dump().find(alice->id()), std::string::npos);
      }
    }
  }
}

TEST_F(PollsTest, AGuestCannotCloseAModeratorsPollButTheAskerAndModeratorsCan) {
  mod->ask(p1);
  expectRefused(*alice, "not-allowed", [&] { alice->close(p1); });
  EXPECT_EQ(alice->lastOf("error")["ref"], "poll-close");
  bob->vote(p1);  // still open
  EXPECT_TRUE(bob->lastError().empty());
  mod->close(p1);
  for (Client* c : {mod, alice, bob})
    EXPECT_EQ(c->lastOf("poll-closed"), (json{{"type", "poll-closed"}, {"poll", p1}, {"by", mod->id()}}));
  // A participant's own poll: they close it themselves, and another moderator could too.
  mod->send({{"type", "room-settings"}, {"whoMayPoll", "everyone"}});
  const std::string p2 = pollId(2), p3 = pollId(3);
  alice->ask(p2);
  expectRefused(*bob, "not-allowed", [&] { bob->close(p2); });
  alice->close(p2);
  EXPECT_EQ(bob->lastOf("poll-closed")["by"], alice->id());
  alice->ask(p3);
  mod->close(p3);
  EXPECT_EQ(bob->lastOf("poll-closed")["poll"], p3);
}

TEST_F(PollsTest, AClosedPollTakesNoVotesAndClosesOnce) {
  mod->ask(p1);
  mod->close(p1);
  expectRefused(*alice, "poll-closed", [&] { alice->vote(p1); });
  EXPECT_EQ(alice->lastOf("error")["ref"], "poll-vote");
  expectRefused(*mod, "poll-closed", [&] { mod->close(p1); });
  EXPECT_EQ(alice->got("poll-vote"), 0u);
}

TEST_F(PollsTest, UnknownPollsAndReusedIdsAreRefused) {
  expectRefused(*alice, "unknown-poll", [&] { alice->vote(p1); });
  expectRefused(*mod, "unknown-poll", [&] { mod->close(p1); });
  mod->ask(p1);
  expectRefused(*mod, "bad-message", [&] { mod->ask(p1, true); });
  EXPECT_EQ(bob->got("poll"), 1u);
  EXPECT_EQ(bob->lastOf("poll")["anonymous"], false);  // the first poll is untouched
}

TEST_F(PollsTest, MalformedPollMessagesChangeNothing) {
  mod->ask(p1);
  for (const json& bad :
       {json{{"type", "poll-create"}, {"poll", pollId(2)}, {"e2ee", "x"}},
        json{{"type", "poll-create"}, {"poll", "short"}, {"anonymous", false}, {"e2ee", "x"}},
        json{{"type", "poll-vote"}, {"poll", p1}},
        json{{"type", "poll-vote"}, {"poll", p1}, {"e2ee", std::string(257, 'a')}},
        json{{"type", "poll-vote"}, {"poll", p1}, {"e2ee", "not base64"}},
        json{{"type", "poll-close"}, {"poll", 5}}}) {
    expectRefused(*mod, "bad-message", [&] { mod->send(bad); });
  }
  // The poll is still open and nothing else was asked.
  alice->vote(p1);
  EXPECT_EQ(bob->got("poll-vote"), 1u);
  EXPECT_EQ(bob->got("poll"), 1u);
}

TEST_F(PollsTest, AMeetingAsksAtMostTwentyPolls) {
  for (int i = 0; i < 20; ++i) {
    now += 2000;  // two messages a round, within the rate limit
    mod->ask(pollId(100 + i));
    ASSERT_TRUE(mod->lastError().empty()) << i;
    mod->close(pollId(100 + i));  // closed polls count too
  }
  now += 1000;
  expectRefused(*mod, "too-many-polls", [&] { mod->ask(pollId(200)); });
  EXPECT_EQ(alice->got("poll"), 20u);
}

TEST_F(PollsTest, PollMessagesAreRateLimitedPerParticipant) {
  mod->ask(p1);
  for (int i = 0; i < 9; ++i) alice->vote(p1);  // the burst of 10 less the one below
  bob->vote(p1);
  EXPECT_TRUE(alice->lastError().empty());
  alice->vote(p1);
  EXPECT_TRUE(alice->lastError().empty());
  expectRefused(*alice, "rate-limited", [&] { alice->vote(p1); });
  EXPECT_EQ(alice->lastOf("error")["ref"], "poll-vote");
  bob->vote(p1);  // Bob has his own bucket
  EXPECT_TRUE(bob->lastError().empty());
  now += 1000;
  const size_t before = mod->got("poll-vote");
  alice->vote(p1);
  EXPECT_EQ(mod->got("poll-vote"), before + 1);
  // Refusals take no token: a burst of unknown polls leaves Bob's budget as it was.
  for (int i = 0; i < 20; ++i) bob->vote(pollId(9));
  EXPECT_EQ(bob->lastError(), "unknown-poll");
  for (int i = 0; i < 8; ++i) bob->vote(p1);
  EXPECT_EQ(bob->lastError(), "unknown-poll");  // no rate-limited among them
}

TEST_F(PollsTest, SomeoneWaitingCannotVote) {
  mod->ask(p1);
  mod->send({{"type", "room-access"}, {"lobby", true}});
  Client& knocker = join("Klopf");
  ASSERT_FALSE(knocker.joined());
  expectRefused(knocker, "wrong-state", [&] { knocker.vote(p1); });
  EXPECT_EQ(mod->got("poll-vote"), 0u);
}

TEST_F(PollsTest, PollsAreGoneWithTheMeeting) {
  mod->ask(p1);
  for (Client* c : {alice, bob, mod}) c->send({{"type", "leave"}});
  EXPECT_EQ(rooms.findRoom("team"), nullptr);
  Client& again = join("Mod");
  again.vote(p1);
  EXPECT_EQ(again.lastError(), "unknown-poll");
  again.ask(p1);  // the id is free in the new meeting
  EXPECT_EQ(again.lastOf("poll")["poll"], p1);
}

}  // namespace
}  // namespace vicos::room
