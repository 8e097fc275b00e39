// Builds the server's SDP offers (RFC 8829 5.2): ICE-lite, BUNDLE, one uplink pair and the
// downlinks of docs/protocol.md "Media model".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sdp/session_description.hpp"

// Codecs and header extensions come from media/media_profile.hpp.
namespace vicos::sdp {

struct OfferCandidate {
  std::string ip;  // IPv4 dotted or IPv6 text form
  uint16_t port = 0;
  bool tcp = false;  // an ICE-TCP passive candidate (RFC 6544), after every UDP one
};

struct OfferMedia {
  MediaKind kind = MediaKind::Audio;  // Audio or Video
  std::string mid;
  Direction direction = Direction::RecvOnly;  // RecvOnly, SendOnly or Inactive
  bool rejected = false;  // port 0, left out of BUNDLE (RFC 8829 5.2.2); we never reuse it
  // For SendOnly only: the forwarded stream's SSRC and names (RFC 5576, RFC 8830).
  uint32_t ssrc = 0;
  std::string cname;
  std::string streamId;
  std::string trackId;
  // For a RecvOnly video uplink: the simulcast layers asked for, lowest first (RFC 8851 a=rid,
  // RFC 8853 a=simulcast, with the RID and repaired-RID extensions).
  std::vector<std::string> rids;
  // Whether RTX (RFC 4588) is offered beside VP8; on a SendOnly video downlink with the SSRC of
  // its retransmission stream (a=ssrc-group:FID, RFC 5576 4.2).
  bool rtx = false;
  uint32_t rtxSsrc = 0;
};

struct OfferSpec {
  uint64_t sessionId = 0;       // o= sess-id, fixed for the lifetime of the connection
  uint64_t sessionVersion = 0;  // o= sess-version, increases with each offer
  std::string iceUfrag;
  std::string icePwd;
  std::string fingerprintSha256;  // "AB:CD:..." of the DTLS certificate
  std::vector<OfferCandidate> candidates;
  std::vector<OfferMedia> media;
};

// Returns the offer with CRLF line endings, or an empty string when the spec holds a value
// that could break the SDP syntax (a space or line break in a name, an unknown media kind).
std::string buildOffer(const OfferSpec& spec);

}  // namespace vicos::sdp
