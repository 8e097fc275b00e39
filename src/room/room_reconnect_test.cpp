// Tests of reconnecting (docs/protocol.md "Reconnecting"): the grace period, resuming the same
// participation with a single-use token, hostile and late tokens, and media restarts.
#include <gtest/gtest.h>

#include <algorithm>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using sfu::MediaKind;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  std::string id;
  std::string token() const {
    const json j = lastOf("resumed").is_null() ? lastOf("joined") : lastOf("resumed");
    return j.is_null() ? std::string() : j.value("resumeToken", std::string());
  }
  json lastError() const { return lastOf("error"); }
  size_t count(const std::string& type) const { return channel->ofType(type).size(); }
};

class ReconnectTest : public ::testing::Test {
 protected:
  Client& connect() {
    return testing::connectClient(clients, rooms);
  }
  Client& join(const std::string& name, const std::string& room = "team") {
    Client& c = connect();
    c.send(testing::joinMessage(name, room));
    c.id = c.participantId();
    EXPECT_FALSE(c.id.empty()) << name;
    media.connected(room, c.id);  // only those whose media connected get a grace period
    return c;
  }
  // A new socket presenting `token`; `id` is set when it resumed.
  Client& resume(const std::string& token, const std::string& room = "team") {
    Client& c = connect();
    c.send({{"type", "resume"}, {"room", room}, {"token", token}});
    if (const json r = c.lastOf("resumed"); !r.is_null()) c.id = r["participant"];
    return c;
  }
  void clearAll() {
    for (auto& c : clients) c->channel->sent.clear();
  }
  size_t peersOf(const std::string& id) const { return std::count(media.peers.begin(), media.peers.end(), id); }
  size_t removalsOf(const std::string& id) const {
    return std::count(media.removed.begin(), media.removed.end(), id);
  }
  static json mentionOf(const Client& c, const std::string& type, const std::string& who) {
    json last;
    for (const auto& j : c.channel->ofType(type))
      if (j["participant"].is_object() ? j["participant"]["id"] == who : j["participant"] == who) last = j;
    return last;
  }

  int64_t nowMs = 1'000'000;
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{}, [this] { return nowMs; }};
  std::vector<std::unique_ptr<Client>> clients;
};

TEST_F(ReconnectTest, JoinedCarriesA128BitTokenOfItsOwn) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  EXPECT_EQ(a.token().size(), 32u);
  EXPECT_TRUE(std::all_of(a.token().begin(), a.token().end(), [](char c) { return std::isxdigit(c); }));
  EXPECT_NE(a.token(), b.token());
  // Nobody else ever sees it.
  for (const auto& j : b.channel->sent) EXPECT_EQ(j.dump().find(a.token()), std::string::npos);
}

TEST_F(ReconnectTest, AClosedSocketMakesTheParticipantReconnectingNotGone) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  clearAll();
  a.session->onClosed();
  EXPECT_EQ(b.count("participant-left"), 0u);
  const json update = mentionOf(b, "participant-updated", a.id);
  ASSERT_FALSE(update.is_null());
  EXPECT_EQ(update["participant"]["reconnecting"], true);
  EXPECT_EQ(removalsOf(a.id), 0u);  // the media peer stays
  // A newcomer sees them too, marked reconnecting.
  Client& c = join("Cleo");
  const json present = c.lastOf("joined")["participants"];
  ASSERT_EQ(present.size(), 2u);
  EXPECT_EQ(present[0]["id"] == a.id ? present[0]["reconnecting"] : present[1]["reconnecting"], true);
}

