// Tests of first-byte demultiplexing (RFC 7983).
#include <gtest/gtest.h>

#include <array>

#include "net/demux.hpp"

namespace vicos::net {
namespace {

TEST(Demux, ClassifiesByFirstByte) {
  const std::array<uint8_t, 2> stun{0x00, 0x01}, dtls{22, 0xfe}, rtp{0x80, 96}, rtcp{0x81, 201},
      junk{70, 0};
  EXPECT_EQ(classify(stun), PacketKind::Stun);
  EXPECT_EQ(classify(dtls), PacketKind::Dtls);
  EXPECT_EQ(classify(rtp), PacketKind::Rtp);
  EXPECT_EQ(classify(rtcp), PacketKind::Rtcp);
  EXPECT_EQ(classify(junk), PacketKind::Unknown);
  EXPECT_EQ(classify(Bytes{}), PacketKind::Unknown);
  const std::array<uint8_t, 1> lone{0x80};
  EXPECT_EQ(classify(lone), PacketKind::Unknown);
}

}  // namespace
}  // namespace vicos::net
