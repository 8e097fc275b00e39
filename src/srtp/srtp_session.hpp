// One direction of SRTP/SRTCP for one DTLS association: keys, the per-SSRC rollover
// counters and replay windows, and in-place protect/unprotect of packets (RFC 3711, 7714).
#pragma once

#include <cstdint>
#include <memory>

#include "common/byte_reader.hpp"
#include "srtp/srtp_cipher.hpp"
#include "srtp/srtp_kdf.hpp"
#include "srtp/srtp_profile.hpp"
#include "srtp/stream_table.hpp"

namespace vicos::srtp {

class SrtpSession {
 public:
  static constexpr size_t kDefaultMaxStreams = 64;

  // Derives the session keys (RFC 3711 4.3, kdr = 0). nullptr when the master key or salt
  // length does not fit the profile or OpenSSL fails. maxStreams bounds the SSRCs the
  // session tracks; a packet of a further SSRC is refused.
  static std::unique_ptr<SrtpSession> create(SrtpProfile profile, Bytes masterKey, Bytes masterSalt,
                                             size_t maxStreams = kDefaultMaxStreams);
  // With session keys given directly (test vectors that skip the KDF).
  static std::unique_ptr<SrtpSession> createWithSessionKeys(SrtpProfile profile, const DerivedKeys& keys,
                                                            size_t maxStreams = kDefaultMaxStreams);

  // All four work in place on buf[0, len) and update len. They return false, leaving buf,
  // len and the stream state unchanged, on a malformed header, an authentication failure,
  // a replayed or too old packet, an exhausted index, a full stream table, or (protect)
  // when capacity has no room for the tag.
  bool protectRtp(uint8_t* buf, size_t& len, size_t capacity);
  bool unprotectRtp(uint8_t* buf, size_t& len);
  bool protectRtcp(uint8_t* buf, size_t& len, size_t capacity);
  bool unprotectRtcp(uint8_t* buf, size_t& len);

  // Forgets an SSRC that has gone (its index and replay state start over if it returns).
  bool removeStream(uint32_t ssrc) { return mStreams.remove(ssrc); }
  // Makes room for `streams` SSRCs ahead of their first packets (the table otherwise grows at
  // the first packet of a stream beyond its room; stream_table.hpp).
  void reserveStreams(size_t streams) { mStreams.reserve(streams); }
  [[nodiscard]] size_t streamCount() const { return mStreams.size(); }

  [[nodiscard]] SrtpProfile profile() const { return mProfile; }
  // Bytes protect adds: the tag (RTP), E|index and the tag (RTCP).
  [[nodiscard]] size_t rtpOverhead() const { return tagLength(mProfile); }
  [[nodiscard]] size_t rtcpOverhead() const { return tagLength(mProfile) + kSrtcpIndexLength; }

 private:
  SrtpSession(SrtpProfile profile, size_t maxStreams) : mProfile(profile), mStreams(maxStreams) {}

  SrtpProfile mProfile;
  std::unique_ptr<SrtpCipher> mRtp;
  std::unique_ptr<SrtpCipher> mRtcp;
  StreamTable mStreams;
};

}  // namespace vicos::srtp
