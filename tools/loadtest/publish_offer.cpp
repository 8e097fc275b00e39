// Writes a publishing browser's offer for Janus and reads the DTLS role from the answer.
#include "loadtest/publish_offer.hpp"

#include <sstream>

#include "media/media_profile.hpp"

namespace vicos::loadtest {
namespace {

void writeTransport(std::ostringstream& out, const OfferParams& p, bool withCandidate) {
  out << "c=IN IP4 0.0.0.0\r\n"
      << "a=rtcp:9 IN IP4 0.0.0.0\r\n";
  // RFC 8843 7.1.2 / RFC 8839 5.1: one UDP host candidate, priority as Chromium computes it
  // for a host candidate (type preference 126); no trickle follows it.
  if (withCandidate)
    out << "a=candidate:1 1 udp 2122260223 " << p.candidateIp << ' ' << p.candidatePort
        << " typ host generation 0\r\n";
  out << "a=ice-ufrag:" << p.iceUfrag << "\r\n"
      << "a=ice-pwd:" << p.icePwd << "\r\n"
      << "a=ice-options:trickle\r\n"
      << "a=fingerprint:sha-256 " << p.fingerprintSha256 << "\r\n"
      << "a=setup:actpass\r\n";  // RFC 5763 5: the offerer must offer actpass
}

// The profile's header extensions for one kind of m-line (docs/protocol.md "Media model").
void writeExtensions(std::ostringstream& out, bool audio) {
  for (const auto& ext : media::kExtensions)
    if (audio ? ext.audio : ext.video) out << "a=extmap:" << int{ext.id} << ' ' << ext.uri << "\r\n";
}

// The codec's a=rtpmap and a=fmtp lines (RFC 8866 6.6, 6.15).
void writeCodec(std::ostringstream& out, const media::Codec& codec) {
  const int pt = codec.payloadType;
  out << "a=rtpmap:" << pt << ' ' << codec.name << '/' << codec.clockRate;
  if (codec.channels != 0) out << '/' << int{codec.channels};
  out << "\r\n";
  if (!codec.fmtp.empty()) out << "a=fmtp:" << pt << ' ' << codec.fmtp << "\r\n";
}

void writeSsrc(std::ostringstream& out, const OfferParams& p, uint32_t ssrc, const char* track) {
  out << "a=ssrc:" << ssrc << " cname:" << p.cname << "\r\n"
      << "a=ssrc:" << ssrc << " msid:" << p.cname << ' ' << p.cname << track << "\r\n";
}

}  // namespace

std::string buildPublishOffer(const OfferParams& p) {
  std::ostringstream out;
  out << "v=0\r\n"
      << "o=- " << p.sessionId << " 2 IN IP4 127.0.0.1\r\n"
      << "s=-\r\n"
      << "t=0 0\r\n"
      << "a=group:BUNDLE 0" << (p.audioOnly ? "" : " 1") << "\r\n"
      << "a=msid-semantic: WMS " << p.cname << "\r\n";

  out << "m=audio 9 UDP/TLS/RTP/SAVPF " << int{media::kOpus.payloadType} << "\r\n";
  writeTransport(out, p, true);
  out << "a=mid:0\r\n";
  writeExtensions(out, true);
  out << "a=sendonly\r\n"
      << "a=msid:" << p.cname << ' ' << p.cname << "-audio\r\n"
      << "a=rtcp-mux\r\n";
  writeCodec(out, media::kOpus);
  writeSsrc(out, p, p.audioSsrc, "-audio");
  if (p.audioOnly) return out.str();

  const int vp8 = media::kVp8.payloadType;
  out << "m=video 9 UDP/TLS/RTP/SAVPF " << vp8 << "\r\n";
  writeTransport(out, p, false);
  out << "a=mid:1\r\n";
  writeExtensions(out, false);
  out << "a=sendonly\r\n"
      << "a=msid:" << p.cname << ' ' << p.cname << "-video\r\n"
      << "a=rtcp-mux\r\n"
      << "a=rtcp-rsize\r\n";
  writeCodec(out, media::kVp8);
  for (const auto feedback : media::kVideoFeedback) out << "a=rtcp-fb:" << vp8 << ' ' << feedback << "\r\n";
  writeSsrc(out, p, p.videoSsrc, "-video");
  return out.str();
}

std::optional<bool> dtlsClientFromAnswer(const sdp::SessionDescription& answer) {
  for (const auto& m : answer.media) {
    if (m.port == 0) continue;
    if (!m.setup) return std::nullopt;
    if (*m.setup == sdp::SetupRole::Active) return false;
    if (*m.setup == sdp::SetupRole::Passive) return true;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace vicos::loadtest
