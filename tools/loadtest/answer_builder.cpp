// Answer writing (RFC 3264 6, RFC 8829 5.3) in the attribute order Chromium uses.
#include "loadtest/answer_builder.hpp"

#include <charconv>
#include <sstream>
#include <string_view>

namespace vicos::loadtest {
namespace {

// RFC 3264 6.1: the answer's direction for each offered one, as a browser that sends on
// its uplinks and receives every downlink.
sdp::Direction answerDirection(sdp::Direction offered) {
  switch (offered) {
    case sdp::Direction::RecvOnly: return sdp::Direction::SendOnly;
    case sdp::Direction::SendOnly: return sdp::Direction::RecvOnly;
    case sdp::Direction::SendRecv: return sdp::Direction::SendRecv;
    case sdp::Direction::Inactive: return sdp::Direction::Inactive;
  }
  return sdp::Direction::Inactive;
}

void writeMedia(std::ostringstream& out, const sdp::MediaDescription& m, const AnswerParams& p,
                bool firstAccepted) {
  const bool rejected = m.port == 0;
  const uint8_t pt = m.payloadTypes.empty() ? 0 : m.payloadTypes.front();
  out << "m=" << m.kindName << (rejected ? " 0 " : " 9 ") << m.protocol << ' ' << int{pt} << "\r\n";
  out << "c=IN IP4 0.0.0.0\r\n";
  if (rejected) {
    out << "a=mid:" << m.mid << "\r\n" << "a=inactive\r\n";
    return;
  }
  out << "a=rtcp:9 IN IP4 0.0.0.0\r\n";
  if (firstAccepted)  // RFC 8843 7.1.2: candidates go with the bundle's first m-line
    out << "a=candidate:1 1 udp 2122260223 " << p.candidateIp << ' ' << p.candidatePort
        << " typ host generation 0\r\n";
  out << "a=ice-ufrag:" << p.iceUfrag << "\r\n"
      << "a=ice-pwd:" << p.icePwd << "\r\n"
      << "a=ice-options:trickle\r\n"
      << "a=fingerprint:sha-256 " << p.fingerprintSha256 << "\r\n"
      << "a=setup:active\r\n"  // RFC 8842 5.3: the answerer picks active, so it is the DTLS client
      << "a=mid:" << m.mid << "\r\n";
  for (const auto& e : m.extMaps) out << "a=extmap:" << e.id << ' ' << e.uri << "\r\n";
  const sdp::Direction direction = answerDirection(m.direction);
  out << "a=" << sdp::directionName(direction) << "\r\n";
  const bool audio = m.kind == sdp::MediaKind::Audio;
  const bool sending = direction == sdp::Direction::SendOnly || direction == sdp::Direction::SendRecv;
  if (sending) out << "a=msid:" << p.cname << ' ' << p.cname << (audio ? "-audio" : "-video") << "\r\n";
  out << "a=rtcp-mux\r\n";
  if (m.rtcpRsize) out << "a=rtcp-rsize\r\n";
  if (const sdp::RtpMap* map = m.rtpMap(pt)) {
    out << "a=rtpmap:" << int{pt} << ' ' << map->encodingName << '/' << map->clockRate;
    if (map->channels) out << '/' << int{map->channels};
    out << "\r\n";
  }
  for (const auto& fb : m.rtcpFbs) {
    if (fb.payloadType && *fb.payloadType != pt) continue;
    out << "a=rtcp-fb:" << (fb.payloadType ? std::to_string(*fb.payloadType) : std::string("*")) << ' '
        << fb.type;
    if (!fb.parameter.empty()) out << ' ' << fb.parameter;
    out << "\r\n";
  }
  for (const auto& f : m.fmtps)
    if (f.payloadType == pt) out << "a=fmtp:" << int{pt} << ' ' << f.parameters << "\r\n";
  if (sending && !audio && p.simulcast && !m.rids.empty()) {
    std::string layers;
    for (const auto& rid : m.rids) {  // "q recv ..." (RFC 8851 10)
      const std::string id = rid.substr(0, rid.find(' '));
      out << "a=rid:" << id << " send\r\n";
      layers += (layers.empty() ? "" : ";") + id;
    }
    out << "a=simulcast:send " << layers << "\r\n";
  } else if (sending) {
    const uint32_t ssrc = audio ? p.audioSsrc : p.videoSsrc;
    out << "a=ssrc:" << ssrc << " cname:" << p.cname << "\r\n";
  }
}

// "1 1 udp 2130706431 127.0.0.1 40000 typ host ..." (RFC 8839 5.1).
std::optional<std::pair<std::string, uint16_t>> hostCandidate(std::string_view value) {
  std::string_view fields[8];
  size_t n = 0;
  while (n < 8 && !value.empty()) {
    const size_t space = value.find(' ');
    fields[n++] = value.substr(0, space);
    value = space == std::string_view::npos ? std::string_view{} : value.substr(space + 1);
  }
  if (n < 8 || fields[1] != "1" || (fields[2] != "udp" && fields[2] != "UDP") || fields[7] != "host")
    return std::nullopt;
  uint16_t port = 0;
  const auto r = std::from_chars(fields[5].data(), fields[5].data() + fields[5].size(), port);
  if (r.ec != std::errc() || r.ptr != fields[5].data() + fields[5].size() || port == 0) return std::nullopt;
  return std::make_pair(std::string(fields[4]), port);
}

}  // namespace

std::string buildAnswer(const sdp::SessionDescription& offer, const AnswerParams& params) {
  std::ostringstream out;
  out << "v=0\r\n"
      << "o=- " << params.sessionId << ' ' << params.sessionVersion << " IN IP4 127.0.0.1\r\n"
      << "s=-\r\n"
      << "t=0 0\r\n";
  std::string bundle;
  for (const auto& m : offer.media)
    if (m.port != 0) bundle += ' ' + m.mid;
  if (bundle.empty()) return {};
  out << "a=group:BUNDLE" << bundle << "\r\n";
  out << "a=msid-semantic: WMS " << params.cname << "\r\n";
  bool first = true;
  for (const auto& m : offer.media) {
    writeMedia(out, m, params, first && m.port != 0);
    if (m.port != 0) first = false;
  }
  return out.str();
}

std::optional<client::ServerParams> serverParamsFromOffer(const sdp::SessionDescription& offer) {
  for (const auto& m : offer.media) {
    if (m.port == 0) continue;
    client::ServerParams server;
    if (!m.iceUfrag || !m.icePwd) return std::nullopt;
    server.iceUfrag = *m.iceUfrag;
    server.icePwd = *m.icePwd;
    for (const auto& f : m.fingerprints)
      if (f.algorithm == "sha-256") server.fingerprintSha256 = f.value;
    if (server.fingerprintSha256.empty()) return std::nullopt;
    for (const auto& c : m.candidates) {
      if (auto host = hostCandidate(c)) {
        server.ip = host->first;
        server.port = host->second;
        return server;
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::map<uint32_t, OfferedStream> offeredStreams(const sdp::SessionDescription& offer) {
  std::map<uint32_t, OfferedStream> streams;
  for (const auto& m : offer.media) {
    if (m.port == 0 || m.direction != sdp::Direction::SendOnly) continue;
    for (const auto& s : m.ssrcs) streams[s.ssrc] = OfferedStream{m.kind, m.mid};
  }
  return streams;
}

}  // namespace vicos::loadtest
