// RTP header extension iteration (RFC 8285 4.2, 4.3), extension value readers and the
// one-byte-form header writer.
#include "rtp/rtp_extensions.hpp"

#include "common/byte_writer.hpp"

namespace vicos::rtp {

ExtensionForm extensionForm(const RtpView& packet) {
  if (!packet.extension) return ExtensionForm::None;
  if (packet.extensionProfile == kOneByteProfile) return ExtensionForm::OneByte;
  if ((packet.extensionProfile & kTwoByteProfileMask) == kTwoByteProfile) {
    return ExtensionForm::TwoByte;
  }
  return ExtensionForm::Other;
}

ExtensionIterator::ExtensionIterator(const RtpView& packet)
    : mReader(packet.extensionData), mForm(extensionForm(packet)) {
  mDone = mForm != ExtensionForm::OneByte && mForm != ExtensionForm::TwoByte;
}

// One-byte form, RFC 8285 4.2 (ID 0 is a padding byte, ID 15 ends parsing):
//  0 1 2 3 4 5 6 7
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  ID   | len-1 |  data (len)    ...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Two-byte form, RFC 8285 4.3 (ID 0 is a padding byte, length may be 0):
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      ID       |    length     |  data (length) ...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
bool ExtensionIterator::next(ExtensionElement& out) {
  while (!mDone) {
    uint8_t idByte = 0;
    if (!mReader.readU8(idByte)) break;
    if (idByte == 0) continue;  // padding
    size_t length = 0;
    if (mForm == ExtensionForm::OneByte) {
      const uint8_t id = idByte >> 4;
      if (id == 15) break;
      out.id = id;
      length = size_t{idByte & 0x0fu} + 1;
    } else {
      uint8_t lengthByte = 0;
      if (!mReader.readU8(lengthByte)) {
        mMalformed = true;
        break;
      }
      out.id = idByte;
      length = lengthByte;
    }
    if (!mReader.readBytes(length, out.data)) {
      mMalformed = true;
      break;
    }
    return true;
  }
  mDone = true;
  return false;
}

std::optional<Bytes> findExtension(const RtpView& packet, uint8_t id) {
  if (id == 0) return std::nullopt;
  ExtensionIterator it(packet);
  ExtensionElement element;
  while (it.next(element)) {
    if (element.id == id) return element.data;
  }
  return std::nullopt;
}

// RFC 6464 3:
//  0 1 2 3 4 5 6 7
// +-+-+-+-+-+-+-+-+
// |V|    level    |
// +-+-+-+-+-+-+-+-+
// Some senders pad the value to more bytes; only the first one carries it.
std::optional<AudioLevel> readAudioLevel(Bytes data) {
  if (data.empty()) return std::nullopt;
  return AudioLevel{(data[0] & 0x80) != 0, static_cast<uint8_t>(data[0] & 0x7f)};
}

std::optional<std::string_view> readMid(Bytes data) {
  if (data.empty()) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(data.data()), data.size());
}

std::optional<std::string_view> readRid(Bytes data) {
  if (data.empty() || data.size() > 16) return std::nullopt;
  for (const uint8_t c : data) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return std::nullopt;
  }
  return std::string_view(reinterpret_cast<const char*>(data.data()), data.size());
}

std::optional<uint32_t> readAbsSendTime(Bytes data) {
  if (data.size() != 3) return std::nullopt;
  return loadBe24(data.data());
}

uint32_t absSendTimeFromMicros(Micros time) {
  constexpr uint64_t kWrap = 64'000'000;  // 6 integer bits of seconds
  const uint64_t us = static_cast<uint64_t>(time < 0 ? 0 : time) % kWrap;
  return static_cast<uint32_t>(((us << 18) / 1'000'000) & 0xffffff);
}

std::array<uint8_t, 3> absSendTimeBytes(Micros time) {
  std::array<uint8_t, 3> out{};
  storeBe24(out.data(), absSendTimeFromMicros(time));
  return out;
}

// draft-holmer-rmcat-transport-wide-cc-extensions-01 2, the element's data:
//  0                   1
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  transport-wide sequence number |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
std::optional<uint16_t> readTransportSeq(Bytes data) {
  if (data.size() != 2) return std::nullopt;
  return loadBe16(data.data());
}

std::array<uint8_t, 2> transportSeqBytes(uint16_t seq) {
  std::array<uint8_t, 2> out{};
  storeBe16(out.data(), seq);
  return out;
}

bool stampTransportSeq(MutableBytes packet, uint8_t id, uint16_t seq) {
  const auto view = parseRtp(packet);
  if (!view) return false;
  const auto element = findExtension(*view, id);
  if (!element || element->size() != 2) return false;
  storeBe16(packet.data() + (element->data() - packet.data()), seq);
  return true;
}

size_t writeRtpHeader(MutableBytes out, const RtpHeader& header,
                      std::span<const ExtensionElement> extensions) {
  ByteWriter w(out);
  w.u8(extensions.empty() ? 0x80 : 0x90);  // V=2, X when there are extensions
  w.u8(static_cast<uint8_t>((header.marker ? 0x80 : 0) | (header.payloadType & 0x7f)));
  w.u16(header.sequence);
  w.u32(header.timestamp);
  w.u32(header.ssrc);
  if (!extensions.empty()) {
    size_t body = 0;
    for (const ExtensionElement& e : extensions) {
      if (e.id == 0 || e.id > 14 || e.data.empty() || e.data.size() > 16) return 0;
      body += 1 + e.data.size();
    }
    const size_t words = (body + 3) / 4;
    if (words > 0xffff) return 0;
    w.u16(kOneByteProfile);
    w.u16(static_cast<uint16_t>(words));
    for (const ExtensionElement& e : extensions) {
      w.u8(static_cast<uint8_t>((e.id << 4) | (e.data.size() - 1)));
      w.bytes(e.data);
    }
    w.zeros(words * 4 - body);
  }
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtp
