// Tests of active speaker selection: threshold, smoothing, hysteresis against flicker,
// silence keeping the speaker, removal; and the producer's per-interval peak level.
#include "sfu/speaker_detector.hpp"

#include <gtest/gtest.h>

#include "sfu/producer.hpp"

namespace vicos::sfu {
namespace {

// One interval: each publisher's peak loudness, then the decision.
std::optional<std::string> interval(SpeakerDetector& d, std::initializer_list<std::pair<const char*, int>> peaks) {
  for (const auto& [id, peak] : peaks) d.sample(id, static_cast<uint8_t>(peak));
  return d.decide();
}

TEST(SpeakerDetector, LoudnessFromRfc6464Level) {
  EXPECT_EQ(loudnessFromLevel(127), 0);  // silence
  EXPECT_EQ(loudnessFromLevel(0), 127);  // full scale (0 dBov)
  EXPECT_EQ(loudnessFromLevel(30), 97);
}

TEST(SpeakerDetector, NobodyBelowTheThreshold) {
  SpeakerDetector d;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(interval(d, {{"a", SpeakerDetector::kThreshold - 1}, {"b", 0}}), std::nullopt);
  EXPECT_EQ(d.current(), "");
}

TEST(SpeakerDetector, FirstSpeakerIsChosenOnceSmoothedLoudEnough) {
  SpeakerDetector d;
  // Smoothing: one loud interval from silence is half as loud.
  EXPECT_EQ(interval(d, {{"a", 80}, {"b", 0}}), std::nullopt);
  EXPECT_EQ(d.smoothed("a"), 40);
  EXPECT_EQ(interval(d, {{"a", 80}, {"b", 0}}), "a");
  EXPECT_EQ(interval(d, {{"a", 80}, {"b", 0}}), std::nullopt);  // reported on change only
}

TEST(SpeakerDetector, ChallengerNeedsMarginForSeveralIntervals) {
  SpeakerDetector d;
  for (int i = 0; i < 5; ++i) interval(d, {{"a", 80}, {"b", 0}});
  ASSERT_EQ(d.current(), "a");
  // b just as loud as a: no change however long.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(interval(d, {{"a", 80}, {"b", 82}}), std::nullopt);
  // b clearly louder: switches only after kSwitchIntervals intervals in a row.
  EXPECT_EQ(interval(d, {{"a", 60}, {"b", 100}}), std::nullopt);
  EXPECT_EQ(interval(d, {{"a", 60}, {"b", 100}}), "b");
  EXPECT_EQ(d.current(), "b");
}

TEST(SpeakerDetector, ABriefSpikeDoesNotFlicker) {
  SpeakerDetector d;
  for (int i = 0; i < 5; ++i) interval(d, {{"a", 80}, {"b", 0}});
  EXPECT_EQ(interval(d, {{"a", 80}, {"b", 127}}), std::nullopt);  // one loud interval (a cough)
  EXPECT_EQ(interval(d, {{"a", 80}, {"b", 0}}), std::nullopt);    // smoothed b falls back
  for (int i = 0; i < 5; ++i) EXPECT_EQ(interval(d, {{"a", 80}, {"b", 0}}), std::nullopt);
  EXPECT_EQ(d.current(), "a");
}

TEST(SpeakerDetector, SilenceKeepsTheLastSpeakerAndAMutedOneIsOvertaken) {
  SpeakerDetector d;
  for (int i = 0; i < 5; ++i) interval(d, {{"a", 90}, {"b", 0}});
  for (int i = 0; i < 10; ++i) EXPECT_EQ(interval(d, {{"a", 0}, {"b", 0}}), std::nullopt);
  EXPECT_EQ(d.current(), "a");
  // a muted (no packets: peak 0), b talks: b takes over.
  std::optional<std::string> changed;
  for (int i = 0; i < 5 && !changed; ++i) changed = interval(d, {{"a", 0}, {"b", 70}});
  EXPECT_EQ(changed, "b");
}

TEST(SpeakerDetector, RemovedSpeakerIsForgotten) {
  SpeakerDetector d;
  for (int i = 0; i < 3; ++i) interval(d, {{"a", 90}, {"b", 60}});
  ASSERT_EQ(d.current(), "a");
  d.remove("a");
  EXPECT_EQ(d.current(), "");
  EXPECT_EQ(d.smoothed("a"), 0);
  EXPECT_EQ(interval(d, {{"b", 60}}), "b");  // no hysteresis against nobody
}

TEST(ProducerAudioLevel, PeakPerIntervalThenReset) {
  Producer p(MediaKind::Audio);
  EXPECT_EQ(p.takePeakLoudness(), 0);
  p.onAudioLevel(127);
  p.onAudioLevel(40);
  p.onAudioLevel(90);
  p.onAudioLevel(200);  // out of range (7-bit field) counts as silence, never wraps
  EXPECT_EQ(p.takePeakLoudness(), 87);
  EXPECT_EQ(p.takePeakLoudness(), 0);
}

}  // namespace
}  // namespace vicos::sfu
