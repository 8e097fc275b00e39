// Tests of the end-to-end encryption relay through the signaling session: `from` set by the
// server, directed and broadcast announcements, keys to one recipient only, unknown
// recipients, wrong state, encrypted names and chat passed through opaque, the meeting
// instance, and no payload in the log.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/log.hpp"
#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeChannel;
using testing::FakeMediaPlane;

const std::string kPub(87, 'P');
const std::string kName = std::string(380, 'n') + "Nme";
const std::string kMac(43, 'M');
const std::string kIv(16, 'I');
const std::string kCt = std::string(60, 'C') + "Wrap";

struct Client : testing::FakeClient {
  std::string id;

  std::string lastErrorCode() const {
    const auto error = lastOf("error");
    return error.is_null() ? "" : error["code"].get<std::string>();
  }
};

class E2eeRelayTest : public ::testing::Test {
 protected:
  Client& connect() {
    auto& c = clients.emplace_back(std::make_unique<Client>());
    c->session = std::make_unique<SignalingSession>(rooms, c->channel);
    return *c;
  }
  Client& join(const std::string& encryptedName, const std::string& room = "team") {
    Client& c = connect();
    c.send({{"type", "join"}, {"version", 1}, {"room", room}, {"e2eeName", encryptedName}});
    const auto joined = c.channel->ofType("joined");
    EXPECT_EQ(joined.size(), 1u);
    if (!joined.empty()) c.id = joined[0]["participant"];
    return c;
  }
  void clearAll() {
    for (auto& c : clients) c->channel->sent.clear();
  }
  static json announce() { return {{"type", "e2ee-announce"}, {"pub", kPub}, {"name", kName}, {"mac", kMac}}; }
  static json key(const std::string& to) {
    return {{"type", "e2ee-key"}, {"to", to}, {"idx", 7}, {"iv", kIv}, {"ct", kCt}};
  }

  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{}};
  std::vector<std::unique_ptr<Client>> clients;
};

TEST_F(E2eeRelayTest, EncryptedNameIsKeptOpaqueAndMarked) {
  Client& a = join(kName);
  Client& b = join("QmVu");
  const auto joined = b.channel->ofType("joined")[0];
  ASSERT_EQ(joined["participants"].size(), 1u);
  EXPECT_EQ(joined["participants"][0]["name"], kName);
  EXPECT_EQ(joined["participants"][0]["e2ee"], true);
  const auto newcomer = a.channel->ofType("participant-joined");
  ASSERT_EQ(newcomer.size(), 1u);
  EXPECT_EQ(newcomer[0]["participant"]["name"], "QmVu");
  EXPECT_EQ(newcomer[0]["participant"]["e2ee"], true);
  Client& c = connect();
  c.send({{"type", "join"}, {"version", 1}, {"room", "team"}, {"name", "Plain Cleo"}});
  EXPECT_EQ(a.channel->ofType("participant-joined").back()["participant"]["e2ee"], false);
}

TEST_F(E2eeRelayTest, BroadcastAnnounceReachesEveryoneElseWithServerSetFrom) {
  Client& a = join(kName);
  Client& b = join(kName);
  Client& c = join(kName);
  clearAll();
  json j = announce();
  j["from"] = c.id;  // a forged `from` is overwritten
  a.send(j);
  EXPECT_TRUE(a.channel->ofType("e2ee-announce").empty()) << "not echoed to the sender";
  for (Client* x : {&b, &c}) {
    const auto got = x->channel->ofType("e2ee-announce");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], (json{{"type", "e2ee-announce"}, {"from", a.id}, {"pub", kPub}, {"name", kName}, {"mac", kMac}}));
  }
  EXPECT_EQ(a.lastErrorCode(), "");
}

TEST_F(E2eeRelayTest, DirectedAnnounceAndKeyReachOnlyTheRecipient) {
  Client& a = join(kName);
  Client& b = join(kName);
  Client& c = join(kName);
  clearAll();
  json j = announce();
  j["to"] = b.id;
  a.send(j);
  a.send(key(b.id));
  ASSERT_EQ(b.channel->ofType("e2ee-announce").size(), 1u);
  EXPECT_EQ(b.channel->ofType("e2ee-announce")[0]["to"], b.id);
  EXPECT_EQ(b.channel->ofType("e2ee-announce")[0]["from"], a.id);
  const auto keys = b.channel->ofType("e2ee-key");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0], (json{{"type", "e2ee-key"}, {"from", a.id}, {"to", b.id}, {"idx", 7}, {"iv", kIv}, {"ct", kCt}}));
  EXPECT_TRUE(c.channel->sent.empty());
  EXPECT_TRUE(a.channel->sent.empty());
}

