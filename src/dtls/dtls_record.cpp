// DTLS record framing checks (RFC 6347 4.1).
#include "dtls/dtls_record.hpp"

namespace vicos::dtls {

DtlsRecordError readDtlsRecord(ByteReader& reader, DtlsRecord& out) {
  uint8_t type = 0;
  uint16_t version = 0;
  uint16_t epoch = 0;
  uint16_t seqHigh = 0;
  uint32_t seqLow = 0;
  uint16_t length = 0;
  if (!reader.readU8(type) || !reader.readU16(version) || !reader.readU16(epoch) ||
      !reader.readU16(seqHigh) || !reader.readU32(seqLow) || !reader.readU16(length)) {
    return DtlsRecordError::Truncated;
  }
  if (type < 20 || type > 23) return DtlsRecordError::BadContentType;
  if (version != 0xfeff && version != 0xfefd) return DtlsRecordError::BadVersion;
  if (length > kDtlsMaxFragment) return DtlsRecordError::FragmentTooLong;
  if (epoch > 0 && length < kDtlsMinProtectedFragment) return DtlsRecordError::ProtectedTooShort;
  Bytes fragment;
  if (!reader.readBytes(length, fragment)) return DtlsRecordError::Truncated;
  out.type = static_cast<DtlsContentType>(type);
  out.version = version;
  out.epoch = epoch;
  out.sequenceNumber = (uint64_t{seqHigh} << 32) | seqLow;
  out.fragment = fragment;
  return DtlsRecordError::None;
}

DtlsRecordError checkDtlsDatagram(Bytes datagram, size_t* recordCount) {
  ByteReader reader(datagram);
  size_t count = 0;
  do {
    DtlsRecord record;
    if (const auto error = readDtlsRecord(reader, record); error != DtlsRecordError::None)
      return error;
    ++count;
  } while (reader.remaining() > 0);
  if (recordCount != nullptr) *recordCount = count;
  return DtlsRecordError::None;
}

bool writeDtlsRecord(ByteWriter& writer, const DtlsRecord& record) {
  if (record.fragment.size() > kDtlsMaxFragment) return false;
  writer.u8(static_cast<uint8_t>(record.type));
  writer.u16(record.version);
  writer.u16(record.epoch);
  writer.u16(static_cast<uint16_t>(record.sequenceNumber >> 32));
  writer.u32(static_cast<uint32_t>(record.sequenceNumber));
  writer.u16(static_cast<uint16_t>(record.fragment.size()));
  writer.bytes(record.fragment);
  return writer.ok();
}

const char* toString(DtlsRecordError error) {
  switch (error) {
    case DtlsRecordError::None: return "none";
    case DtlsRecordError::Truncated: return "truncated";
    case DtlsRecordError::BadContentType: return "bad content type";
    case DtlsRecordError::BadVersion: return "bad version";
    case DtlsRecordError::FragmentTooLong: return "fragment too long";
    case DtlsRecordError::ProtectedTooShort: return "protected record too short";
  }
  return "unknown";
}

}  // namespace vicos::dtls
