// Parsers of single media-level attribute values (a=rtpmap, a=fmtp, a=rtcp-fb, a=extmap,
// a=ssrc, a=ssrc-group); each returns an empty string on success, else what is wrong.
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

}  // namespace vicos::sdp
