// a=rid and a=simulcast values from RFC 8851 and RFC 8853 and as browsers write them.
#include "sdp/media_attributes.hpp"

#include <gtest/gtest.h>

namespace vicos::sdp {
namespace {

TEST(Rid, ParsesIdDirectionAndKeepsRestrictions) {
  Rid rid;
  EXPECT_EQ(parseRid("q send", rid), "");
  EXPECT_EQ(rid.id, "q");
  EXPECT_TRUE(rid.send);
  EXPECT_EQ(rid.restrictions, "");
  // RFC 8851 11.1's example shape: a payload type list and restrictions.
  EXPECT_EQ(parseRid("5 recv pt=99,102;max-width=1280;max-height=720", rid), "");
  EXPECT_EQ(rid.id, "5");
  EXPECT_FALSE(rid.send);
  EXPECT_EQ(rid.restrictions, "pt=99,102;max-width=1280;max-height=720");
}

TEST(Rid, RefusesWhatTheGrammarDoesNot) {
  Rid rid;
  for (const char* bad : {"", "q", "q sendrecv", "q  send", "q@ send", " send", "01234567890123456 send"})
    EXPECT_NE(parseRid(bad, rid), "") << bad;
}

TEST(Simulcast, ReadsBothDirectionsInOrderWithPausedStreams) {
  Simulcast sc;
  EXPECT_EQ(parseSimulcast("send q;h;~f", sc), "");
  ASSERT_EQ(sc.send.size(), 3u);
  EXPECT_EQ(sc.send[0].rid, "q");
  EXPECT_FALSE(sc.send[0].paused);
  EXPECT_EQ(sc.send[2].rid, "f");
  EXPECT_TRUE(sc.send[2].paused);
  EXPECT_TRUE(sc.recv.empty());
  // RFC 8853 5.1's example: alternatives separated by ","; the first one counts.
  Simulcast both;
  EXPECT_EQ(parseSimulcast("recv 1,2;3 send 4", both), "");
  ASSERT_EQ(both.recv.size(), 2u);
  EXPECT_EQ(both.recv[0].rid, "1");
  EXPECT_EQ(both.recv[1].rid, "3");
  ASSERT_EQ(both.send.size(), 1u);
  EXPECT_EQ(both.send[0].rid, "4");
}

TEST(Simulcast, RefusesWhatTheGrammarDoesNot) {
  for (const char* bad : {"", "send", "send q;h recv", "send q send h", "sendrecv q", "send q;;h",
                          "send q,~ ", "send a b", "recv q;h@"}) {
    Simulcast sc;
    EXPECT_NE(parseSimulcast(bad, sc), "") << bad;
  }
}

TEST(Simulcast, BoundsTheNumberOfStreams) {
  std::string many = "send 0";
  for (int i = 1; i < 17; ++i) many += ";" + std::to_string(i);
  Simulcast sc;
  EXPECT_NE(parseSimulcast(many, sc), "");
}

}  // namespace
}  // namespace vicos::sdp
