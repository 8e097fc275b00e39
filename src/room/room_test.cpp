// Tests of the meeting rules through the signaling session: chat to everyone and in private,
// raised hands in order, the active speaker, and the errors for bad input and wrong state.
#include <gtest/gtest.h>

#include <map>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeChannel;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  std::string id;

  json lastError() const { return lastOf("error"); }
};

class RoomTest : public ::testing::Test {
 protected:
  Client& connect() {
    auto& c = clients.emplace_back(std::make_unique<Client>());
    c->session = std::make_unique<SignalingSession>(rooms, c->channel);
    return *c;
  }
  Client& join(const std::string& name, const std::string& room = "team") {
    Client& c = connect();
    c.send({{"type", "join"}, {"version", 1}, {"room", room}, {"name", name}});
    const auto joined = c.channel->ofType("joined");
    EXPECT_EQ(joined.size(), 1u) << name;
    if (!joined.empty()) c.id = joined[0]["participant"];
    return c;
  }
  void clearAll() {
    for (auto& c : clients) c->channel->sent.clear();
  }

  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{}};
  std::vector<std::unique_ptr<Client>> clients;
};

TEST_F(RoomTest, ChatReachesEveryoneWithSenderAndServerTime) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  Client& c = join("Cleo");
  clearAll();
  const int64_t before = systemMillis();
  a.send({{"type", "chat"}, {"text", "Hallo zusammen"}});
  const int64_t after = systemMillis();
  for (Client* x : {&a, &b, &c}) {
    const auto chats = x->channel->ofType("chat");
    ASSERT_EQ(chats.size(), 1u);
    EXPECT_EQ(chats[0]["from"], a.id);
    EXPECT_EQ(chats[0]["text"], "Hallo zusammen");
    EXPECT_EQ(chats[0]["private"], false);
    EXPECT_FALSE(chats[0].contains("to"));
    EXPECT_GE(chats[0]["at"].get<int64_t>(), before);
    EXPECT_LE(chats[0]["at"].get<int64_t>(), after);
  }
  EXPECT_TRUE(a.channel->ofType("error").empty());
}

TEST_F(RoomTest, PrivateChatReachesOnlySenderAndRecipient) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  Client& c = join("Cleo");
  clearAll();
  a.send({{"type", "chat"}, {"text", "nur für dich"}, {"to", b.id}});
  for (Client* x : {&a, &b}) {
    const auto chats = x->channel->ofType("chat");
    ASSERT_EQ(chats.size(), 1u);
    EXPECT_EQ(chats[0]["private"], true);
    EXPECT_EQ(chats[0]["to"], b.id);
    EXPECT_EQ(chats[0]["from"], a.id);
  }
  EXPECT_TRUE(c.channel->sent.empty()) << "the third participant sees nothing";
}

TEST_F(RoomTest, ChatToUnknownOrSelfOrAnotherRoomIsRefused) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  Client& other = join("Olga", "elsewhere");
  clearAll();
  for (const std::string& to : {std::string("ffffffffffffffff"), a.id, other.id}) {
    a.send({{"type", "chat"}, {"text", "hallo"}, {"to", to}});
    EXPECT_EQ(a.lastError()["code"], "unknown-participant") << to;
    EXPECT_EQ(a.lastError()["ref"], "chat");
  }
  EXPECT_TRUE(a.channel->ofType("chat").empty());
  EXPECT_TRUE(b.channel->sent.empty());
  EXPECT_TRUE(other.channel->sent.empty());
}

TEST_F(RoomTest, OversizedOrEmptyChatIsRefusedAndNotRelayed) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  clearAll();
  a.send({{"type", "chat"}, {"text", std::string(2001, 'x')}});
  EXPECT_EQ(a.lastError()["code"], "invalid-chat");
  a.send({{"type", "chat"}, {"text", "   "}});
  EXPECT_EQ(a.lastError()["code"], "invalid-chat");
  a.send({{"type", "chat"}, {"text", std::string(2000, 'x')}});  // the limit itself is fine
  EXPECT_EQ(a.channel->ofType("error").size(), 2u);
  ASSERT_EQ(b.channel->ofType("chat").size(), 1u);
  EXPECT_EQ(b.channel->ofType("chat")[0]["text"].get<std::string>().size(), 2000u);
}

