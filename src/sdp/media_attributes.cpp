// Media-level attribute value parsers, each beside the grammar it follows.
#include "sdp/media_attributes.hpp"

#include <algorithm>

#include "sdp/sdp_text.hpp"

namespace vicos::sdp {

std::optional<Direction> parseDirection(std::string_view s) {
  if (s == "sendrecv") return Direction::SendRecv;
  if (s == "sendonly") return Direction::SendOnly;
  if (s == "recvonly") return Direction::RecvOnly;
  if (s == "inactive") return Direction::Inactive;
  return std::nullopt;
}

// RFC 8866 6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
std::string_view parseRtpMap(std::string_view value, RtpMap& out) {
  const size_t space = value.find(' ');
  if (space == std::string_view::npos || !parseUint(value.substr(0, space), out.payloadType) ||
      out.payloadType > 127)
    return "malformed a=rtpmap";
  const auto parts = split(value.substr(space + 1), '/');
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() ||
      !parseUint(parts[1], out.clockRate) || out.clockRate == 0)
    return "malformed a=rtpmap";
  if (parts.size() == 3 && (!parseUint(parts[2], out.channels) || out.channels == 0))
    return "malformed a=rtpmap channels";
  out.encodingName = parts[0];
  return {};
}

// RFC 8866 6.15: a=fmtp:<format> <format specific parameters>
std::string_view parseFmtp(std::string_view value, bool rtp, std::optional<Fmtp>& out) {
  const size_t space = value.find(' ');
  Fmtp fmtp;
  if (!parseUint(value.substr(0, space), fmtp.payloadType) || fmtp.payloadType > 127)
    return rtp ? "malformed a=fmtp" : "";  // webrtc-datachannel and the like
  if (space != std::string_view::npos) fmtp.parameters = value.substr(space + 1);
  out = std::move(fmtp);
  return {};
}

// RFC 4585 4.2: a=rtcp-fb:<payload type or *> <type> [<parameters>]
std::string_view parseRtcpFb(std::string_view value, RtcpFb& out) {
  const size_t space = value.find(' ');
  if (space == std::string_view::npos) return "malformed a=rtcp-fb";
  const std::string_view pt = value.substr(0, space);
  if (pt != "*") {
    uint8_t n = 0;
    if (!parseUint(pt, n) || n > 127) return "malformed a=rtcp-fb payload type";
    out.payloadType = n;
  }
  const std::string_view rest = value.substr(space + 1);
  const size_t space2 = rest.find(' ');
  out.type = rest.substr(0, space2);
  if (out.type.empty()) return "malformed a=rtcp-fb";
  if (space2 != std::string_view::npos) out.parameter = rest.substr(space2 + 1);
  return {};
}

// RFC 8285 7: extmap = mapentry SP extensionname [SP extensionattributes]
//             mapentry = "extmap:" 1*5DIGIT ["/" direction]
std::string_view parseExtMap(std::string_view value, ExtMap& out) {
  const size_t space = value.find(' ');
  if (space == std::string_view::npos) return "malformed a=extmap";
  std::string_view entry = value.substr(0, space);
  if (const size_t slash = entry.find('/'); slash != std::string_view::npos) {
    out.direction = parseDirection(entry.substr(slash + 1));
    if (!out.direction) return "bad a=extmap direction";
    entry = entry.substr(0, slash);
  }
  // 1-14 for one-byte headers, up to 255 for two-byte ones (RFC 8285 4.2, 4.3).
  if (!parseUint(entry, out.id) || out.id == 0 || out.id > 255) return "a=extmap id outside 1-255";
  const std::string_view rest = value.substr(space + 1);
  const size_t space2 = rest.find(' ');
  out.uri = rest.substr(0, space2);
  if (out.uri.empty()) return "malformed a=extmap";
  if (space2 != std::string_view::npos) out.attributes = rest.substr(space2 + 1);
  return {};
}

