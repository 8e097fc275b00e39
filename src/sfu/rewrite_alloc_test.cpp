// Checks that the consumer-side rewriting allocates nothing per packet: switch decisions,
// temporal drops, VP8 id rewriting and history records over many packets (its own binary,
// because it counts every allocation of the program).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "common/allocation_counter.hpp"
#include "sfu/send_history.hpp"
#include "sfu/simulcast_switch.hpp"
#include "sfu/vp8_test_stream.hpp"

namespace vicos::sfu {
namespace {

TEST(RewriteAlloc, SwitchingAndRecordingDoNotAllocate) {
  // Packets are made up front; the loop below only decides, rewrites and records.
  std::mt19937 rng(21);
  std::vector<test::Vp8TestStream> streams;
  for (uint8_t e = 0; e < 3; ++e) streams.emplace_back(e, rng, 3);
  std::vector<test::TestPacket> packets;
  std::vector<std::array<LayerClock, 3>> clocks;
  for (uint32_t f = 0; f < 1200; ++f) {
    for (uint8_t e = 0; e < 3; ++e) {
      for (auto& p : streams[e].frame(f, f % 60 == 0)) {
        packets.push_back(std::move(p));
        clocks.push_back({streams[0].clockAt(f), streams[1].clockAt(f), streams[2].clockAt(f)});
      }
    }
  }
  std::vector<rtp::RtpView> views;
  for (const auto& p : packets) views.push_back(p.view());
  SimulcastSwitch sw({1, 2, 3, 4});
  SendHistory history;
  history.record({});  // its slots are allocated at the first record (send_history.hpp), then held
  history.clear();
  std::vector<uint8_t> out(1500);
  size_t forwarded = 0, switches = 0;

  const size_t before = heapAllocations();
  for (size_t i = 0; i < packets.size(); ++i) {
    if (i % 2000 == 0)
      sw.setTarget(static_cast<uint8_t>(i / 2000 % 3), static_cast<uint8_t>(2 - i / 3000 % 3));
    const auto d = sw.onPacket(packets[i].encoding, views[i], static_cast<Micros>(i) * 1000, clocks[i]);
    if (!d.forward) continue;
    if (writeMapped(views[i], d.mapping, 0x5eed5eed, {}, out) == 0) continue;
    history.record({packets[i].encoding, views[i].ssrc, views[i].sequence, d.mapping, std::nullopt});
    (void)history.find(static_cast<uint16_t>(d.mapping.sequence - 100));
    ++forwarded;
    switches += d.switched;
  }
  EXPECT_EQ(heapAllocations() - before, 0u);
  EXPECT_GT(forwarded, 1000u);
  EXPECT_GT(switches, 3u);
}

}  // namespace
}  // namespace vicos::sfu