TEST_F(RoomTest, ChatAndHandBeforeJoiningAreWrongState) {
  Client& a = join("Ada");
  Client& stranger = connect();
  clearAll();
  stranger.send({{"type", "chat"}, {"text", "hallo"}});
  EXPECT_EQ(stranger.lastError()["code"], "wrong-state");
  stranger.send({{"type", "hand"}, {"raised", true}});
  EXPECT_EQ(stranger.channel->ofType("error").size(), 2u);
  EXPECT_TRUE(a.channel->sent.empty());
}

// The hand position each client last heard for `id`.
json handSeenBy(const Client& viewer, const std::string& id) {
  json hand = "never told";
  for (const auto& j : viewer.channel->sent) {
    if (j["type"] == "participant-updated" && j["participant"]["id"] == id) hand = j["participant"]["hand"];
  }
  return hand;
}

TEST_F(RoomTest, HandsKeepTheOrderTheyWentUpIn) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  Client& c = join("Cleo");
  clearAll();
  a.send({{"type", "hand"}, {"raised", true}});
  c.send({{"type", "hand"}, {"raised", true}});
  b.send({{"type", "hand"}, {"raised", true}});
  for (Client* viewer : {&a, &b, &c}) {  // the raisers themselves are told too
    EXPECT_EQ(handSeenBy(*viewer, a.id), 1);
    EXPECT_EQ(handSeenBy(*viewer, c.id), 2);
    EXPECT_EQ(handSeenBy(*viewer, b.id), 3);
  }
  b.send({{"type", "hand"}, {"raised", true}});  // again: no change, no message
  EXPECT_EQ(a.channel->ofType("participant-updated").size(), 3u);

  a.send({{"type", "hand"}, {"raised", false}});
  EXPECT_TRUE(handSeenBy(b, a.id).is_null());
  EXPECT_EQ(handSeenBy(b, c.id), 1);
  EXPECT_EQ(handSeenBy(b, b.id), 2);

  // A newcomer learns the hands from `joined`.
  Client& d = join("Dora");
  const json present = d.channel->ofType("joined").at(0)["participants"];
  std::map<std::string, json> hands;
  for (const auto& p : present) hands[p["id"]] = p["hand"];
  EXPECT_EQ(hands, (std::map<std::string, json>{{a.id, nullptr}, {b.id, 2}, {c.id, 1}}));

  // Whoever leaves leaves the queue; those behind move up.
  c.send({{"type", "leave"}});  // a socket that just closes may resume
  EXPECT_EQ(handSeenBy(d, b.id), 1);
}

TEST_F(RoomTest, MediaUpdatesCarryTheHandAndStillSkipTheSender) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  a.send({{"type", "hand"}, {"raised", true}});
  clearAll();
  a.send({{"type", "media"}, {"audio", true}, {"video", false}});
  EXPECT_TRUE(a.channel->ofType("participant-updated").empty());
  ASSERT_EQ(b.channel->ofType("participant-updated").size(), 1u);
  EXPECT_EQ(b.channel->ofType("participant-updated")[0]["participant"]["hand"], 1);
}

TEST_F(RoomTest, ActiveSpeakerIsBroadcastOnChangeOnlyAndNeverMuted) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  ASSERT_TRUE(media.speaker);
  clearAll();
  media.speaker("team", a.id);  // Ada's microphone is off (P22): ignored
  EXPECT_TRUE(b.channel->ofType("active-speaker").empty());
  a.send({{"type", "media"}, {"audio", true}, {"video", false}});
  media.speaker("team", a.id);
  media.speaker("team", a.id);  // no change, no message
  media.speaker("team", "ffffffffffffffff");
  media.speaker("no-such-room", a.id);
  for (Client* x : {&a, &b}) {
    const auto speakers = x->channel->ofType("active-speaker");
    ASSERT_EQ(speakers.size(), 1u);
    EXPECT_EQ(speakers[0]["participant"], a.id);
  }
  Client& c = join("Cleo");
  const auto& sent = c.channel->sent;
  ASSERT_GE(sent.size(), 2u);
  EXPECT_EQ(sent[0]["type"], "joined");
  EXPECT_EQ(sent[1], (json{{"type", "active-speaker"}, {"participant", a.id}}));
}

TEST_F(RoomTest, SpeakerWhoLeftIsForgotten) {
  Client& a = join("Ada");
  join("Ben");
  a.send({{"type", "media"}, {"audio", true}, {"video", false}});
  media.speaker("team", a.id);
  a.send({{"type", "leave"}});  // a socket that just closes may resume
  Client& c = join("Cleo");
  EXPECT_TRUE(c.channel->ofType("active-speaker").empty());
}

