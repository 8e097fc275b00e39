// Tests of DTLS record framing checks (RFC 6347 4.1), table-driven with annotated bytes.
#include "dtls/dtls_record.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace vicos::dtls {
namespace {

// A ClientHello record as browsers send it: handshake, DTLS 1.0 record version, epoch 0,
// sequence 0x000000000001, 4-byte fragment (here only the start of a handshake header).
const std::vector<uint8_t> kHandshakeRecord = {
    0x16,                                // content type 22 handshake
    0xfe, 0xff,                          // DTLS 1.0
    0x00, 0x00,                          // epoch 0
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // sequence number 1
    0x00, 0x04,                          // length 4
    0x01, 0x00, 0x00, 0x2c,              // fragment
};

// A protected application data record: DTLS 1.2, epoch 1, sequence 0x0102030405 06,
// 16-byte fragment (the smallest an AEAD record can be).
const std::vector<uint8_t> kProtectedRecord = {
    0x17, 0xfe, 0xfd, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x00, 0x10,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
};

TEST(DtlsRecord, ReadsTheHeaderFields) {
  ByteReader reader(kProtectedRecord);
  DtlsRecord record;
  ASSERT_EQ(readDtlsRecord(reader, record), DtlsRecordError::None);
  EXPECT_EQ(record.type, DtlsContentType::ApplicationData);
  EXPECT_EQ(record.version, 0xfefd);
  EXPECT_EQ(record.epoch, 1);
  EXPECT_EQ(record.sequenceNumber, 0x010203040506u);
  ASSERT_EQ(record.fragment.size(), 16u);
  EXPECT_EQ(record.fragment[15], 15);
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(DtlsRecord, SeveralRecordsInOneDatagram) {
  std::vector<uint8_t> datagram = kHandshakeRecord;
  datagram.insert(datagram.end(), kProtectedRecord.begin(), kProtectedRecord.end());
  datagram.insert(datagram.end(), kHandshakeRecord.begin(), kHandshakeRecord.end());
  size_t count = 0;
  EXPECT_EQ(checkDtlsDatagram(datagram, &count), DtlsRecordError::None);
  EXPECT_EQ(count, 3u);
}

struct BadCase {
  const char* name;
  std::vector<uint8_t> bytes;
  DtlsRecordError error;
};

TEST(DtlsRecord, RejectsMalformedDatagrams) {
  std::vector<uint8_t> trailing = kHandshakeRecord;
  trailing.push_back(0x16);  // a lone byte after a good record
  const std::vector<BadCase> cases = {
      {"empty", {}, DtlsRecordError::Truncated},
      {"short header", {0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0}, DtlsRecordError::Truncated},
      {"fragment past end", {0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0xaa},
       DtlsRecordError::Truncated},
      {"trailing byte", trailing, DtlsRecordError::Truncated},
      {"heartbeat type 24", {0x18, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
       DtlsRecordError::BadContentType},
      {"TLS not DTLS", {0x16, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
       DtlsRecordError::BadVersion},
      {"DTLS 1.3 ciphertext header byte", {0x2f, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
       DtlsRecordError::BadContentType},
      {"longer than 2^14+2048", {0x17, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 0, 0x48, 0x01},
       DtlsRecordError::FragmentTooLong},
      {"epoch 1 alert of two bytes", {0x15, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 1, 0, 2, 2, 40},
       DtlsRecordError::ProtectedTooShort},
  };
  for (const auto& c : cases) {
    size_t count = 99;
    EXPECT_EQ(checkDtlsDatagram(c.bytes, &count), c.error) << c.name;
    EXPECT_EQ(count, 99u) << c.name;  // untouched on error
    EXPECT_STRNE(toString(c.error), "none");
  }
}

TEST(DtlsRecord, WriteThenReadRoundTrips) {
  ByteReader reader(kProtectedRecord);
  DtlsRecord record;
  ASSERT_EQ(readDtlsRecord(reader, record), DtlsRecordError::None);
  std::array<uint8_t, 64> buffer{};
  ByteWriter writer(buffer);
  ASSERT_TRUE(writeDtlsRecord(writer, record));
  ASSERT_EQ(writer.size(), kProtectedRecord.size());
  EXPECT_TRUE(std::equal(kProtectedRecord.begin(), kProtectedRecord.end(), buffer.begin()));

  std::array<uint8_t, 20> small{};
  ByteWriter tooSmall(small);
  EXPECT_FALSE(writeDtlsRecord(tooSmall, record));
}

}  // namespace
}  // namespace vicos::dtls
