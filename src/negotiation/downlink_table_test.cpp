// DownlinkTable: mids from 3, deactivation, and reuse only after an answer saw the m-line inactive.
#include "negotiation/downlink_table.hpp"

#include <gtest/gtest.h>

namespace vicos::negotiation {
namespace {

using sfu::MediaKind;

// An offer as the browser saw it: each slot's mid with its direction at that moment.
sdp::OfferSpec offerOf(const DownlinkTable& table) {
  sdp::OfferSpec spec;
  for (const auto& slot : table.slots()) {
    sdp::OfferMedia m;
    m.mid = slot.mid;
    m.direction = slot.active ? sdp::Direction::SendOnly : sdp::Direction::Inactive;
    spec.media.push_back(m);
  }
  return spec;
}

void addAll(DownlinkTable& table, const std::string& publisher, uint32_t ssrcBase) {
  for (auto kind : sfu::kAllKinds) table.add(publisher, kind, ssrcBase + static_cast<uint32_t>(kind));
}

TEST(DownlinkTable, MidsStartAfterTheUplinksAndContinue) {
  DownlinkTable table;
  addAll(table, "ada", 100);
  addAll(table, "ben", 200);
  ASSERT_EQ(table.slots().size(), 6u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(table.slots()[i].mid, std::to_string(kFirstDownlinkMid + i));
  EXPECT_EQ(table.slots()[4].publisher, "ben");
  EXPECT_EQ(table.slots()[4].kind, MediaKind::Video);
  EXPECT_EQ(table.slots()[4].ssrc, 201u);
}

TEST(DownlinkTable, DeactivateNamesOnlyThatPublishersActiveSlots) {
  DownlinkTable table;
  addAll(table, "ada", 100);
  addAll(table, "ben", 200);
  EXPECT_EQ(table.deactivate("ada"), (std::vector<std::string>{"3", "4", "5"}));
  EXPECT_TRUE(table.deactivate("ada").empty());  // already inactive
  EXPECT_TRUE(table.deactivate("nobody").empty());
  EXPECT_TRUE(table.slots()[3].active);
}

TEST(DownlinkTable, AnMLineIsReusedOnlyAfterAnAnswerSawItInactive) {
  DownlinkTable table;
  addAll(table, "ada", 100);
  const sdp::OfferSpec beforeLeaving = offerOf(table);
  table.deactivate("ada");
  // Answering an offer built while Ada's slots were still active frees nothing.
  table.answered(beforeLeaving);
  addAll(table, "cem", 300);
  EXPECT_EQ(table.slots().size(), 6u);
  EXPECT_EQ(table.slots()[3].mid, "6");
  // Once an answer has seen them inactive, the next publisher takes them over, kind by kind.
  table.answered(offerOf(table));
  addAll(table, "dan", 400);
  EXPECT_EQ(table.slots().size(), 6u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(table.slots()[i].publisher, "dan");
    EXPECT_TRUE(table.slots()[i].active);
    EXPECT_FALSE(table.slots()[i].recyclable);
    EXPECT_EQ(table.slots()[i].kind, sfu::kAllKinds[i]);
  }
  EXPECT_EQ(table.slots()[0].ssrc, 400u);
}

TEST(DownlinkTable, ReuseKeepsTheKind) {
  DownlinkTable table;
  table.add("ada", MediaKind::Audio, 1);
  table.deactivate("ada");
  table.answered(offerOf(table));
  const DownlinkSlot& video = table.add("ben", MediaKind::Video, 2);
  EXPECT_EQ(video.mid, "4");  // the free audio m-line cannot carry video
  const DownlinkSlot& audio = table.add("ben", MediaKind::Audio, 3);
  EXPECT_EQ(audio.mid, "3");
}

TEST(DownlinkTable, ClearStartsAgainAtMidThree) {
  DownlinkTable table;
  addAll(table, "ada", 100);
  table.clear();
  EXPECT_EQ(table.add("ben", MediaKind::Screen, 5).mid, "3");
}

}  // namespace
}  // namespace vicos::negotiation
