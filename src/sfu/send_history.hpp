// What one video consumer sent lately, by output sequence number: enough to rebuild a NACKed
// packet byte for byte from the producer's cache, or to refuse it (RFC 7714 8.1 nonce rule).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "sfu/stream_rewriter.hpp"

namespace vicos::sfu {

// One sent packet: where its input came from and what it was mapped to.
struct SentRecord {
  uint8_t encoding = 0;  // the producer encoding (0..3) it was read from
  uint32_t inputSsrc = 0;
  uint16_t inputSequence = 0;
  RtpMapping mapping;
  // The transport-wide number it went out with: a retransmission carries the same one, so that
  // its plaintext is the same (draft-holmer-rmcat-transport-wide-cc-extensions-01 2).
  std::optional<uint16_t> transportSeq;

  bool operator==(const SentRecord&) const = default;
};

// SRTP with AES-GCM takes its IV from SSRC, ROC and sequence number (RFC 7714 8.1): a second
// packet under the same sequence number must be the same plaintext, or two plaintexts share a
// keystream. The output of a consumer depends on per-consumer state (offsets, switches), so a
// retransmission is rebuilt from this record and the cached input packet, never recomputed;
// a sequence number no longer held is refused. The input SSRC guards against a cache slot that
// a new stream of the same encoding has taken since. Fixed size (kSlots × 20 bytes), allocated at
// the first record: a video downlink of a publisher that never sends video costs nothing here
// (issue 16 item 7: in audio-only rooms these were most of a participant's memory).
class SendHistory {
 public:
  static constexpr size_t kSlots = 512;

  void record(const SentRecord& sent);

  // The record of output sequence number `sequence`, if it is among the last kSlots numbers.
  std::optional<SentRecord> find(uint16_t sequence) const;

  // Forgets everything (e.g. when the consumer's source producer goes away).
  void clear();

 private:
  static constexpr uint8_t kValid = 0x80;
  static constexpr uint8_t kHasPictureId = 0x40;
  static constexpr uint8_t kHasTl0PicIdx = 0x20;
  static constexpr uint8_t kHasTransportSeq = 0x10;
  static constexpr uint8_t kEncodingMask = 0x03;

  struct Slot {
    uint16_t sequence = 0;
    uint16_t inputSequence = 0;
    uint32_t inputSsrc = 0;
    uint32_t timestamp = 0;
    uint16_t pictureId = 0;
    uint8_t tl0PicIdx = 0;
    uint8_t flags = 0;  // kValid, kHasPictureId, kHasTl0PicIdx, kHasTransportSeq, encoding
    uint16_t transportSeq = 0;
  };
  static_assert(sizeof(Slot) == 20);

  std::unique_ptr<Slot[]> mSlots;  // kSlots, from the first record on
  uint16_t mNewest = 0;
  bool mAny = false;
};

}  // namespace vicos::sfu
