// The two checksums STUN carries: CRC-32 for FINGERPRINT and HMAC-SHA1 for MESSAGE-INTEGRITY.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "common/byte_reader.hpp"

namespace vicos::stun {

inline constexpr size_t kSha1Size = 20;
using Sha1Digest = std::array<uint8_t, kSha1Size>;

// ISO-HDLC CRC-32 (the one of zlib and Ethernet) over `data`, as RFC 8489 14.7 requires.
uint32_t crc32(Bytes data);

// Continues a CRC-32 from `crc` (0 for a fresh one) over `data`.
uint32_t crc32Update(uint32_t crc, Bytes data);

// HMAC-SHA1 (RFC 2104) over the concatenation of `parts`. Returns false only when OpenSSL
// fails. Keeps one MAC context per thread, so a media worker allocates nothing per packet.
bool hmacSha1(Bytes key, std::initializer_list<Bytes> parts, Sha1Digest& out);

// Constant-time equality of two equally long MACs (CRYPTO_memcmp); false on size mismatch.
bool macEqual(Bytes a, Bytes b);

}  // namespace vicos::stun