TEST_F(RoomTest, OffersHaveThreeUplinksAnAudioSlotAndVideoPerOther) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  const auto offer = b.channel->ofType("offer").back();  // Ada's own waits for her answer
  const std::string sdp = offer["sdp"];
  size_t mLines = 0;
  for (size_t pos = sdp.find("\nm="); pos != std::string::npos; pos = sdp.find("\nm=", pos + 1)) ++mLines;
  EXPECT_EQ(mLines, 6u);  // 0 audio, 1 camera, 2 screen uplinks; 3-5 Ada's downlinks
  EXPECT_NE(sdp.find("a=group:BUNDLE 0 1 2 3 4 5\r\n"), std::string::npos) << sdp;
  size_t recvonly = 0;
  for (size_t pos = sdp.find("a=recvonly"); pos != std::string::npos; pos = sdp.find("a=recvonly", pos + 1)) ++recvonly;
  EXPECT_EQ(recvonly, 3u);
  EXPECT_EQ(offer["streams"], (json{{{"mid", "3"}, {"participant", ""}, {"kind", "audio"}},
                                    {{"mid", "4"}, {"participant", a.id}, {"kind", "video"}},
                                    {{"mid", "5"}, {"participant", a.id}, {"kind", "screen"}}}));
  size_t screens = 0;
  for (const auto& d : media.downlinks) screens += d.kind == sfu::MediaKind::Screen;
  EXPECT_EQ(screens, 2u);  // Ada gets Ben's screen, Ben gets Ada's
}

// Bounded downlinks (issue 10 item 6): audio comes through at most three slots, whoever joins.
TEST_F(RoomTest, AudioComesThroughAtMostThreeSlots) {
  std::vector<Client*> people;
  for (const char* name : {"Ada", "Ben", "Cid", "Dora", "Emil"}) people.push_back(&join(name));
  Client& emil = *people.back();
  const auto streams = emil.channel->ofType("offer").back()["streams"];
  size_t slots = 0;
  size_t videos = 0;
  for (const auto& s : streams) {
    if (s["kind"] == "audio") {
      ++slots;
      EXPECT_EQ(s["participant"], "");
    }
    videos += s["kind"] == "video";
  }
  EXPECT_EQ(slots, 3u);
  EXPECT_EQ(videos, 4u);
  // The media plane has every pair's audio to choose from, and three slots per participant.
  size_t sources = 0;
  size_t planeSlots = 0;
  for (const auto& d : media.downlinks) {
    if (d.kind != sfu::MediaKind::Audio) continue;
    if (d.publisher.empty()) {
      ++planeSlots;
      EXPECT_NE(d.ssrc, 0u);
    } else {
      ++sources;
      EXPECT_EQ(d.mid, "~" + d.publisher);
    }
  }
  EXPECT_EQ(sources, 5u * 4u);
  EXPECT_EQ(planeSlots, 5u * 3u);  // Ada's grow with Ben, Cid and Dora to three, as everyone's
  // Someone leaves and someone joins: the newcomer gets three slots, nobody else one more.
  people[1]->send({{"type", "leave"}});
  Client& fritz = join("Fritz");
  size_t added = 0;
  for (const auto& d : media.downlinks)
    if (d.kind == sfu::MediaKind::Audio && d.publisher.empty()) ++added;
  EXPECT_EQ(added - planeSlots, 3u);
  size_t fritzSlots = 0;
  const json fritzStreams = fritz.channel->ofType("offer").back()["streams"];
  for (const auto& s : fritzStreams) fritzSlots += s["kind"] == "audio";
  EXPECT_EQ(fritzSlots, 3u);
}

TEST_F(RoomTest, ScreenSharingIsAParticipantState) {
  Client& a = join("Ada");
  Client& b = join("Ben");
  clearAll();
  a.send({{"type", "media"}, {"audio", false}, {"video", false}, {"screen", true}});
  ASSERT_EQ(b.channel->ofType("participant-updated").size(), 1u);
  EXPECT_EQ(b.channel->ofType("participant-updated")[0]["participant"]["screen"], true);
  a.send({{"type", "media"}, {"audio", false}, {"video", false}});  // absent: stopped
  EXPECT_EQ(b.channel->ofType("participant-updated").back()["participant"]["screen"], false);
}

TEST(RoomManagerLifetime, UnregistersTheSpeakerHandler) {
  FakeMediaPlane media;
  {
    RoomManager rooms(media, RoomLimits{});
    EXPECT_TRUE(media.speaker);
  }
  EXPECT_FALSE(media.speaker);
}

}  // namespace
}  // namespace vicos::room