TEST_F(ReconnectTest, ResumeKeepsIdRoleHandAndModerationWithAFreshMediaPeer) {
  Client& mod = join("Moderator");  // the first in an open room leads
  Client& b = join("Ben");
  b.send({{"type", "hand"}, {"raised", true}});
  mod.send({{"type", "mute"}, {"participant", b.id}});
  const std::string token = b.token();
  const auto oldStreams = mod.lastOf("offer")["streams"];
  const size_t downlinksBefore = media.downlinks.size();
  const size_t mutedCalls = media.forwardingCalls.size();
  b.session->onClosed();
  clearAll();

  Client& b2 = resume(token);
  ASSERT_EQ(b2.id, b.id);
  const json resumed = b2.lastOf("resumed");
  EXPECT_EQ(resumed["room"], "team");
  EXPECT_EQ(resumed["role"], "guest");
  EXPECT_EQ(resumed["self"]["hand"], 1);
  EXPECT_EQ(resumed["self"]["mutedBy"], mod.id);
  EXPECT_EQ(resumed["self"]["reconnecting"], false);
  ASSERT_EQ(resumed["participants"].size(), 1u);
  EXPECT_EQ(resumed["participants"][0]["id"], mod.id);
  EXPECT_NE(b2.token(), token);
  EXPECT_EQ(b2.token().size(), 32u);
  for (const char* type : {"room-access", "room-settings", "offer"}) EXPECT_EQ(b2.count(type), 1u) << type;
  EXPECT_EQ(b2.channel->sent.front()["type"], "resumed");  // before the offer
  EXPECT_EQ(b2.lastOf("offer")["fresh"], true);  // answered from a new RTCPeerConnection
  EXPECT_FALSE(mod.lastOf("offer").contains("fresh"));
  // A fresh peer (new ICE and DTLS), and the moderator's mute still holds on it.
  EXPECT_EQ(peersOf(b.id), 2u);
  EXPECT_EQ(removalsOf(b.id), 1u);
  EXPECT_FALSE(media.forwarding(b.id, MediaKind::Audio));
  EXPECT_GT(media.forwardingCalls.size(), mutedCalls);
  // The others see the return, not a leave and a join, and get Ben's new streams on new m-lines.
  EXPECT_EQ(mod.count("participant-left"), 0u);
  EXPECT_EQ(mod.count("participant-joined"), 0u);
  EXPECT_EQ(mentionOf(mod, "participant-updated", b.id)["participant"]["reconnecting"], false);
  // (The moderator's next offer carries them once it answered the outstanding one.)
  size_t toModerator = 0;
  for (size_t i = downlinksBefore; i < media.downlinks.size(); ++i) {
    const auto& d = media.downlinks[i];
    if (d.subscriber != mod.id) continue;
    ++toModerator;
    EXPECT_EQ(d.publisher, b.id);
    for (const auto& old : oldStreams) EXPECT_NE(d.mid, old["mid"]);
  }
  EXPECT_EQ(toModerator, 3u);
  // The new socket speaks for Ben.
  b2.send({{"type", "chat"}, {"text", "wieder da"}});
  EXPECT_EQ(mod.lastOf("chat")["from"], b.id);
  EXPECT_TRUE(b2.lastError().is_null());
}

TEST_F(ReconnectTest, ATokenWorksOnce) {
  join("Ada");
  Client& b = join("Ben");
  const std::string token = b.token();
  b.session->onClosed();
  Client& b2 = resume(token);
  ASSERT_EQ(b2.id, b.id);
  b2.session->onClosed();
  Client& replay = resume(token);
  EXPECT_TRUE(replay.id.empty());
  EXPECT_EQ(replay.lastError()["code"], "resume-failed");
  EXPECT_EQ(replay.lastError()["ref"], "resume");
  // The new token still works.
  EXPECT_EQ(resume(b2.token()).id, b.id);
}

TEST_F(ReconnectTest, AWrongTokenIsRefusedAndChangesNothing) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  const std::string token = b.token();
  b.session->onClosed();
  clearAll();
  std::string wrong = token;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  Client& x = resume(wrong);
  EXPECT_EQ(x.lastError()["code"], "resume-failed");
  EXPECT_EQ(resume("not-a-token-at-all").lastError()["code"], "resume-failed");
  EXPECT_EQ(resume(token, "no-such-room").lastError()["code"], "resume-failed");
  EXPECT_TRUE(a.channel->sent.empty());
  EXPECT_EQ(peersOf(b.id), 1u);
  // A refused socket may still join as someone new.
  x.send({{"type", "join"}, {"version", 1}, {"room", "team"}, {"name", "Neu"}});
  EXPECT_EQ(x.count("joined"), 1u);
  // And Ben's real token still works.
  EXPECT_EQ(resume(token).id, b.id);
}

TEST_F(ReconnectTest, ATokenIsBoundToItsRoom) {
  join("Ada", "team");
  Client& b = join("Ben", "other");
  b.session->onClosed();
  Client& x = resume(b.token(), "team");
  EXPECT_EQ(x.lastError()["code"], "resume-failed");
  EXPECT_TRUE(x.id.empty());
}

TEST_F(ReconnectTest, ARemovedParticipantCannotResume) {
  Client& mod = join("Moderator");
  Client& b = join("Ben");
  mod.send({{"type", "remove"}, {"participant", b.id}});
  b.session->onClosed();
  EXPECT_EQ(resume(b.token()).lastError()["code"], "resume-failed");
  EXPECT_EQ(rooms.findRoom("team")->find(b.id), nullptr);
}

TEST_F(ReconnectTest, AfterTheGracePeriodTheParticipantLeavesAndCannotResume) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  b.session->onClosed();
  clearAll();
  nowMs += kReconnectGraceMs - 1;
  rooms.expire();
  EXPECT_EQ(a.count("participant-left"), 0u);
  nowMs += 1;
  rooms.expire();
  EXPECT_EQ(mentionOf(a, "participant-left", b.id)["participant"], b.id);
  EXPECT_EQ(removalsOf(b.id), 1u);
  EXPECT_EQ(resume(b.token()).lastError()["code"], "resume-failed");
}

TEST_F(ReconnectTest, ARoomOfReconnectingParticipantsLastsUntilTheGraceEnds) {
  Client& a = join("Ada");
  a.session->onClosed();
  EXPECT_EQ(rooms.roomCount(), 1u);
  nowMs += kReconnectGraceMs;
  rooms.expire();
  EXPECT_EQ(rooms.roomCount(), 0u);
  EXPECT_EQ(resume(a.token()).lastError()["code"], "resume-failed");
}

