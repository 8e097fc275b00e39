// SRTP session: stream state around the packet transforms (RFC 3711 3.3, 3.4).
#include "srtp/srtp_session.hpp"

#include "srtp/packet_fields.hpp"

namespace vicos::srtp {
namespace {

// Larger than any UDP payload; keeps the int lengths OpenSSL takes far from overflow.
constexpr size_t kMaxPacketLength = 0xffff;
constexpr uint64_t kMaxRtpIndex = (uint64_t{1} << 48) - 1;
constexpr uint32_t kMaxSrtcpIndex = 0x7fffffff;

}  // namespace

std::unique_ptr<SrtpSession> SrtpSession::create(SrtpProfile profile, Bytes masterKey,
                                                 Bytes masterSalt, size_t maxStreams) {
  auto keys = deriveSessionKeys(profile, masterKey, masterSalt);
  if (!keys) return nullptr;
  auto session = createWithSessionKeys(profile, *keys, maxStreams);
  wipe(*keys);
  return session;
}

std::unique_ptr<SrtpSession> SrtpSession::createWithSessionKeys(SrtpProfile profile,
                                                                const DerivedKeys& keys,
                                                                size_t maxStreams) {
  if (maxStreams == 0) return nullptr;
  std::unique_ptr<SrtpSession> session(new SrtpSession(profile, maxStreams));
  session->mRtp = SrtpCipher::create(profile, keys.rtp);
  session->mRtcp = SrtpCipher::create(profile, keys.rtcp);
  if (!session->mRtp || !session->mRtcp) return nullptr;
  return session;
}

// RFC 3711 3.3.1: the sender keeps ROC and the highest SEQ per SSRC and guesses the index of
// each packet the same way a receiver does, so a retransmitted older packet gets its old
// index back. Protecting an index twice yields identical bytes, so it is allowed.
bool SrtpSession::protectRtp(uint8_t* buf, size_t& len, size_t capacity) {
  if (len > kMaxPacketLength || capacity < len + rtpOverhead()) return false;
  const auto fields = readRtpFields(Bytes(buf, len));
  if (!fields) return false;
  StreamState* state = mStreams.find(fields->ssrc);
  if (!state && mStreams.full()) return false;

  uint64_t index = fields->seq;  // a new stream starts with ROC 0
  if (state && state->sendStarted) {
    const int64_t estimate = estimateRtpIndex(state->sendHighest, fields->seq);
    if (estimate < 0 || static_cast<uint64_t>(estimate) > kMaxRtpIndex) return false;
    index = static_cast<uint64_t>(estimate);
  }
  if (!mRtp->protectRtp(buf, fields->headerLength, len, fields->ssrc, index)) return false;

  if (!state) state = mStreams.insert(fields->ssrc);
  if (!state->sendStarted || index > state->sendHighest) {
    state->sendStarted = true;
    state->sendHighest = index;
  }
  len += rtpOverhead();
  return true;
}

bool SrtpSession::unprotectRtp(uint8_t* buf, size_t& len) {
  if (len > kMaxPacketLength || len < rtpOverhead()) return false;
  const auto fields = readRtpFields(Bytes(buf, len - rtpOverhead()));
  if (!fields) return false;
  StreamState* state = mStreams.find(fields->ssrc);
  // State for a new SSRC is only created once a packet of it authenticates, so forged
  // packets cannot fill the table.
  if (!state && mStreams.full()) return false;

  uint64_t index = fields->seq;  // RFC 3711 3.3.1: ROC = 0, s_l = SEQ for a new stream
  if (state && state->rtpWindow.started()) {
    const int64_t estimate = estimateRtpIndex(state->rtpWindow.highest(), fields->seq);
    if (estimate < 0) return false;
    index = static_cast<uint64_t>(estimate);
    if (!state->rtpWindow.check(index)) return false;  // replay, RFC 3711 3.3.2
  }
  if (!mRtp->unprotectRtp(buf, fields->headerLength, len, fields->ssrc, index)) return false;

  if (!state) state = mStreams.insert(fields->ssrc);
  state->rtpWindow.accept(index);  // also moves ROC and s_l when index is the newest
  len -= rtpOverhead();
  return true;
}

bool SrtpSession::protectRtcp(uint8_t* buf, size_t& len, size_t capacity) {
  if (len > kMaxPacketLength || capacity < len + rtcpOverhead()) return false;
  const auto ssrc = readRtcpSenderSsrc(Bytes(buf, len));
  if (!ssrc) return false;
  StreamState* state = mStreams.find(*ssrc);
  if (!state && mStreams.full()) return false;

  const uint32_t index = state ? state->sendRtcpIndex : 0;
  if (index > kMaxSrtcpIndex) return false;  // exhausted: the keys must change (RFC 3711 9.2)
  if (!mRtcp->protectRtcp(buf, len, *ssrc, index)) return false;

  if (!state) state = mStreams.insert(*ssrc);
  state->sendRtcpIndex = index + 1;
  len += rtcpOverhead();
  return true;
}

bool SrtpSession::unprotectRtcp(uint8_t* buf, size_t& len) {
  if (len > kMaxPacketLength || len < kRtcpHeaderLength + rtcpOverhead()) return false;
  const auto ssrc = readRtcpSenderSsrc(Bytes(buf, len - rtcpOverhead()));
  if (!ssrc) return false;
  StreamState* state = mStreams.find(*ssrc);
  if (!state && mStreams.full()) return false;

  const uint32_t eIndex = loadBe32(buf + mRtcp->srtcpIndexOffset(len));
  const uint32_t index = eIndex & kMaxSrtcpIndex;
  if (state && !state->rtcpWindow.check(index)) return false;  // RFC 3711 3.4, 3.3.2
  if (!mRtcp->unprotectRtcp(buf, len, *ssrc, eIndex)) return false;

  if (!state) state = mStreams.insert(*ssrc);
  state->rtcpWindow.accept(index);
  len -= rtcpOverhead();
  return true;
}

}  // namespace vicos::srtp
