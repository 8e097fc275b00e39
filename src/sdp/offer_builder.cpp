// Writes the server's offers in the attribute order RFC 8829 5.2.1 describes.
#include "sdp/offer_builder.hpp"

#include <algorithm>

#include "media/media_profile.hpp"
#include "sdp/media_attributes.hpp"

namespace vicos::sdp {
namespace {

// Printable ASCII without space: keeps every value a single SDP token.
bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool specIsWritable(const OfferSpec& spec) {
  if (!isToken(spec.iceUfrag) || !isToken(spec.icePwd) || !isToken(spec.fingerprintSha256))
    return false;
  for (const auto& c : spec.candidates)
    if (!isToken(c.ip)) return false;
  for (const auto& m : spec.media) {
    if (!isToken(m.mid)) return false;
    if (m.kind != MediaKind::Audio && m.kind != MediaKind::Video) return false;
    if (m.direction == Direction::SendRecv) return false;
    if (m.direction == Direction::SendOnly && !m.rejected &&
        (!isToken(m.cname) || !isToken(m.streamId) || !isToken(m.trackId)))
      return false;
    if (m.direction == Direction::SendOnly && m.rtx && (m.rtxSsrc == 0 || m.rtxSsrc == m.ssrc)) return false;
    if (!m.rids.empty() && (m.kind != MediaKind::Video || m.rids.size() > media::kMaxEncodings)) return false;
    if (!std::all_of(m.rids.begin(), m.rids.end(), [](const std::string& r) { return isRidId(r); })) return false;
  }
  return true;
}

class Writer {
 public:
  void line(std::string_view text) {
    mOut.append(text);
    mOut.append("\r\n");
  }
  template <typename... Parts>
  void line(std::string_view first, const Parts&... rest) {
    mOut.append(first);
    (append(rest), ...);
    mOut.append("\r\n");
  }
  std::string take() { return std::move(mOut); }

 private:
  void append(std::string_view s) { mOut.append(s); }
  void append(const std::string& s) { mOut.append(s); }
  void append(const char* s) { mOut.append(s); }
  template <typename T>
  void append(T n) {
    mOut.append(std::to_string(n));
  }

