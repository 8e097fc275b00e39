// Fuzz entry point for the simulcast switch: arbitrary VP8-shaped packets of three encodings,
// sender reports, targets and pauses. Checks what a receiver and SRTP rely on: an output
// sequence number always stands for the same input and mapping (byte-identical retransmission,
// RFC 7714 8.1); contiguous input gives contiguous output; timestamps keep one offset per source
// and rise at a switch; a source starts with a keyframe of the encoding being forwarded; a probe's
// padding takes the next number and no input ever gets it.
#include "sfu/simulcast_switch.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/seq_num.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/vp8_descriptor.hpp"
#include "sfu/send_history.hpp"

using namespace vicos;
using namespace vicos::sfu;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

struct Given {
  uint32_t run = 0;  // valid when it is the current run's
  uint32_t epoch = 0;
  SentRecord record;
};

// By output sequence number; allocated once, entries of earlier inputs told apart by `run`.
std::vector<Given>& givenTable() {
  static std::vector<Given> table(0x10000);
  return table;
}
uint32_t gRun = 0;

class Driver {
 public:
  Driver() : mSwitch({0xfff0, 0xffffff00, 0x7ff0, 0xf0}) { ++gRun; }

  void run(ByteReader& r) {
    uint8_t op = 0;
    while (r.readU8(op)) {
      switch (op % 4) {
        case 0:
          if ((op & 0xc0) == 0xc0)
            padding();
          else if ((op & 0xc0) == 0x80)
            mSwitch.setPaused(!mSwitch.paused());  // a tile hidden or shown again
          else
            mSwitch.setTarget((op >> 2) & 3, (op >> 4) & 3);
          break;
        case 1: senderReport(op, r); break;
        default: packet(op, r); break;
      }
    }
  }

 private:
  // A probe's padding packet (StreamRewriter::insertPadding): a number after the newest output
  // that no input may ever map to, with the newest timestamp.
  void padding() {
    const auto m = mSwitch.insertPadding();
    if (!m) return;
    check(mStarted);
    if (mLive) {
      // After the newest output; further when inputs lost on the way keep their places.
      check(seqNewer(m->sequence, mMaxOut));
      check(m->timestamp == mLastTs);
    }
    mMaxOut = m->sequence;
    givenTable()[m->sequence] = {gRun, mEpoch, kPadding};
  }

  void senderReport(uint8_t op, ByteReader& r) {
    uint32_t ntpSeconds = 0, rtp = 0;
    if (!r.readU32(ntpSeconds) || !r.readU32(rtp)) return;
    const uint8_t e = (op >> 2) % 3;
    mClocks[e] = {(op & 0x80) == 0, mSsrcs[e][0], uint64_t{ntpSeconds} << 16, rtp};
  }

  // A packet: encoding, which of two SSRCs, sequence and timestamp steps, and VP8 descriptor
  // fields, built into an RTP packet so the switch reads it the way it reads the wire.
  void packet(uint8_t op, ByteReader& r) {
    uint8_t flags = 0, shape = 0, pid = 0, tl0 = 0, size = 0;
    uint16_t seqStep = 0, tsStep = 0;
    if (!r.readU8(flags) || !r.readU8(shape) || !r.readU16(seqStep) || !r.readU16(tsStep) || !r.readU8(pid) ||
        !r.readU8(tl0) || !r.readU8(size))
      return;
    const uint8_t e = (op >> 2) % 4;  // 3 is out of range on purpose
    const uint8_t stream = e % 3;
    mSeq[stream] = static_cast<uint16_t>(mSeq[stream] + static_cast<int16_t>(seqStep) % 64);
    mTs[stream] += static_cast<int16_t>(tsStep);
    std::array<uint8_t, 64> bytes{};
    bytes[0] = 0x80;
    bytes[1] = static_cast<uint8_t>((flags & 0x80) | 96);  // marker
    storeBe16(bytes.data() + 2, mSeq[stream]);
    storeBe32(bytes.data() + 4, mTs[stream]);
    storeBe32(bytes.data() + 8, mSsrcs[stream][(flags >> 6) & 1]);
    size_t n = 12;
    // RFC 7741 4.2: X R N S R PID | I L T K | M PictureID | TL0PICIDX | TID Y KEYIDX
    bytes[n++] = static_cast<uint8_t>(0x80 | (shape & 0x17));
    bytes[n++] = static_cast<uint8_t>(flags & 0xe0 ? (flags & 0x20 ? 0xe0 : 0x80) : 0x00);
    if (bytes[13] & 0x80) {
      if (shape & 0x20) {
        bytes[n++] = static_cast<uint8_t>(0x80 | (pid >> 2));
        bytes[n++] = pid;
      } else {
        bytes[n++] = pid & 0x7f;
      }
    }
    if (bytes[13] & 0x40) bytes[n++] = tl0;
    if (bytes[13] & 0x20) bytes[n++] = static_cast<uint8_t>(flags << 3 & 0xe0);  // TID, Y
    bytes[n++] = shape & 0x40 ? 0x10 : 0x11;                                     // P = 0: keyframe
    bytes[n++] = 0x2a;
    n = std::min<size_t>(n + size % 24, bytes.size());
    if (shape & 0x08) n = 12;  // padding only
    const auto view = rtp::parseRtp(Bytes(bytes.data(), n));
    check(view.has_value());
    mNow += tsStep % 50'000;
    decide(e, *view);
  }

