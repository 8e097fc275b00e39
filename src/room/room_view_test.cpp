// Tests of `view` in a room (docs/protocol.md "view"): tiles become the media plane's view of the
// page's video downlinks, follow downlinks added later, and bad or excess views change nothing.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

class RoomViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ada = &join("Ada");
    bob = &join("Bob");
  }
  testing::FakeClient& join(const std::string& name) {
    testing::FakeClient& c = testing::connectClient(clients, rooms);
    c.send(testing::joinMessage(name));
    return c;
  }
  // The mid on which `subscriber` receives `publisher`'s `kind`.
  std::string midOf(const testing::FakeClient& subscriber, const testing::FakeClient& publisher, sfu::MediaKind kind) {
    for (const auto& d : media.liveDownlinks)
      if (d.subscriber == subscriber.id() && d.publisher == publisher.id() && d.kind == kind) return d.mid;
    return {};
  }
  void view(testing::FakeClient& c, const json& tiles) { c.send({{"type", "view"}, {"tiles", tiles}}); }

  int64_t now = 1'000'000;
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Open}, [this] { return now; }};
  std::vector<std::unique_ptr<testing::FakeClient>> clients;
  testing::FakeClient* ada = nullptr;
  testing::FakeClient* bob = nullptr;
};

TEST_F(RoomViewTest, TilesNameTheDownlinksTheyShow) {
  view(*ada, json::array({{{"participant", bob->id()}, {"width", 640}, {"height", 360}, {"rank", "speaker"}},
                          {{"participant", bob->id()}, {"source", "screen"}, {"width", 1920}, {"height", 1080}}}));
  EXPECT_TRUE(ada->lastError().empty());
  const auto& shown = media.views.at(ada->id());
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[0].first, midOf(*ada, *bob, sfu::MediaKind::Video));
  EXPECT_EQ(shown[0].second.width, 640);
  EXPECT_EQ(shown[0].second.height, 360);
  EXPECT_EQ(shown[0].second.rank, sfu::TileRank::Speaker);
  EXPECT_EQ(shown[1].first, midOf(*ada, *bob, sfu::MediaKind::Screen));
  EXPECT_EQ(shown[1].second.rank, sfu::TileRank::Other);
  EXPECT_FALSE(media.views.contains(bob->id()));  // Bob said nothing: he receives everything
}

TEST_F(RoomViewTest, AnEmptyViewShowsNothingAndStaysForThoseWhoJoinLater) {
  view(*ada, json::array());
  EXPECT_TRUE(media.views.at(ada->id()).empty());
  media.views.clear();
  testing::FakeClient& cid = join("Cid");  // a new downlink for Ada: her view applies to it at once
  ASSERT_FALSE(midOf(*ada, cid, sfu::MediaKind::Video).empty());
  ASSERT_TRUE(media.views.contains(ada->id()));
  EXPECT_TRUE(media.views.at(ada->id()).empty());
}

TEST_F(RoomViewTest, TilesOfNobodyHereArePassedOver) {
  view(*ada, json::array({{{"participant", "nobody"}}, {{"participant", ada->id()}}, {{"participant", bob->id()}}}));
  EXPECT_TRUE(ada->lastError().empty());
  const auto& shown = media.views.at(ada->id());
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].first, midOf(*ada, *bob, sfu::MediaKind::Video));
}

TEST_F(RoomViewTest, BadAndExcessViewsChangeNothing) {
  view(*ada, json::array({{{"participant", bob->id()}}}));
  view(*ada, json::array({{{"participant", bob->id()}, {"width", -5}}}));
  EXPECT_EQ(ada->lastError(), "bad-message");
  EXPECT_EQ(media.views.at(ada->id()).size(), 1u);
  for (int i = 0; i < 30; ++i) view(*ada, json::array());
  EXPECT_EQ(ada->lastError(), "rate-limited");
  now += 1'000;  // the bucket refills
  view(*ada, json::array({{{"participant", bob->id()}}}));
  EXPECT_EQ(media.views.at(ada->id()).size(), 1u);
}

TEST_F(RoomViewTest, APublisherIsToldHowManyEncodingsArePaused) {
  media.askLayers("team", ada->id(), sfu::MediaKind::Video, 1);
  EXPECT_EQ(ada->lastOf("layers"), (json{{"type", "layers"}, {"source", "camera"}, {"encodings", 1}}));
  media.askLayers("team", ada->id(), sfu::MediaKind::Screen, 0);
  EXPECT_EQ(ada->lastOf("layers"), (json{{"type", "layers"}, {"source", "screen"}, {"encodings", 0}}));
  EXPECT_TRUE(bob->channel->ofType("layers").empty());
  // From a peer Ada had before: nothing.
  const media::PeerId old{media.peerIds.at(ada->id()).value - 1};
  media.askLayers("team", ada->id(), sfu::MediaKind::Video, 3, old);
  EXPECT_EQ(ada->channel->ofType("layers").size(), 2u);
}

}  // namespace
}  // namespace vicos::room
