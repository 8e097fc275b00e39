// Answer validation (RFC 3264 6, RFC 8829 5.10, RFC 8445 5.3, RFC 8842 3) against our offer.
#include "sdp/answer_check.hpp"

#include <algorithm>

#include "media/media_profile.hpp"
#include "sdp/sdp_text.hpp"

namespace vicos::sdp {
namespace {

// RFC 8839 5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4-256, pwd 22-256 characters.
bool isIceString(std::string_view s, size_t minLength) {
  if (s.size() < minLength || s.size() > 256) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
  });
}

// RFC 8122 5: fingerprint = 2UHEX *(":" 2UHEX); lower case tolerated.
bool isFingerprintValue(std::string_view s) {
  if (s.size() < 2 || (s.size() + 1) % 3 != 0) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    if (i % 3 == 2 ? c != ':' : !hex) return false;
  }
  return true;
}

bool isKnownHash(std::string_view a) {
  return a == "sha-1" || a == "sha-224" || a == "sha-256" || a == "sha-384" || a == "sha-512";
}

// RFC 3264 6.1: what the answerer may say to each offered direction.
bool directionAnswers(Direction offered, Direction answered) {
  if (answered == Direction::Inactive) return true;
  switch (offered) {
    case Direction::RecvOnly: return answered == Direction::SendOnly;
    case Direction::SendOnly: return answered == Direction::RecvOnly;
    case Direction::SendRecv: return true;
    case Direction::Inactive: return false;
  }
  return false;
}

SdpError mediaError(size_t index, std::string_view what) {
  return SdpError{"m-line " + std::to_string(index) + ": " + std::string(what), 0};
}

std::optional<uint8_t> extId(const MediaDescription& m, std::string_view uri) {
  const ExtMap* ext = m.extMap(uri);
  if (ext == nullptr) return std::nullopt;
  return static_cast<uint8_t>(ext->id);  // the parser bounds ids to 1-255
}

// The primary SSRC: the first of an FID group (RFC 5576 4.2, RFC 4588), else the first listed.
std::optional<uint32_t> primarySsrc(const MediaDescription& m) {
  for (const auto& g : m.ssrcGroups)
    if (g.semantics == "FID" && !g.ssrcs.empty()) return g.ssrcs.front();
  if (m.ssrcs.empty()) return std::nullopt;
  return m.ssrcs.front().ssrc;
}

// RFC 8853 5.3, RFC 8851 4: the answer's a=simulcast:send and a=rid:<id> send lines for an
// uplink we offered layers on. Returns the layers in the offer's order, or what is wrong.
std::variant<std::vector<SimulcastStream>, std::string> answeredLayers(const MediaDescription& m,
                                                                      const OfferMedia& ours) {
  std::vector<SimulcastStream> layers;
  if (m.simulcast.empty()) return layers;  // declined: one encoding (RFC 8853 5.3)
  Simulcast sc;
  if (const auto error = parseSimulcast(m.simulcast, sc); !error.empty()) return std::string(error);
  if (!sc.recv.empty()) return std::string("a=simulcast:recv in an answer to our recv");
  std::vector<std::string> declared;
  for (const auto& value : m.rids) {
    Rid rid;
    if (const auto error = parseRid(value, rid); !error.empty()) return std::string(error);
    if (!rid.send) return std::string("a=rid answering ours must be send");
    declared.push_back(rid.id);
  }
  for (const auto& offered : ours.rids)
    for (const auto& stream : sc.send)
      if (stream.rid == offered) layers.push_back(stream);
  if (layers.size() != sc.send.size()) return std::string("a=simulcast names a layer we did not offer");
  for (const auto& layer : layers)
    if (std::count(declared.begin(), declared.end(), layer.rid) != 1)
      return std::string("a=simulcast layer without one a=rid line");
  return layers;
}

const Fingerprint* chooseFingerprint(const std::vector<Fingerprint>& fingerprints) {
  for (const auto& f : fingerprints)
    if (f.algorithm == "sha-256") return &f;
  for (const auto& f : fingerprints)
    if (isKnownHash(f.algorithm)) return &f;
  return nullptr;
}

}  // namespace

