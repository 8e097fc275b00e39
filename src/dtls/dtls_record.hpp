// Checks the record framing of an incoming DTLS datagram (RFC 6347 4.1) before OpenSSL sees
// it, so that malformed or impossible records are dropped and counted instead of disturbing
// the association.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace vicos::dtls {

// RFC 6347 4.1: every record starts with a 13-byte header.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ContentType  |  version major  | version minor |    epoch ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  ... epoch       |            sequence_number (48 bits) ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  ...                             |            length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                   fragment (length bytes) ...
//
// A datagram may carry several records back to back (RFC 6347 4.1.1).
constexpr size_t kDtlsRecordHeaderSize = 13;
// RFC 6347 4.1: DTLSCiphertext.length is at most 2^14 + 2048.
constexpr size_t kDtlsMaxFragment = 16384 + 2048;
// All our cipher suites are AEAD with a 16-byte tag, so a protected record (epoch > 0) is
// never shorter than that (RFC 5288 3, RFC 7905 2).
constexpr size_t kDtlsMinProtectedFragment = 16;

enum class DtlsContentType : uint8_t {
  ChangeCipherSpec = 20,
  Alert = 21,
  Handshake = 22,
  ApplicationData = 23,
};

struct DtlsRecord {
  DtlsContentType type = DtlsContentType::Handshake;
  uint16_t version = 0;  // 0xfeff DTLS 1.0 (ClientHello records), 0xfefd DTLS 1.2
  uint16_t epoch = 0;
  uint64_t sequenceNumber = 0;  // 48 bits
  Bytes fragment;
};

enum class DtlsRecordError {
  None,
  Truncated,           // header or fragment runs past the datagram
  BadContentType,      // not 20..23
  BadVersion,          // not DTLS 1.0 or 1.2
  FragmentTooLong,     // over kDtlsMaxFragment
  ProtectedTooShort,   // epoch > 0 but shorter than an AEAD tag
};

// Reads the next record from `reader`; on error the reader position is unspecified.
DtlsRecordError readDtlsRecord(ByteReader& reader, DtlsRecord& out);

// Checks that `datagram` is one or more well-formed records filling it exactly. Stores the
// number of records in `recordCount` when it is not null and the datagram is well formed.
DtlsRecordError checkDtlsDatagram(Bytes datagram, size_t* recordCount = nullptr);

// Writes `record` (header and fragment); false when it does not fit `writer` or the fragment
// is longer than a record may be.
bool writeDtlsRecord(ByteWriter& writer, const DtlsRecord& record);

const char* toString(DtlsRecordError error);

}  // namespace vicos::dtls
