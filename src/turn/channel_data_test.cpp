// Tests of ChannelData framing (RFC 8656 12.4, 12.5): bounds, padding over UDP and streams.
#include "turn/channel_data.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "stun/stun_test_vectors.hpp"

namespace vicos::turn {
namespace {

using stun::test::hex;

TEST(ChannelData, ParsesUdpWithAndWithoutPadding) {
  const auto exact = hex("40 00 00 03  61 62 63");
  auto data = parseChannelData(exact, false);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->channel, 0x4000);
  EXPECT_EQ(std::vector<uint8_t>(data->payload.begin(), data->payload.end()), hex("61 62 63"));
  EXPECT_TRUE(parseChannelData(hex("4f ff 00 03  61 62 63 00"), false));
  EXPECT_FALSE(parseChannelData(hex("40 00 00 03  61 62 63 00  00 00 00"), false));  // 4 extra
}

TEST(ChannelData, StreamsDemandExactPadding) {
  EXPECT_TRUE(parseChannelData(hex("40 01 00 03  61 62 63 00"), true));
  EXPECT_FALSE(parseChannelData(hex("40 01 00 03  61 62 63"), true));
  EXPECT_FALSE(parseChannelData(hex("40 01 00 03  61 62 63 00  00 00 00 00"), true));
  EXPECT_EQ(channelDataStreamSize(hex("40 01 00 05")), 12u);
  EXPECT_EQ(channelDataStreamSize(hex("40 01 00 08")), 12u);
  EXPECT_EQ(channelDataStreamSize(hex("40 01")), 0u);
}

TEST(ChannelData, RejectsBadNumbersAndLengths) {
  EXPECT_FALSE(parseChannelData(hex("3f ff 00 00"), false));            // below 0x4000
  EXPECT_FALSE(parseChannelData(hex("50 00 00 00"), false));            // above 0x4FFF (RFC 8656 12)
  EXPECT_FALSE(parseChannelData(hex("40 00 00 05  61 62 63"), false));  // length overruns
  EXPECT_FALSE(parseChannelData(hex("40 00 00"), false));
  EXPECT_TRUE(parseChannelData(hex("40 00 00 00"), false));  // empty payload is legal
}

TEST(ChannelData, WritesWhatParses) {
  std::array<uint8_t, 16> out{};
  const auto payload = hex("01 02 03 04 05");
  const Bytes udp = writeChannelData(out, 0x4abc, payload, false);
  EXPECT_EQ(std::vector<uint8_t>(udp.begin(), udp.end()), hex("4a bc 00 05  01 02 03 04  05"));
  const Bytes tcp = writeChannelData(out, 0x4abc, payload, true);
  EXPECT_EQ(std::vector<uint8_t>(tcp.begin(), tcp.end()), hex("4a bc 00 05  01 02 03 04  05 00 00 00"));
  EXPECT_TRUE(parseChannelData(tcp, true));
  std::array<uint8_t, 8> small{};
  EXPECT_TRUE(writeChannelData(small, 0x4000, payload, false).empty());
}

TEST(ChannelData, FirstByteDemux) {
  EXPECT_TRUE(looksLikeChannelData(hex("40")));
  EXPECT_TRUE(looksLikeChannelData(hex("4f")));
  EXPECT_FALSE(looksLikeChannelData(hex("00 01")));  // STUN
  EXPECT_FALSE(looksLikeChannelData(hex("80")));     // RTP
  EXPECT_FALSE(looksLikeChannelData({}));
}

}  // namespace
}  // namespace vicos::turn
