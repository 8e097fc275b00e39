// Tests of the room policy (P7, P10): guests wait for an organizer in `organizer` rooms and
// get no media until then; the first organizer (or in an open room the first person) is
// moderator; roles are announced and handed on.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeChannel;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  std::string id() const { return participantId(); }
  json joined() const { return lastOf("joined"); }
};

class AdmissionTest : public ::testing::Test {
 protected:
  Client& join(const std::string& name, bool organizer = false) {
    std::optional<Organizer> who;
    if (organizer) who = Organizer{"anna", "Anna"};
    Client& c = testing::connectClient(clients, *rooms, who);
    c.send(testing::joinMessage(name));
    return c;
  }
  // Before anyone joined.
  void useLimits(RoomLimits limits) { rooms = std::make_unique<RoomManager>(media, limits); }

  FakeMediaPlane media;
  std::unique_ptr<RoomManager> rooms = std::make_unique<RoomManager>(media, RoomLimits{50, RoomPolicy::Organizer});
  std::vector<std::unique_ptr<Client>> clients;
};

TEST_F(AdmissionTest, GuestsWaitWithoutMediaUntilAnOrganizerJoins) {
  Client& g1 = join("Gast 1");
  Client& g2 = join("Gast 2");
  for (Client* g : {&g1, &g2}) {
    ASSERT_EQ(g->channel->sent.size(), 1u);
    EXPECT_EQ(g->channel->sent[0]["type"], "waiting");
    EXPECT_EQ(g->channel->sent[0]["reason"], "organizer");
    EXPECT_EQ(g->channel->sent[0]["participant"].get<std::string>().size(), 16u);
  }
  EXPECT_TRUE(media.peers.empty());  // no ICE credentials, no offer for someone waiting
  ASSERT_NE(rooms->findRoom("team"), nullptr);
  EXPECT_FALSE(rooms->findRoom("team")->started());

  // A waiting guest can do nothing but wait or leave.
  g1.send({{"type", "chat"}, {"text", "hello?"}});
  EXPECT_EQ(g1.channel->ofType("error").back()["code"], "wrong-state");
  g1.send({{"type", "media"}, {"audio", true}, {"video", true}});
  EXPECT_EQ(g1.channel->ofType("error").size(), 2u);
  EXPECT_TRUE(g1.channel->ofType("offer").empty());

  Client& org = join("Anna", true);
  EXPECT_EQ(org.joined()["role"], "moderator");
  EXPECT_TRUE(rooms->findRoom("team")->started());
  for (Client* g : {&g1, &g2}) {
    ASSERT_FALSE(g->joined().is_null());
    EXPECT_EQ(g->joined()["role"], "guest");
    EXPECT_EQ(g->joined()["participant"], g->id());  // the same id as while waiting
    EXPECT_FALSE(g->channel->ofType("offer").empty());
  }
  EXPECT_EQ(media.peers.size(), 3u);
  // Everyone sees the organizer as moderator.
  bool seen = false;
  for (const auto& j : g2.channel->ofType("participant-joined"))
    if (j["participant"]["id"] == org.id()) seen = j["participant"]["role"] == "moderator";
  const json g2Joined = g2.joined();
  for (const auto& p : g2Joined["participants"])
    if (p["id"] == org.id()) seen = p["role"] == "moderator";
  EXPECT_TRUE(seen);

  // Once the meeting runs, guests come straight in; a second organizer is a participant.
  Client& g3 = join("Gast 3");
  EXPECT_EQ(g3.joined()["role"], "guest");
  Client& org2 = join("Bernd", true);
  EXPECT_EQ(org2.joined()["role"], "participant");
}

TEST_F(AdmissionTest, LeavingWhileWaitingLeavesNoTrace) {
  Client& g = join("Gast");
  g.send({{"type", "leave"}});
  EXPECT_TRUE(g.channel->closed);
  EXPECT_EQ(rooms->findRoom("team"), nullptr);  // the room went with its only waiter
  Client& g2 = join("Gast 2");
  g2.session->onClosed();
  EXPECT_EQ(rooms->roomCount(), 0u);
}

TEST_F(AdmissionTest, OpenRoomFirstPersonIsModerator) {
  useLimits(RoomLimits{50, RoomPolicy::Open});
  Client& a = join("Ada");
  Client& b = join("Ben");
  EXPECT_EQ(a.joined()["role"], "moderator");
  EXPECT_EQ(b.joined()["role"], "guest");
  // When the moderator leaves, the role passes on and everyone is told.
  a.send({{"type", "leave"}});  // a socket that just closes may resume
  bool promoted = false;
  for (const auto& j : b.channel->ofType("participant-updated"))
    promoted = promoted || (j["participant"]["id"] == b.id() && j["participant"]["role"] == "moderator");
  EXPECT_TRUE(promoted);
}

TEST_F(AdmissionTest, OrganizerTakesOverALeaderlessMeeting) {
  Client& org = join("Anna", true);
  Client& g = join("Gast");
  org.send({{"type", "leave"}});  // a socket that just closes may resume
  for (const auto& j : g.channel->ofType("participant-updated"))
    EXPECT_NE(j["participant"]["role"], "moderator");  // guests are not promoted
  Client& g2 = join("Gast 2");
  EXPECT_EQ(g2.joined()["role"], "guest");  // the meeting goes on, nobody waits
  Client& org2 = join("Bernd", true);
  EXPECT_EQ(org2.joined()["role"], "moderator");
}

TEST_F(AdmissionTest, WaitersCountTowardsTheRoomLimit) {
  useLimits(RoomLimits{2, RoomPolicy::Organizer});
  join("Gast 1");
  join("Gast 2");
  Client& g3 = join("Gast 3");
  EXPECT_EQ(g3.channel->ofType("error").back()["code"], "room-full");
}

}  // namespace
}  // namespace vicos::room