TEST_F(E2eeRelayTest, UnknownRecipientIsAnErrorAndNothingIsSent) {
  Client& a = join(kName);
  Client& b = join(kName);
  Client& other = join(kName, "elsewhere");
  clearAll();
  for (const std::string& to : {std::string("0000000000000000"), a.id, other.id}) {
    a.send(key(to));
    EXPECT_EQ(a.lastErrorCode(), "unknown-participant") << to;
    json j = announce();
    j["to"] = to;
    a.send(j);
    EXPECT_EQ(a.lastErrorCode(), "unknown-participant") << to;
  }
  EXPECT_EQ(a.channel->ofType("error").back()["ref"], "e2ee-announce");
  EXPECT_TRUE(b.channel->sent.empty());
  EXPECT_TRUE(other.channel->sent.empty());
}

TEST_F(E2eeRelayTest, EveryRoomCreationHasAFreshMeetingInstance) {
  const auto instanceOf = [](const Client& c) {
    return c.channel->ofType("joined").at(0).value("instance", "");
  };
  Client& a = join(kName);
  Client& b = join(kName);
  const std::string first = instanceOf(a);
  EXPECT_EQ(first.size(), 32u) << "128 random bits in hex";
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(instanceOf(b), first) << "one meeting, one instance";
  EXPECT_NE(instanceOf(join(kName, "elsewhere")), first);
  // Everyone leaves, the room is gone; the next meeting under the same name is another instance,
  // so announcements of the first one no longer verify in it (docs/e2ee.md).
  a.send({{"type", "leave"}});
  b.send({{"type", "leave"}});
  ASSERT_EQ(rooms.findRoom("team"), nullptr);
  Client& c = join(kName);
  EXPECT_EQ(instanceOf(c).size(), 32u);
  EXPECT_NE(instanceOf(c), first);
  EXPECT_EQ(rooms.findRoom("team")->instance(), instanceOf(c));
}

TEST_F(E2eeRelayTest, PlainMediaFlagIsRelayed) {
  Client& a = join(kName);
  Client& b = join(kName);
  clearAll();
  json j = announce();
  j["plainMedia"] = true;
  a.send(j);
  ASSERT_EQ(b.channel->ofType("e2ee-announce").size(), 1u);
  EXPECT_EQ(b.channel->ofType("e2ee-announce")[0]["plainMedia"], true);
  b.send(announce());
  EXPECT_FALSE(a.channel->ofType("e2ee-announce").at(0).contains("plainMedia"));
}

TEST_F(E2eeRelayTest, BeforeJoinIsWrongState) {
  Client& a = join(kName);
  Client& stranger = connect();
  clearAll();
  stranger.send(announce());
  EXPECT_EQ(stranger.lastErrorCode(), "wrong-state");
  stranger.send(key(a.id));
  EXPECT_EQ(stranger.lastErrorCode(), "wrong-state");
  EXPECT_TRUE(a.channel->sent.empty());
}

TEST_F(E2eeRelayTest, EncryptedChatIsRelayedInItsOwnField) {
  Client& a = join(kName);
  Client& b = join(kName);
  clearAll();
  const std::string ct(10800, 'z');
  a.send({{"type", "chat"}, {"e2ee", ct}});
  for (Client* x : {&a, &b}) {
    const auto chats = x->channel->ofType("chat");
    ASSERT_EQ(chats.size(), 1u);
    EXPECT_EQ(chats[0]["e2ee"], ct);
    EXPECT_FALSE(chats[0].contains("text"));
    EXPECT_EQ(chats[0]["from"], a.id);
  }
  a.send({{"type", "chat"}, {"e2ee", "Klartext bitte"}});
  EXPECT_EQ(a.lastErrorCode(), "invalid-chat");
}

TEST_F(E2eeRelayTest, NoPayloadReachesTheLog) {
  const auto dir = std::filesystem::temp_directory_path() / ("vicos-e2ee-log-" + std::to_string(::getpid()));
  std::string error;
  ASSERT_TRUE(log::setLogDirectory(dir.string(), error)) << error;
  log::setLevel(log::Level::Debug);
  Client& a = join(kName);
  Client& b = join(kName);
  a.send(announce());
  a.send(key(b.id));
  a.send(key("0000000000000000"));  // an error path too
  a.send({{"type", "chat"}, {"e2ee", kCt}});
  LOG_INFO("test", "marker line");  // proves the log is written where we read it
  b.session->onClosed();
  log::setLevel(log::Level::Info);
  ASSERT_TRUE(log::setLogDirectory("", error));
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    std::stringstream s;
    s << in.rdbuf();
    all += s.str();
  }
  std::filesystem::remove_all(dir);
  EXPECT_NE(all.find("marker line"), std::string::npos);
  for (const std::string& secret : {kPub.substr(0, 20), kName.substr(370), kMac.substr(0, 20), kIv, kCt.substr(56)})
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;
}

}  // namespace
}  // namespace vicos::room
