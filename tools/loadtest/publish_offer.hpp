// What a browser offers when it publishes to Janus's VideoRoom (RFC 8829 5.2, in the
// attribute order Chromium uses): Opus and VP8 sendonly, BUNDLE, rtcp-mux, a=ssrc,
// setup:actpass, its ICE credentials and one host candidate; and what Janus's answer decides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "loadtest/sdp_identity.hpp"
#include "sdp/session_description.hpp"

namespace vicos::loadtest {

struct OfferParams : SdpIdentity {
  bool audioOnly = false;
};

// The offer (CRLF line endings): mid "0" audio, mid "1" video, with the header extension ids
// and payload types the load tool's packetizers write (load_media.hpp).
std::string buildPublishOffer(const OfferParams& params);

// RFC 5763 5 / RFC 4145 4: an answer to our actpass says active (we are the DTLS server) or
// passive (we are the client); empty when its first accepted m-line says neither.
std::optional<bool> dtlsClientFromAnswer(const sdp::SessionDescription& answer);

}  // namespace vicos::loadtest
