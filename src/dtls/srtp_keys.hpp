// The SRTP master keys a DTLS-SRTP handshake yields (RFC 5764 4.2), split into ours and the
// peer's.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/byte_reader.hpp"

namespace vicos::dtls {

// DTLS-SRTP protection profile ids (RFC 5764 4.1.2, RFC 7714 14.2).
constexpr uint16_t kSrtpAes128CmSha1_80 = 0x0001;
constexpr uint16_t kSrtpAeadAes128Gcm = 0x0007;

// The exporter label of RFC 5764 4.2.
inline constexpr char kSrtpExporterLabel[] = "EXTRACTOR-dtls_srtp";

struct SrtpKeys {
  uint16_t profileId = 0;
  std::vector<uint8_t> localKey, localSalt, remoteKey, remoteSalt;
};

struct SrtpKeyLengths {
  size_t key = 0;
  size_t salt = 0;
};

// Master key and salt lengths of a profile; empty for a profile we do not support.
std::optional<SrtpKeyLengths> srtpKeyLengths(uint16_t profileId);

// Splits exported keying material laid out as RFC 5764 4.2 says:
//   client_write_SRTP_master_key | server_write_SRTP_master_key |
//   client_write_SRTP_master_salt | server_write_SRTP_master_salt
// "local" is the client's half when `localIsClient`. Empty when the profile is unknown or
// `material` is not exactly 2 * (key + salt) bytes.
std::optional<SrtpKeys> splitSrtpKeyingMaterial(uint16_t profileId, Bytes material,
                                                bool localIsClient);

}  // namespace vicos::dtls
