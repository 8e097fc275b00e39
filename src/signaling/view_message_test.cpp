// Tests of the `view` parser: tiles with their defaults, and every kind of bad input refused.
#include "signaling/view_message.hpp"

#include <gtest/gtest.h>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

TEST(ViewMessage, TilesParseWithTheirDefaults) {
  const auto result = parseClientMessage(
      R"({"type":"view","tiles":[{"participant":"p1","width":640,"height":360,"rank":"speaker"},)"
      R"({"participant":"p2","source":"screen","width":1920,"height":1080},{"participant":"p2"}]})");
  ASSERT_TRUE(std::holds_alternative<ClientMessage>(result));
  const auto& message = std::get<ClientMessage>(result);
  EXPECT_EQ(messageTypeName(message), "view");
  const auto& tiles = std::get<ViewMessage>(message).tiles;
  ASSERT_EQ(tiles.size(), 3u);
  EXPECT_EQ(tiles[0].participant, "p1");
  EXPECT_FALSE(tiles[0].screen);
  EXPECT_EQ(tiles[0].width, 640);
  EXPECT_EQ(tiles[0].height, 360);
  EXPECT_EQ(tiles[0].rank, ViewRank::Speaker);
  EXPECT_TRUE(tiles[1].screen);
  EXPECT_EQ(tiles[1].rank, ViewRank::Other);
  EXPECT_FALSE(tiles[2].screen);  // the camera beside the screen of the same participant
  EXPECT_EQ(tiles[2].width, 0);
}

TEST(ViewMessage, NoTilesMeansNoVideo) {
  const auto result = parseClientMessage(R"({"type":"view","tiles":[]})");
  ASSERT_TRUE(std::holds_alternative<ClientMessage>(result));
  EXPECT_TRUE(std::get<ViewMessage>(std::get<ClientMessage>(result)).tiles.empty());
}

TEST(ViewMessage, AnythingElseIsABadMessage) {
  for (const char* text : {
           R"({"type":"view"})",
           R"({"type":"view","tiles":{}})",
           R"({"type":"view","tiles":[3]})",
           R"({"type":"view","tiles":[{}]})",
           R"({"type":"view","tiles":[{"participant":""}]})",
           R"({"type":"view","tiles":[{"participant":7}]})",
           R"({"type":"view","tiles":[{"participant":"p1","source":"mic"}]})",
           R"({"type":"view","tiles":[{"participant":"p1","width":-1}]})",
           R"({"type":"view","tiles":[{"participant":"p1","width":1.5}]})",
           R"({"type":"view","tiles":[{"participant":"p1","height":16385}]})",
           R"({"type":"view","tiles":[{"participant":"p1","height":"360"}]})",
           R"({"type":"view","tiles":[{"participant":"p1","rank":"boss"}]})",
           R"({"type":"view","tiles":[{"participant":"p1"},{"participant":"p1","source":"camera"}]})",
       }) {
    const auto result = parseClientMessage(text);
    ASSERT_TRUE(std::holds_alternative<SignalingError>(result)) << text;
    EXPECT_EQ(std::get<SignalingError>(result).code, ErrorCode::BadMessage) << text;
  }
  std::string many = R"({"type":"view","tiles":[)";
  for (int i = 0; i <= 64; ++i) many += std::string(i ? "," : "") + R"({"participant":"p)" + std::to_string(i) + "\"}";
  many += "]}";
  EXPECT_TRUE(std::holds_alternative<SignalingError>(parseClientMessage(many)));
}

}  // namespace
}  // namespace vicos::signaling
