// Parsers of single media-level attribute values (a=rtpmap, a=fmtp, a=rtcp-fb, a=extmap,
// a=ssrc, a=ssrc-group, a=rid, a=simulcast); each returns an empty string on success, else
// what is wrong.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sdp/session_description.hpp"

namespace vicos::sdp {

std::optional<Direction> parseDirection(std::string_view s);

std::string_view parseRtpMap(std::string_view value, RtpMap& out);
// Sets `out` for a numeric format; leaves it empty for a non-RTP format when !rtp.
std::string_view parseFmtp(std::string_view value, bool rtp, std::optional<Fmtp>& out);
std::string_view parseRtcpFb(std::string_view value, RtcpFb& out);
std::string_view parseExtMap(std::string_view value, ExtMap& out);
// Folds one a=ssrc line into the list of SSRCs of the m-line.
std::string_view applySsrcLine(std::string_view value, std::vector<SsrcInfo>& ssrcs);
std::string_view parseSsrcGroup(std::string_view value, SsrcGroup& out);

// RFC 8851 10: one a=rid line. The restrictions after the direction are kept as written.
struct Rid {
  std::string id;
  bool send = false;  // "send"; false: "recv"
  std::string restrictions;
};
std::string_view parseRid(std::string_view value, Rid& out);

// RFC 8853 5.1: a=simulcast. Each direction lists simulcast streams in order; a stream may
// name alternatives (","), of which we keep the first; "~" marks it paused.
struct SimulcastStream {
  std::string rid;
  bool paused = false;
};
struct Simulcast {
  std::vector<SimulcastStream> send;
  std::vector<SimulcastStream> recv;
};
std::string_view parseSimulcast(std::string_view value, Simulcast& out);
// RFC 8851 10: rid-id = 1*(alpha-numeric / "-" / "_"), at most 16 characters in vicos
// (RFC 8852 3.3's RtpStreamId fits a one-byte extension element).
bool isRidId(std::string_view s);

}  // namespace vicos::sdp
