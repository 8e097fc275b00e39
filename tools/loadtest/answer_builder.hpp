// What a browser answers to a vicos offer (docs/protocol.md "Media model"), written by the
// load tool: sendonly uplinks with its SSRCs, recvonly downlinks, setup:active, BUNDLE.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "client/client_peer.hpp"
#include "loadtest/sdp_identity.hpp"
#include "sdp/session_description.hpp"

namespace vicos::loadtest {

// The answering peer's own transport and stream identity.
struct AnswerParams : SdpIdentity {
  uint64_t sessionVersion = 1;
  // Send the camera as the simulcast layers the offer asks for (a=rid recv), as Chromium does.
  bool simulcast = false;
};

// Writes the answer (CRLF line endings) to a parsed offer: the uplink m-lines (offered
// recvonly) are answered sendonly with a=ssrc, downlinks (sendonly) recvonly, inactive and
// rejected m-lines stay so. Codecs, feedback and header extensions are those offered. With
// `simulcast`, a video uplink offered with layers is answered a=rid:<id> send for each and
// a=simulcast:send <ids>, without a=ssrc (RFC 8853 5.3): the layers' SSRCs come from the RID.
// Empty when the offer has no m-line to accept.
std::string buildAnswer(const sdp::SessionDescription& offer, const AnswerParams& params);

// The server's transport from its offer: the first UDP host candidate, ICE credentials and
// the sha-256 fingerprint of the first bundled m-line; empty when one is missing.
std::optional<client::ServerParams> serverParamsFromOffer(const sdp::SessionDescription& offer);

// The SSRC each sending m-line of the offer announces (a=ssrc), by mid.
struct OfferedStream {
  sdp::MediaKind kind = sdp::MediaKind::Audio;
  std::string mid;
};
std::map<uint32_t, OfferedStream> offeredStreams(const sdp::SessionDescription& offer);

}  // namespace vicos::loadtest