TEST_F(ReconnectTest, LeaveEndsTheParticipationAtOnce) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  clearAll();
  b.send({{"type", "leave"}});
  EXPECT_EQ(a.count("participant-left"), 1u);
  EXPECT_EQ(resume(b.token()).lastError()["code"], "resume-failed");
}

TEST_F(ReconnectTest, ASecondSocketReplacesTheFirstWhichCanDoNothingMore) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  Client& b2 = resume(b.token());  // Ben's first socket is still open
  ASSERT_EQ(b2.id, b.id);
  EXPECT_TRUE(b.channel->closed);
  clearAll();
  b.send({{"type", "chat"}, {"text", "alter Kanal"}});
  EXPECT_EQ(b.lastError()["code"], "wrong-state");
  b.send({{"type", "leave"}});
  EXPECT_EQ(b.lastError()["code"], "wrong-state");
  b.session->onClosed();  // the old socket's close arrives late
  EXPECT_TRUE(a.channel->sent.empty());  // neither reconnecting nor left
  b2.send({{"type", "hand"}, {"raised", true}});
  EXPECT_EQ(mentionOf(a, "participant-updated", b.id)["participant"]["hand"], 1);
}

TEST_F(ReconnectTest, ResumeIsOnlyForASocketWithoutAParticipation) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  a.send({{"type", "resume"}, {"room", "team"}, {"token", b.token()}});
  EXPECT_EQ(a.lastError()["code"], "wrong-state");
  EXPECT_FALSE(b.channel->closed);
  EXPECT_EQ(peersOf(b.id), 1u);
}

TEST_F(ReconnectTest, RestartMediaRenewsThePeerAtMostEveryFiveSeconds) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  clearAll();
  size_t downlinks = media.downlinks.size();
  a.send({{"type", "restart-media"}});
  EXPECT_TRUE(a.lastError().is_null());
  EXPECT_EQ(peersOf(a.id), 2u);
  EXPECT_EQ(a.count("offer"), 1u);
  EXPECT_EQ(a.lastOf("offer")["fresh"], true);
  // Ada's uplinks to Ben on new m-lines (audio, video, screen), and Ben's to Ada with her new
  // peer's audio slot.
  EXPECT_EQ(media.downlinks.size(), downlinks + 7);
  clearAll();
  downlinks = media.downlinks.size();
  nowMs += kMediaRestartIntervalMs - 1;
  a.send({{"type", "restart-media"}});
  EXPECT_EQ(a.lastError()["code"], "restart-throttled");
  EXPECT_EQ(peersOf(a.id), 2u);
  EXPECT_EQ(a.count("offer"), 0u);
  EXPECT_EQ(b.count("offer"), 0u);
  EXPECT_EQ(media.downlinks.size(), downlinks);
  nowMs += 1;
  a.send({{"type", "restart-media"}});
  EXPECT_EQ(peersOf(a.id), 3u);
  // Not before joining.
  Client& x = connect();
  x.send({{"type", "restart-media"}});
  EXPECT_EQ(x.lastError()["code"], "wrong-state");
}

TEST_F(ReconnectTest, FailedMediaKeepsTheParticipantUntilItAsksForANewPeer) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  clearAll();
  media.report("team", a.id, sfu::PeerEvent::ConsentExpired);
  EXPECT_FALSE(a.channel->closed);
  EXPECT_EQ(b.count("participant-left"), 0u);
  EXPECT_EQ(removalsOf(a.id), 1u);
  media.report("team", a.id, sfu::PeerEvent::Failed);  // removed once only
  EXPECT_EQ(removalsOf(a.id), 1u);
  nowMs += kMediaRestartIntervalMs;
  a.send({{"type", "restart-media"}});
  EXPECT_EQ(peersOf(a.id), 2u);
  EXPECT_EQ(removalsOf(a.id), 1u);  // one removal per peer
  a.send({{"type", "leave"}});
  EXPECT_EQ(removalsOf(a.id), 2u);
}

// The race of a renewal: the old peer's failure is posted to the control thread after the
// room asked for a new one. It must not take the new peer down.
TEST_F(ReconnectTest, AReplacedPeersLateFailureLeavesItsSuccessorAlone) {
  Client& a = join("Ada");
  join("Ben");
  const media::PeerId old = media.peerIds.at(a.id);
  nowMs += kMediaRestartIntervalMs;
  a.send({{"type", "restart-media"}});
  ASSERT_EQ(peersOf(a.id), 2u);
  ASSERT_FALSE(media.peerIds.at(a.id) == old);
  EXPECT_EQ(removalsOf(a.id), 1u);  // the old peer, by the renewal
  rooms.onPeerEvent("team", a.id, old, sfu::PeerEvent::Failed);
  rooms.onPeerEvent("team", a.id, old, sfu::PeerEvent::ConsentExpired);
  EXPECT_EQ(removalsOf(a.id), 1u);  // the new peer is still there
  // The new peer's own failure still counts.
  media.report("team", a.id, sfu::PeerEvent::Failed);
  EXPECT_EQ(removalsOf(a.id), 2u);
}

}  // namespace
}  // namespace vicos::room