AnswerCheckResult checkAnswer(const SessionDescription& answer, const OfferSpec& offer) {
  if (answer.media.size() != offer.media.size())
    return SdpError{"answer has " + std::to_string(answer.media.size()) + " m-lines, offer " +
                        std::to_string(offer.media.size()),
                    0};
  AnswerInfo info;
  const MediaDescription* transport = nullptr;  // first accepted m-line: the BUNDLE transport
  for (size_t i = 0; i < offer.media.size(); ++i) {
    const OfferMedia& ours = offer.media[i];
    const MediaDescription& theirs = answer.media[i];
    if (theirs.mid != ours.mid) return mediaError(i, "mid differs from the offer");
    if (theirs.kind != ours.kind) return mediaError(i, "media kind differs from the offer");
    info.extensions.push_back(MediaExtensions{theirs.mid, extId(theirs, media::kExtMid.uri),
                                              extId(theirs, media::kExtAudioLevel.uri),
                                              extId(theirs, media::kExtAbsSendTime.uri)});
    const bool rejected = theirs.port == 0 || ours.rejected;
    if (rejected) continue;
    if (std::find(answer.bundleMids.begin(), answer.bundleMids.end(), theirs.mid) ==
        answer.bundleMids.end())
      return mediaError(i, "not in the BUNDLE group");
    if (!theirs.rtcpMux) return mediaError(i, "no a=rtcp-mux");
    if (!directionAnswers(ours.direction, theirs.direction))
      return mediaError(i, "direction does not answer the offered one");
    if (theirs.direction != Direction::Inactive) {
      const uint8_t ourPt = (ours.kind == MediaKind::Audio ? media::kOpus : media::kVp8).payloadType;
      const auto offered = [&](uint8_t pt) {
        return pt == ourPt || (ours.rtx && pt == media::kVp8Rtx.payloadType);
      };
      if (theirs.payloadTypes.empty() || theirs.payloadTypes.front() != ourPt ||
          !std::all_of(theirs.payloadTypes.begin(), theirs.payloadTypes.end(), offered))
        return mediaError(i, "payload type not offered");
      if (ours.direction == Direction::SendOnly && ours.rtx && !info.downlinkRtx)
        info.downlinkRtx = std::find(theirs.payloadTypes.begin(), theirs.payloadTypes.end(),
                                     media::kVp8Rtx.payloadType) != theirs.payloadTypes.end();
    }
    if (transport == nullptr) {
      transport = &theirs;
    } else if (theirs.iceUfrag != transport->iceUfrag || theirs.icePwd != transport->icePwd) {
      return mediaError(i, "ICE credentials differ within the BUNDLE group");
    }
    if (ours.direction == Direction::RecvOnly) {  // an uplink: the browser sends on it
      auto layers = answeredLayers(theirs, ours);
      if (const auto* error = std::get_if<std::string>(&layers)) return mediaError(i, *error);
      auto& answered = std::get<std::vector<SimulcastStream>>(layers);
      if (!answered.empty()) {
        // Each layer's SSRC comes from its RID extension; SSRC lines cannot say which is which.
        if (info.uplinkVideoLayers.empty()) info.uplinkVideoLayers = std::move(answered);
        continue;
      }
      auto& slot = ours.kind == MediaKind::Audio ? info.uplinkAudioSsrc : info.uplinkVideoSsrc;
      if (!slot) slot = primarySsrc(theirs);
    }
  }
  if (transport == nullptr) return SdpError{"answer accepts no m-line", 0};
  if (!transport->iceUfrag || !isIceString(*transport->iceUfrag, 4))
    return SdpError{"missing or malformed a=ice-ufrag", 0};
  if (!transport->icePwd || !isIceString(*transport->icePwd, 22))
    return SdpError{"missing or malformed a=ice-pwd", 0};
  const Fingerprint* fp = chooseFingerprint(transport->fingerprints);
  if (fp == nullptr) return SdpError{"missing a=fingerprint with a known hash", 0};
  if (!isFingerprintValue(fp->value)) return SdpError{"malformed a=fingerprint value", 0};
  if (!transport->setup) return SdpError{"missing a=setup", 0};
  switch (*transport->setup) {
    case SetupRole::Active: info.dtlsRoleOfServer = DtlsRole::Server; break;
    case SetupRole::Passive: info.dtlsRoleOfServer = DtlsRole::Client; break;
    default: return SdpError{"a=setup in an answer must be active or passive", 0};
  }
  info.remoteUfrag = *transport->iceUfrag;
  info.remotePwd = *transport->icePwd;
  info.fingerprintAlgorithm = fp->algorithm;
  info.fingerprintValue = fp->value;
  return info;
}

}  // namespace vicos::sdp
