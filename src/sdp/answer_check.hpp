// Checks a browser's answer against the offer it answers and extracts what the media plane
// needs: ICE credentials, DTLS fingerprint and role, uplink SSRCs, header extension ids.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sdp/media_attributes.hpp"
#include "sdp/offer_builder.hpp"
#include "sdp/session_description.hpp"

namespace vicos::sdp {

enum class DtlsRole { Client, Server };

// Header extension ids the answer negotiated for one m-line (RFC 8285); nullopt = not used.
struct MediaExtensions {
  std::string mid;
  std::optional<uint8_t> midId;
  std::optional<uint8_t> audioLevelId;
  std::optional<uint8_t> absSendTimeId;
};

struct AnswerInfo {
  std::string remoteUfrag;
  std::string remotePwd;
  std::string fingerprintAlgorithm;  // lower case, "sha-256" preferred when several
  std::string fingerprintValue;
  DtlsRole dtlsRoleOfServer = DtlsRole::Server;  // Server when the answer says setup:active
  std::optional<uint32_t> uplinkAudioSsrc;       // from a=ssrc when the browser wrote it
  std::optional<uint32_t> uplinkVideoSsrc;
  // The camera's simulcast layers the answer will send, in the offer's order (lowest first;
  // RFC 8853 5.3: the answerer may leave some out or pause them); empty without simulcast.
  std::vector<SimulcastStream> uplinkVideoLayers;
  std::vector<MediaExtensions> extensions;  // one per m-line, in m-line order
  // Whether the browser takes RTX (RFC 4588) on the video downlinks we offered it on, as the
  // first such m-line it accepts says; unknown when the answer accepts none.
  std::optional<bool> downlinkRtx;
};

using AnswerCheckResult = std::variant<AnswerInfo, SdpError>;

// The errors name the m-line index in `what`; SdpError::line is 0 (the answer parsed).
AnswerCheckResult checkAnswer(const SessionDescription& answer, const OfferSpec& offer);

}  // namespace vicos::sdp