// RFC 5576 4.1: ssrc-attr = "ssrc:" ssrc-id SP attribute [":" value]
std::string_view applySsrcLine(std::string_view value, std::vector<SsrcInfo>& ssrcs) {
  const size_t space = value.find(' ');
  uint32_t ssrc = 0;
  if (space == std::string_view::npos || !parseUint(value.substr(0, space), ssrc))
    return "malformed a=ssrc";
  const std::string_view attr = value.substr(space + 1);
  const size_t colon = attr.find(':');
  const std::string_view name = attr.substr(0, colon);
  const std::string_view attrValue =
      colon == std::string_view::npos ? std::string_view{} : attr.substr(colon + 1);
  auto it = std::find_if(ssrcs.begin(), ssrcs.end(),
                         [ssrc](const SsrcInfo& s) { return s.ssrc == ssrc; });
  if (it == ssrcs.end()) {
    ssrcs.push_back(SsrcInfo{ssrc, {}, {}});
    it = ssrcs.end() - 1;
  }
  if (name == "cname") it->cname = attrValue;
  if (name == "msid") it->msid = attrValue;
  return {};
}

// RFC 5576 4.2: ssrc-group-attr = "ssrc-group:" semantics *(SP ssrc-id)
std::string_view parseSsrcGroup(std::string_view value, SsrcGroup& out) {
  const auto f = splitSpaces(value);
  if (f.size() < 2) return "malformed a=ssrc-group";
  out.semantics = f[0];
  for (size_t i = 1; i < f.size(); ++i) {
    uint32_t ssrc = 0;
    if (!parseUint(f[i], ssrc)) return "malformed a=ssrc-group ssrc";
    out.ssrcs.push_back(ssrc);
  }
  return {};
}

bool isRidId(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// RFC 8851 10: rid-syntax = %s"a=rid:" rid-id SP rid-dir [ rid-pt-param-list / rid-param-list ]
//              rid-dir = %s"send" / %s"recv"
std::string_view parseRid(std::string_view value, Rid& out) {
  const size_t space = value.find(' ');
  if (space == std::string_view::npos || !isRidId(value.substr(0, space))) return "malformed a=rid id";
  std::string_view rest = value.substr(space + 1);
  const size_t space2 = rest.find(' ');
  const std::string_view direction = rest.substr(0, space2);
  if (direction != "send" && direction != "recv") return "a=rid direction must be send or recv";
  out.id = value.substr(0, space);
  out.send = direction == "send";
  out.restrictions = space2 == std::string_view::npos ? std::string_view{} : rest.substr(space2 + 1);
  return {};
}

namespace {

// RFC 8853 5.1: sc-str-list = sc-alt-list *( ";" sc-alt-list )
//               sc-alt-list = sc-id *( "," sc-id ),  sc-id = [ "~" ] rid-id
std::string_view parseStreamList(std::string_view list, std::vector<SimulcastStream>& out) {
  for (const std::string_view alternatives : split(list, ';')) {
    const std::string_view first = split(alternatives, ',').front();
    const bool paused = !first.empty() && first.front() == '~';
    const std::string_view id = paused ? first.substr(1) : first;
    for (const std::string_view alt : split(alternatives, ','))
      if (!isRidId(alt.starts_with('~') ? alt.substr(1) : alt)) return "malformed a=simulcast stream id";
    if (out.size() == 16) return "a=simulcast lists too many streams";
    out.push_back({std::string(id), paused});
  }
  return {};
}

}  // namespace

// RFC 8853 5.1: sc-value = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
//               sc-send = %s"send" SP sc-str-list,  sc-recv = %s"recv" SP sc-str-list
std::string_view parseSimulcast(std::string_view value, Simulcast& out) {
  const auto parts = split(value, ' ');
  if (parts.size() != 2 && parts.size() != 4) return "malformed a=simulcast";
  bool seenSend = false, seenRecv = false;
  for (size_t i = 0; i < parts.size(); i += 2) {
    const bool send = parts[i] == "send";
    if (!send && parts[i] != "recv") return "a=simulcast direction must be send or recv";
    bool& seen = send ? seenSend : seenRecv;
    if (seen) return "a=simulcast names a direction twice";
    seen = true;
    if (const auto error = parseStreamList(parts[i + 1], send ? out.send : out.recv); !error.empty()) return error;
  }
  return {};
}

}  // namespace vicos::sdp
