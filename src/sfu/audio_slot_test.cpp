// Tests of audio slots: one continuous stream across changes of publisher, the audio level
// passed on, and the sticky choice of the loudest publishers.
#include "sfu/audio_slot.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"

namespace vicos::sfu {
namespace {

constexpr uint32_t kSlotSsrc = 0x51075107;
constexpr StreamRewriter::Start kStart{1000, 500'000, 0, 0};

// An Opus packet of a publisher, with its audio level (RFC 6464).
std::vector<uint8_t> opus(uint32_t ssrc, uint16_t sequence, uint32_t timestamp, uint8_t level = 30) {
  std::vector<uint8_t> out(200);
  const uint8_t levelByte = level;
  const rtp::ExtensionElement ext{media::kExtAudioLevel.id, Bytes(&levelByte, 1)};
  const size_t header = rtp::writeRtpHeader(out, {false, media::kOpus.payloadType, sequence, timestamp, ssrc},
                                            std::span(&ext, 1));
  out.resize(header + 40, 0xab);
  return out;
}

struct Sent {
  uint16_t sequence;
  uint32_t timestamp;
  uint32_t ssrc;
  std::optional<uint8_t> level;
};

Sent send(AudioSlot& slot, const std::vector<uint8_t>& packet, Micros now) {
  std::array<uint8_t, 1500> out{};
  const size_t size = slot.forward(*rtp::parseRtp(packet), 7, now, out);
  EXPECT_GT(size, 0u);
  const auto view = rtp::parseRtp(Bytes(out.data(), size));
  EXPECT_TRUE(view);
  std::optional<uint8_t> level;
  if (auto ext = rtp::findExtension(*view, media::kExtAudioLevel.id)) level = (*ext)[0];
  return {view->sequence, view->timestamp, view->ssrc, level};
}

TEST(AudioSlot, OneContinuousStreamAcrossPublishers) {
  AudioSlot slot("3", kSlotSsrc, kStart);
  int ada = 0;
  int ben = 0;
  slot.setSource(&ada);
  // Ada's packets, 20 ms apart: our numbers from the start values on.
  for (uint16_t i = 0; i < 3; ++i) {
    const Sent s = send(slot, opus(0xADA, static_cast<uint16_t>(60000 + i), 7'000'000 + i * 960u), i * 20'000);
    EXPECT_EQ(s.sequence, kStart.sequence + i);
    EXPECT_EQ(s.timestamp, kStart.timestamp + i * 960u);
    EXPECT_EQ(s.ssrc, kSlotSsrc);
    EXPECT_EQ(s.level, 30);
  }
  // Ben takes the slot; his first packet comes 100 ms after Ada's last: the next number, and a
  // timestamp 100 ms on.
  slot.setSource(&ben);
  EXPECT_EQ(slot.source(), &ben);
  const Sent first = send(slot, opus(0xBE4, 17, 123, 5), 140'000);
  EXPECT_EQ(first.sequence, kStart.sequence + 3);
  EXPECT_EQ(first.timestamp, kStart.timestamp + 2 * 960u + 100 * 48u);
  EXPECT_EQ(first.level, 5);
  const Sent second = send(slot, opus(0xBE4, 18, 123 + 960), 160'000);
  EXPECT_EQ(second.sequence, kStart.sequence + 4);
  EXPECT_EQ(second.timestamp, first.timestamp + 960u);
  // Back to Ada at once: at least one frame on, never a timestamp of the past.
  slot.setSource(&ada);
  const Sent back = send(slot, opus(0xADA, 60003, 7'000'000 + 3 * 960u), 160'000);
  EXPECT_EQ(back.sequence, kStart.sequence + 5);
  EXPECT_EQ(back.timestamp, second.timestamp + 960u);
  // A repeat of a packet already sent is refused (one plaintext per SRTP nonce, RFC 7714 8.1).
  std::array<uint8_t, 1500> out{};
  EXPECT_EQ(slot.forward(*rtp::parseRtp(opus(0xADA, 60003, 7'000'000 + 3 * 960u)), 8, 170'000, out), 0u);
  EXPECT_EQ(slot.packetsSent(), 6u);
}

struct Slots {
  std::vector<AudioSlot> owned;
  explicit Slots(size_t n) {
    for (size_t i = 0; i < n; ++i) owned.emplace_back(std::to_string(i), static_cast<uint32_t>(i + 1), kStart);
  }
  std::vector<AudioSource> sources() const {
    std::vector<AudioSource> out;
    for (const auto& s : owned) out.push_back(s.source());
    return out;
  }
  void choose(const std::vector<AudioCandidate>& candidates) {
    chooseAudioSources(owned, candidates, 45, 6);
  }
};

TEST(AudioSlot, TheLoudestTakeTheSlotsAndKeepThemUntilSomeoneIsClearlyLouder) {
  int a = 0, b = 0, c = 0, d = 0;
  Slots slots(3);
  // Everyone silent: the first three, in the given order.
  slots.choose({{&a, 0}, {&b, 0}, {&c, 0}, {&d, 0}});
  EXPECT_EQ(slots.sources(), (std::vector<AudioSource>{&a, &b, &c}));
  // Dora speaks: she takes the slot of the quietest, Ada's.
  slots.choose({{&a, 10}, {&b, 20}, {&c, 30}, {&d, 70}});
  EXPECT_EQ(slots.sources(), (std::vector<AudioSource>{&d, &b, &c}));
  // Ada speaks a little louder than Bert, not by the margin: nobody is switched.
  slots.choose({{&a, 55}, {&b, 50}, {&c, 60}, {&d, 70}});
  EXPECT_EQ(slots.sources(), (std::vector<AudioSource>{&d, &b, &c}));
  // Clearly louder: Ada takes Bert's slot.
  slots.choose({{&a, 60}, {&b, 50}, {&c, 60}, {&d, 70}});
  EXPECT_EQ(slots.sources(), (std::vector<AudioSource>{&d, &a, &c}));
  // Loud but below the speaking threshold: no switch for noise.
  slots.choose({{&a, 40}, {&b, 44}, {&c, 30}, {&d, 20}});
  EXPECT_EQ(slots.sources(), (std::vector<AudioSource>{&d, &a, &c}));
  // Carla leaves: her slot goes to the loudest of those not carried.
  slots.choose({{&a, 0}, {&b, 0}, {&d, 0}});
  EXPECT_EQ(slots.sources(), (std::vector<AudioSource>{&d, &a, &b}));
  // Fewer candidates than slots: a slot stays empty.
  slots.choose({{&a, 0}});
  EXPECT_EQ(slots.sources(), (std::vector<AudioSource>{nullptr, &a, nullptr}));
  // No slots at all: nothing to do.
  chooseAudioSources({}, std::vector<AudioCandidate>{{&a, 100}}, 45, 6);
}

}  // namespace
}  // namespace vicos::sfu