  void decide(uint8_t e, const rtp::RtpView& view) {
    const auto d = mSwitch.onPacket(e, view, mNow, mClocks);
    const bool tracked = mLive && e == mEncoding && view.ssrc == mSsrc;
    if (mLive && e == mEncoding && view.ssrc != mSsrc) mLive = false;  // the current stream vanished
    if (d.switched) {
      check(d.forward && rtp::isVp8Keyframe(view.payload));
      if (mStarted) {
        const auto step = static_cast<uint16_t>(d.mapping.sequence - mMaxOut);
        check(step == 1 || step == 2);
        check(static_cast<int32_t>(d.mapping.timestamp - mLastTs) >= 3000);
      }
      ++mEpoch;
      mStarted = mLive = true;
      mEncoding = e;
      mSsrc = view.ssrc;
      mUnwrap = SeqUnwrapper();
      mOutIn = mRunEnd = mMaxIn = mUnwrap.unwrap(view.sequence);
      mRunOk = true;
      mMaxOut = d.mapping.sequence;
      mLastTs = d.mapping.timestamp;
      mOffset = d.mapping.timestamp - view.timestamp;
    } else if (tracked) {
      const int64_t in = mUnwrap.unwrap(view.sequence);
      if (d.forward) {
        check(d.mapping.timestamp - view.timestamp == mOffset);
        const auto step = static_cast<uint16_t>(d.mapping.sequence - mMaxOut);
        if (step != 0 && step < 0x8000) {
          // A new newest output: never further than the input moved; right after it when
          // every input in between was seen in order and dropped (compacted).
          check(in > mOutIn && step <= in - mOutIn);
          if (mRunOk && in == mRunEnd + 1) check(step == 1);
          mMaxIn = std::max(mMaxIn, in);
          mMaxOut = d.mapping.sequence;
          mLastTs = d.mapping.timestamp;
          mOutIn = mRunEnd = in;
          mRunOk = true;
        }
      } else if (mRunOk && in == mRunEnd + 1 && in > mMaxIn) {
        mRunEnd = in;  // a drop of the newest input: compacted
      } else if (in > mRunEnd) {
        mRunOk = false;  // a gap, or a drop behind the newest input (its place stays unused)
      }
      mMaxIn = std::max(mMaxIn, in);
    }
    if (!d.forward) return;
    check(mSwitch.currentEncoding() == e);
    // One output number, one input and mapping: what a retransmission from the history rebuilds.
    const SentRecord record{e, view.ssrc, view.sequence, d.mapping, std::nullopt};
    if (const auto earlier = mHistory.find(d.mapping.sequence)) check(*earlier == record);
    Given& given = givenTable()[d.mapping.sequence];
    if (given.run == gRun && static_cast<uint16_t>(mMaxOut - d.mapping.sequence) < 0x1000)
      check(given.epoch == mEpoch && given.record == record);
    given = {gRun, mEpoch, record};
    mHistory.record(record);
  }

  static constexpr SentRecord kPadding{0xff, 0, 0, {}, std::nullopt};  // matches no input's record

  SimulcastSwitch mSwitch;
  SendHistory mHistory;
  std::array<LayerClock, 3> mClocks{};
  std::array<std::array<uint32_t, 2>, 3> mSsrcs{{{0x1111, 0x1112}, {0x2221, 0x2222}, {0x3331, 0x3332}}};
  std::array<uint16_t, 3> mSeq{0xfff0, 0x10, 0x8000};
  std::array<uint32_t, 3> mTs{0, 0x80000000, 0xfffff000};
  Micros mNow = 0;
  // The current source as the outputs show it.
  bool mStarted = false;
  bool mLive = false;
  uint32_t mEpoch = 0;
  uint8_t mEncoding = 0;
  uint32_t mSsrc = 0;
  SeqUnwrapper mUnwrap;
  int64_t mMaxIn = 0;   // the newest input seen
  int64_t mOutIn = 0;   // the input of the newest output
  int64_t mRunEnd = 0;  // inputs (mOutIn, mRunEnd] came in order and were dropped
  bool mRunOk = true;
  uint16_t mMaxOut = 0;
  uint32_t mLastTs = 0;
  uint32_t mOffset = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteReader r(Bytes(data, size));
  Driver driver;
  driver.run(r);
  return 0;
}