  std::string mOut;
};

// RFC 8445 5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component)
uint32_t hostPriority(size_t index) {
  constexpr uint32_t kHostTypePreference = 126;
  const uint32_t localPreference = 65535 - static_cast<uint32_t>(std::min<size_t>(index, 65535));
  return (kHostTypePreference << 24) | (localPreference << 8) | (256 - 1);
}

// RFC 6544 4.2: TCP candidates rank below UDP ones (a lower type preference, as browsers give
// their own), and local preference = 2^13 * direction-pref + other-pref, with direction-pref 4
// for passive candidates and other-pref falling with the candidate's index.
uint32_t tcpHostPriority(size_t index) {
  constexpr uint32_t kTcpHostTypePreference = 90;
  constexpr uint32_t kPassiveDirection = 4;
  const uint32_t otherPreference = 8191 - static_cast<uint32_t>(std::min<size_t>(index, 8191));
  const uint32_t localPreference = (kPassiveDirection << 13) | otherPreference;
  return (kTcpHostTypePreference << 24) | (localPreference << 8) | (256 - 1);
}

void writeMedia(Writer& w, const OfferSpec& spec, const OfferMedia& m) {
  const bool audio = m.kind == MediaKind::Audio;
  const media::Codec& codec = audio ? media::kOpus : media::kVp8;
  const int pt = codec.payloadType;
  const bool v6 = !spec.candidates.empty() && spec.candidates.front().ip.find(':') != std::string::npos;
  const bool rtx = !audio && m.rtx && !m.rejected;
  const int rtxPt = media::kVp8Rtx.payloadType;
  if (rtx)
    w.line("m=video 9 UDP/TLS/RTP/SAVPF ", pt, " ", rtxPt);
  else
    w.line("m=", audio ? "audio" : "video", m.rejected ? " 0" : " 9", " UDP/TLS/RTP/SAVPF ", pt);
  w.line(v6 ? "c=IN IP6 ::" : "c=IN IP4 0.0.0.0");
  if (m.rejected) {  // RFC 8829 5.2.2: a rejected section keeps only what names it
    w.line("a=mid:", m.mid);
    w.line("a=inactive");
    return;
  }
  w.line("a=ice-ufrag:", spec.iceUfrag);
  w.line("a=ice-pwd:", spec.icePwd);
  w.line("a=fingerprint:sha-256 ", spec.fingerprintSha256);
  w.line("a=setup:actpass");  // RFC 8842 3: an offerer must say actpass
  w.line("a=mid:", m.mid);
  for (const auto& ext : media::kExtensions)
    if (audio ? ext.audio : ext.video) w.line("a=extmap:", int{ext.id}, " ", ext.uri);
  if (!m.rids.empty())  // RFC 8852 4.3, 4.4
    for (const auto& ext : {media::kExtRid, media::kExtRepairedRid}) w.line("a=extmap:", int{ext.id}, " ", ext.uri);
  // Transport-wide numbers both ways: on an uplink the browser numbers and we send feedback, on a
  // downlink we number and the browser sends feedback (draft-holmer-…-01 4).
  w.line("a=extmap:", int{media::kExtTransportCc.id}, " ", media::kExtTransportCc.uri);
  w.line("a=", directionName(m.direction));
  const bool sending = m.direction == Direction::SendOnly;
  if (sending) w.line("a=msid:", m.streamId, " ", m.trackId);
  w.line("a=rtcp-mux");
  w.line("a=rtcp-rsize");
  if (codec.channels != 0)
    w.line("a=rtpmap:", pt, " ", codec.name, "/", codec.clockRate, "/", int{codec.channels});
  else
    w.line("a=rtpmap:", pt, " ", codec.name, "/", codec.clockRate);
  if (!codec.fmtp.empty()) w.line("a=fmtp:", pt, " ", codec.fmtp);
  if (!audio)
    for (const auto feedback : media::kVideoFeedback) w.line("a=rtcp-fb:", pt, " ", feedback);
  w.line("a=rtcp-fb:", pt, " ", media::kTransportCcFeedback);
  if (rtx) {  // RFC 4588 8.6
    w.line("a=rtpmap:", rtxPt, " ", media::kVp8Rtx.name, "/", media::kVp8Rtx.clockRate);
    w.line("a=fmtp:", rtxPt, " ", media::kVp8Rtx.fmtp);
  }
  if (!m.rids.empty()) {  // RFC 8851 4, RFC 8853 5.1: we receive each layer
    std::string layers;
    for (const auto& rid : m.rids) {
      w.line("a=rid:", rid, " recv");
      layers += (layers.empty() ? "" : ";") + rid;
    }
    w.line("a=simulcast:recv ", layers);
  }
  if (sending) {  // RFC 5576 4.1; Chromium still reads a=ssrc to map incoming streams
    if (rtx) w.line("a=ssrc-group:FID ", m.ssrc, " ", m.rtxSsrc);  // RFC 5576 4.2, RFC 4588 8.3
    w.line("a=ssrc:", m.ssrc, " cname:", m.cname);
    w.line("a=ssrc:", m.ssrc, " msid:", m.streamId, " ", m.trackId);
    if (rtx) {
      w.line("a=ssrc:", m.rtxSsrc, " cname:", m.cname);
      w.line("a=ssrc:", m.rtxSsrc, " msid:", m.streamId, " ", m.trackId);
    }
  }
  size_t udp = 0;
  size_t tcp = 0;
  for (size_t i = 0; i < spec.candidates.size(); ++i) {
    const auto& c = spec.candidates[i];
    if (c.tcp)  // RFC 6544 4.5: the passive side of ICE-TCP, reached by the browser's connection
      w.line("a=candidate:", i + 1, " 1 tcp ", tcpHostPriority(tcp++), " ", c.ip, " ", c.port,
             " typ host tcptype passive");
    else
      w.line("a=candidate:", i + 1, " 1 udp ", hostPriority(udp++), " ", c.ip, " ", c.port, " typ host");
  }
  w.line("a=end-of-candidates");
}

}  // namespace

std::string buildOffer(const OfferSpec& spec) {
  if (!specIsWritable(spec)) return {};
  Writer w;
  w.line("v=0");
  w.line("o=- ", spec.sessionId, " ", spec.sessionVersion, " IN IP4 127.0.0.1");
  w.line("s=-");
  w.line("t=0 0");
  w.line("a=ice-lite");  // RFC 8445 2.5
  std::string bundle = "a=group:BUNDLE";
  for (const auto& m : spec.media) {
    if (m.rejected) continue;
    bundle += ' ';
    bundle += m.mid;
  }
  if (bundle.size() > sizeof("a=group:BUNDLE") - 1) w.line(bundle);  // RFC 9143 7.1
  w.line("a=msid-semantic: WMS *");
  for (const auto& m : spec.media) writeMedia(w, spec, m);
  return w.take();
}

}  // namespace vicos::sdp
