// Tests of the Roster alone, without a room or a media plane: order, removal with hands and the
// speaker, the next leader, messages to all and to moderators, resume tokens and reconnect expiry.
#include "room/roster.hpp"

#include <gtest/gtest.h>

#include "room/room_fakes.hpp"

namespace vicos::room {
namespace {

using testing::FakeChannel;

class RosterTest : public ::testing::Test {
 protected:
  Participant& add(const std::string& id, Role role = Role::Guest, bool organizer = false) {
    Participant& p = roster.add(id);
    p.role = role;
    p.organizer = organizer;
    p.channel = channels[id] = std::make_shared<FakeChannel>();
    return p;
  }
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& [id, p] : roster) out.push_back(id);
    return out;
  }

  Roster roster;
  std::map<std::string, std::shared_ptr<FakeChannel>> channels;
};

TEST_F(RosterTest, KeepsParticipantsInIdOrder) {
  add("c");
  add("a");
  add("b");
  EXPECT_EQ(ids(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(roster.find("a")->id, "a");
  EXPECT_EQ(roster.find("x"), nullptr);
  EXPECT_TRUE(roster.contains("b"));
  EXPECT_EQ(roster.size(), 3u);
}

TEST_F(RosterTest, RemovingLowersTheHandAndForgetsTheSpeaker) {
  add("a").audio = true;
  add("b");
  add("c");
  roster.raiseHand("a");
  roster.raiseHand("b");
  roster.raiseHand("c");
  ASSERT_TRUE(roster.setActiveSpeaker("a"));
  EXPECT_EQ(roster.remove("a"), (std::vector<std::string>{"b", "c"}));  // who moved up, not the leaver
  EXPECT_EQ(roster.activeSpeaker(), "");
  EXPECT_EQ(roster.handPosition("b"), 1u);
  EXPECT_EQ(roster.remove("a"), std::vector<std::string>{});
  EXPECT_EQ(roster.remove("c"), std::vector<std::string>{});  // the last hand: nobody moves
  EXPECT_EQ(roster.size(), 1u);
}

TEST_F(RosterTest, OnlyAnUnmutedParticipantBecomesTheSpeakerOnce) {
  add("a");
  add("b").audio = true;
  EXPECT_FALSE(roster.setActiveSpeaker("a"));  // muted: stale packets do not count
  EXPECT_FALSE(roster.setActiveSpeaker("nobody"));
  EXPECT_TRUE(roster.setActiveSpeaker("b"));
  EXPECT_FALSE(roster.setActiveSpeaker("b"));  // no news
  EXPECT_EQ(roster.activeSpeaker(), "b");
}

TEST_F(RosterTest, NextLeaderIsTheFirstOrganizerElseInAnOpenRoomTheFirst) {
  EXPECT_EQ(roster.nextLeader(true), nullptr);  // nobody here
  add("a");
  add("b", Role::Participant, true);
  EXPECT_EQ(roster.nextLeader(false)->id, "b");
  roster.find("b")->organizer = false;
  EXPECT_EQ(roster.nextLeader(false), nullptr);
  EXPECT_EQ(roster.nextLeader(true)->id, "a");
  add("m", Role::Moderator);
  EXPECT_EQ(roster.nextLeader(true), nullptr);  // someone leads already
  EXPECT_TRUE(roster.hasModerator());
  EXPECT_EQ(roster.moderatorCount(), 1u);
}

TEST_F(RosterTest, BroadcastSkipsTheExceptedAndModeratorMessagesReachOnlyModerators) {
  add("a");
  add("m", Role::Moderator);
  roster.broadcast(R"({"type":"x"})", "a");
  roster.broadcast(R"({"type":"y"})");
  roster.sendToModerators(R"({"type":"z"})");
  EXPECT_EQ(channels["a"]->ofType("x").size(), 0u);
  EXPECT_EQ(channels["a"]->ofType("y").size(), 1u);
  EXPECT_EQ(channels["a"]->ofType("z").size(), 0u);
  EXPECT_EQ(channels["m"]->ofType("x").size(), 1u);
  EXPECT_EQ(channels["m"]->ofType("z").size(), 1u);
}

TEST_F(RosterTest, ResumeTokensMatchWholeAndNeverEmpty) {
  add("a").resumeToken = "0123456789abcdef0123456789abcdef";
  add("b");  // no token (none handed out yet)
  EXPECT_EQ(roster.holderOf("0123456789abcdef0123456789abcdef")->id, "a");
  EXPECT_EQ(roster.holderOf("0123456789abcdef0123456789abcde"), nullptr);
  EXPECT_EQ(roster.holderOf("0123456789abcdef0123456789abcdeF"), nullptr);
  EXPECT_EQ(roster.holderOf(""), nullptr);
}

TEST_F(RosterTest, ReconnectExpiryCountsOnlyReconnectingPastTheirDeadline) {
  Participant& a = add("a");
  a.reconnecting = true;
  a.reconnectDeadline = 100;
  Participant& b = add("b");
  b.reconnecting = true;
  b.reconnectDeadline = 200;
  add("c").reconnectDeadline = 50;  // connected: a deadline alone does not count
  EXPECT_TRUE(roster.reconnectExpired(99).empty());
  EXPECT_EQ(roster.reconnectExpired(100), std::vector<std::string>{"a"});
  EXPECT_EQ(roster.reconnectExpired(200), (std::vector<std::string>{"a", "b"}));
}

TEST_F(RosterTest, TakeAllEmptiesTheRoster) {
  add("a");
  add("b");
  roster.raiseHand("a");
  const auto all = roster.takeAll();
  EXPECT_EQ(all.size(), 2u);
  EXPECT_TRUE(roster.empty());
  EXPECT_EQ(roster.handPosition("a"), std::nullopt);
}

}  // namespace
}  // namespace vicos::room
