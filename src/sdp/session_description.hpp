// Parsed form of an SDP session description (RFC 8866) as browsers write WebRTC answers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vicos::sdp {

// Input limits: anything beyond them is rejected before it costs memory or time.
inline constexpr size_t kMaxSdpBytes = 256 * 1024;
inline constexpr size_t kMaxMediaSections = 512;
inline constexpr size_t kMaxLines = 20000;
inline constexpr size_t kMaxLineBytes = 2048;

enum class MediaKind { Audio, Video, Application, Other };
enum class Direction { SendRecv, SendOnly, RecvOnly, Inactive };
// RFC 4145 4: the a=setup roles; RFC 5763 5 restricts an answer to active or passive.
enum class SetupRole { Active, Passive, ActPass, HoldConn };

std::string_view mediaKindName(MediaKind kind);
std::string_view directionName(Direction direction);

// RFC 8122 5: a=fingerprint:<hash-func> <hex pairs separated by colons>.
struct Fingerprint {
  std::string algorithm;  // lower-cased, e.g. "sha-256"
  std::string value;      // as written, e.g. "AB:CD:..."
};

// RFC 8866 6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>].
struct RtpMap {
  uint8_t payloadType = 0;
  std::string encodingName;  // as written ("opus", "VP8"); compare case-insensitively
  uint32_t clockRate = 0;
  uint8_t channels = 0;  // 0 when absent
};

// RFC 8866 6.15: a=fmtp:<format> <format specific parameters>.
struct Fmtp {
  uint8_t payloadType = 0;
  std::string parameters;
};

// RFC 4585 4.2: a=rtcp-fb:<payload type or *> <type> [<subtype>].
struct RtcpFb {
  std::optional<uint8_t> payloadType;  // nullopt for "*"
  std::string type;                    // "nack", "ccm", "goog-remb", "transport-cc"
  std::string parameter;               // "pli", "fir" or empty
};

// RFC 8285 7: a=extmap:<id>[/<direction>] <URI> [<extension attributes>].
struct ExtMap {
  uint16_t id = 0;
  std::optional<Direction> direction;
  std::string uri;
  std::string attributes;
};

// RFC 5576 4.1: the a=ssrc:<ssrc> <attribute>:<value> lines, folded per SSRC.
struct SsrcInfo {
  uint32_t ssrc = 0;
  std::string cname;
  std::string msid;  // "<stream id> <track id>" as written
};

// RFC 5576 4.2: a=ssrc-group:<semantics> <ssrc> ...
struct SsrcGroup {
  std::string semantics;  // "FID", "SIM", "FEC-FR"
  std::vector<uint32_t> ssrcs;
};

// One m= section. Transport attributes (ICE, fingerprint, setup) hold the effective value:
// the media-level attribute when present, otherwise the session-level one.
struct MediaDescription {
  MediaKind kind = MediaKind::Other;
  std::string kindName;  // the <media> token as written
  uint16_t port = 0;     // 0 marks a rejected m-line (RFC 8866 5.14, RFC 3264 6)
  std::string protocol;  // "UDP/TLS/RTP/SAVPF"
  std::vector<std::string> formats;
  std::vector<uint8_t> payloadTypes;  // the formats, for RTP protocols
  std::string mid;
  Direction direction = Direction::SendRecv;
  std::vector<RtpMap> rtpMaps;
  std::vector<Fmtp> fmtps;
  std::vector<RtcpFb> rtcpFbs;
  std::vector<ExtMap> extMaps;
  std::vector<SsrcInfo> ssrcs;
  std::vector<SsrcGroup> ssrcGroups;
  std::string msid;  // a=msid value (RFC 8830 2), "<stream id> <track id>"
  bool rtcpMux = false;
  bool rtcpRsize = false;
  std::vector<std::string> rids;        // raw a=rid values (RFC 8851), kept for simulcast
  std::string simulcast;                // raw a=simulcast value (RFC 8853)
  std::vector<std::string> candidates;  // raw a=candidate values
  bool endOfCandidates = false;
  std::optional<std::string> iceUfrag;
  std::optional<std::string> icePwd;
  std::vector<Fingerprint> fingerprints;
  std::optional<SetupRole> setup;

  [[nodiscard]] const RtpMap* rtpMap(uint8_t payloadType) const;
  [[nodiscard]] const ExtMap* extMap(std::string_view uri) const;
};

struct SessionDescription {
  std::string originUsername;
  std::string originSessionId;  // digits as written; may exceed 64 bits in theory
  std::string originSessionVersion;
  bool iceLite = false;
  bool extmapAllowMixed = false;
  std::vector<std::string> bundleMids;  // from a=group:BUNDLE
  // Session-level transport attributes as written; media sections already inherit them.
  std::optional<std::string> iceUfrag;
  std::optional<std::string> icePwd;
  std::vector<Fingerprint> fingerprints;
  std::optional<SetupRole> setup;
  std::vector<MediaDescription> media;
};

struct SdpError {
  std::string what;
  size_t line = 0;  // 1-based; 0 when the error concerns the whole description
};

using SdpParseResult = std::variant<SessionDescription, SdpError>;

// Parses an SDP description with CRLF or LF line endings. Never throws for any input.
SdpParseResult parseSessionDescription(std::string_view text);

}  // namespace vicos::sdp
