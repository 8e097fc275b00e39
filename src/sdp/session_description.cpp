// SDP parser (RFC 8866) for the attributes WebRTC answers carry (RFC 8829 5.8, 5.9).
//
// An SDP description is a sequence of lines `<type>=<value>` (RFC 8866 5):
//
//   v=0                                   protocol version, first line
//   o=- 4611731400430051336 2 IN IP4 127.0.0.1
//   s=-
//   t=0 0
//   a=group:BUNDLE 0 1                    session-level attributes ...
//   m=audio 9 UDP/TLS/RTP/SAVPF 111       ... then one section per m= line
//   c=IN IP4 0.0.0.0
//   a=mid:0
//   a=rtpmap:111 opus/48000/2
//
// Session-level transport attributes (ICE, fingerprint, setup, direction) are inherited by
// every media section that does not carry its own.
#include "sdp/session_description.hpp"

#include <algorithm>
#include <charconv>

#include "sdp/media_attributes.hpp"
#include "sdp/sdp_text.hpp"

namespace vicos::sdp {
namespace {

std::optional<SetupRole> parseSetup(std::string_view s) {
  if (s == "active") return SetupRole::Active;
  if (s == "passive") return SetupRole::Passive;
  if (s == "actpass") return SetupRole::ActPass;
  if (s == "holdconn") return SetupRole::HoldConn;
  return std::nullopt;
}

MediaKind parseKind(std::string_view s) {
  if (s == "audio") return MediaKind::Audio;
  if (s == "video") return MediaKind::Video;
  if (s == "application") return MediaKind::Application;
  return MediaKind::Other;
}

// Transport attributes that may appear at session or media level.
struct TransportAttributes {
  std::optional<std::string>* iceUfrag;
  std::optional<std::string>* icePwd;
  std::vector<Fingerprint>* fingerprints;
  std::optional<SetupRole>* setup;
};

class Parser {
 public:
  std::optional<SdpError> run(std::string_view text);
  SessionDescription& result() { return mDesc; }

 private:
  bool fail(std::string what) {
    mError = SdpError{std::move(what), mLine};
    return false;
  }
  bool onLine(char type, std::string_view value);
  bool onOrigin(std::string_view value);
  bool onMedia(std::string_view value);
  bool onAttribute(std::string_view name, std::string_view value, bool hasValue);
  bool onTransportAttribute(std::string_view name, std::string_view value, bool& handled);
  bool onMediaAttribute(MediaDescription& m, std::string_view name, std::string_view value,
                        bool& handled);
  bool onDirection(Direction d);
  void inherit();

  SessionDescription mDesc;
  MediaDescription* mMedia = nullptr;
  std::optional<Direction> mSessionDirection;
  std::vector<bool> mHasDirection;  // per media section: was a direction attribute written
  bool mHasOrigin = false;
  size_t mLine = 0;
  std::optional<SdpError> mError;
};

std::optional<SdpError> Parser::run(std::string_view text) {
  if (text.size() > kMaxSdpBytes) return SdpError{"description larger than " + std::to_string(kMaxSdpBytes / 1024) + " KiB", 0};
  size_t pos = 0;
  bool sawVersion = false;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (++mLine > kMaxLines) return SdpError{"more than " + std::to_string(kMaxLines) + " lines", mLine};
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;  // tolerated, e.g. a trailing blank line
    if (line.size() > kMaxLineBytes) return SdpError{"line longer than 2048 bytes", mLine};
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
      return SdpError{"line is not <type>=<value>", mLine};
    const std::string_view value = line.substr(2);
    if (std::any_of(value.begin(), value.end(), [](char c) {
          const auto u = static_cast<unsigned char>(c);
          return (u < 0x20 && c != '\t') || u == 0x7f;
        }))
      return SdpError{"control character in line", mLine};
    if (!sawVersion) {
      if (line != "v=0") return SdpError{"first line must be v=0", mLine};
      sawVersion = true;
      continue;
    }
    if (!onLine(line[0], value)) return mError;
  }
  if (!sawVersion) return SdpError{"empty description", 0};
  if (!mHasOrigin) return SdpError{"missing o= line", 0};
  inherit();
  return std::nullopt;
}

bool Parser::onLine(char type, std::string_view value) {
  switch (type) {
    case 'v': return fail("repeated v= line");
    case 'o':
      if (mMedia != nullptr || mHasOrigin) return fail("misplaced o= line");
      return onOrigin(value);
    case 'm': return onMedia(value);
    case 'a': {
      const size_t colon = value.find(':');
      if (colon == std::string_view::npos) return onAttribute(value, {}, false);
      return onAttribute(value.substr(0, colon), value.substr(colon + 1), true);
    }
    default: return true;  // s=, t=, c=, b=, i= ... carry nothing we use
  }
}

// RFC 8866 5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
bool Parser::onOrigin(std::string_view value) {
  const auto f = splitSpaces(value);
  if (f.size() != 6 || !isDigits(f[1]) || !isDigits(f[2])) return fail("malformed o= line");
  mDesc.originUsername = f[0];
  mDesc.originSessionId = f[1];
  mDesc.originSessionVersion = f[2];
  mHasOrigin = true;
  return true;
}

// RFC 8866 5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
bool Parser::onMedia(std::string_view value) {
  if (!mHasOrigin) return fail("m= line before o= line");
  if (mDesc.media.size() == kMaxMediaSections) return fail("more than " + std::to_string(kMaxMediaSections) + " m= lines");
  const auto f = splitSpaces(value);
  if (f.size() < 4) return fail("m= line needs media, port, protocol and a format");
  MediaDescription m;
  m.kindName = f[0];
  m.kind = parseKind(f[0]);
  std::string_view port = f[1];
  if (const size_t slash = port.find('/'); slash != std::string_view::npos) {
    uint16_t count = 0;
    if (!parseUint(port.substr(slash + 1), count)) return fail("bad port count in m= line");
    port = port.substr(0, slash);
  }
  if (!parseUint(port, m.port)) return fail("bad port in m= line");
  m.protocol = f[2];
  const bool rtp = m.protocol.find("RTP/") != std::string::npos;
  for (size_t i = 3; i < f.size(); ++i) {
    m.formats.emplace_back(f[i]);
    if (!rtp) continue;
    uint8_t pt = 0;
    if (!parseUint(f[i], pt) || pt > 127) return fail("bad payload type in m= line");
    m.payloadTypes.push_back(pt);
  }
  mDesc.media.push_back(std::move(m));
  mMedia = &mDesc.media.back();
  mHasDirection.push_back(false);
  return true;
}

bool Parser::onDirection(Direction d) {
  if (mMedia == nullptr) {
    if (mSessionDirection) return fail("more than one direction attribute");
    mSessionDirection = d;
    return true;
  }
  if (mHasDirection.back()) return fail("more than one direction attribute");
  mHasDirection.back() = true;
  mMedia->direction = d;
  return true;
}

bool Parser::onAttribute(std::string_view name, std::string_view value, bool hasValue) {
  if (!hasValue) {
    if (auto d = parseDirection(name)) return onDirection(*d);
    if (name == "ice-lite") {
      mDesc.iceLite = true;
    } else if (name == "extmap-allow-mixed") {
      mDesc.extmapAllowMixed = true;  // RFC 8285 6; media-level form folded in
    } else if (mMedia != nullptr && name == "rtcp-mux") {
      mMedia->rtcpMux = true;
    } else if (mMedia != nullptr && name == "rtcp-rsize") {
      mMedia->rtcpRsize = true;
    } else if (mMedia != nullptr && name == "end-of-candidates") {
      mMedia->endOfCandidates = true;
    }
    return true;
  }
  bool handled = false;
  if (!onTransportAttribute(name, value, handled) || handled) return mError == std::nullopt;
  if (mMedia != nullptr) return onMediaAttribute(*mMedia, name, value, handled);
  if (name == "group") {
    const auto f = splitSpaces(value);
    if (f.empty()) return fail("empty a=group");
    if (f[0] != "BUNDLE") return true;  // other semantics (LS, FID) do not concern us
    if (!mDesc.bundleMids.empty()) return fail("more than one BUNDLE group");
    if (f.size() < 2) return fail("empty BUNDLE group");
    mDesc.bundleMids.assign(f.begin() + 1, f.end());
  }
  return true;
}

bool Parser::onTransportAttribute(std::string_view name, std::string_view value,
                                  bool& handled) {
  TransportAttributes t = mMedia != nullptr
                              ? TransportAttributes{&mMedia->iceUfrag, &mMedia->icePwd,
                                                    &mMedia->fingerprints, &mMedia->setup}
                              : TransportAttributes{&mDesc.iceUfrag, &mDesc.icePwd,
                                                    &mDesc.fingerprints, &mDesc.setup};
  handled = true;
  if (name == "ice-ufrag" || name == "ice-pwd") {
    auto& slot = name == "ice-ufrag" ? *t.iceUfrag : *t.icePwd;
    if (slot) return fail("repeated a=" + std::string(name));
    if (value.empty()) return fail("empty a=" + std::string(name));
    slot = std::string(value);
    return true;
  }
  if (name == "fingerprint") {
    // RFC 8122 5: fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
    const auto f = splitSpaces(value);
    if (f.size() != 2) return fail("malformed a=fingerprint");
    t.fingerprints->push_back(Fingerprint{toLower(f[0]), std::string(f[1])});
    return true;
  }
  if (name == "setup") {
    const auto role = parseSetup(value);
    if (!role) return fail("unknown a=setup role");
    if (*t.setup) return fail("repeated a=setup");
    *t.setup = role;
    return true;
  }
  handled = false;
  return true;
}

bool Parser::onMediaAttribute(MediaDescription& m, std::string_view name,
                              std::string_view value, bool& handled) {
  handled = true;
  if (name == "mid") {
    if (!m.mid.empty()) return fail("repeated a=mid");
    if (value.empty() || value.find_first_of(" \t") != std::string_view::npos)
      return fail("malformed a=mid");
    for (const auto& other : mDesc.media)
      if (other.mid == value) return fail("duplicate mid");
    m.mid = value;
    return true;
  }
  std::string_view error;
  if (name == "rtpmap") {
    RtpMap map;
    error = parseRtpMap(value, map);
    if (error.empty() && m.rtpMap(map.payloadType) != nullptr)
      error = "repeated a=rtpmap for payload type";
    if (error.empty()) m.rtpMaps.push_back(std::move(map));
  } else if (name == "fmtp") {
    std::optional<Fmtp> fmtp;
    error = parseFmtp(value, !m.payloadTypes.empty(), fmtp);
    if (fmtp) m.fmtps.push_back(std::move(*fmtp));
  } else if (name == "rtcp-fb") {
    RtcpFb fb;
    error = parseRtcpFb(value, fb);
    if (error.empty()) m.rtcpFbs.push_back(std::move(fb));
  } else if (name == "extmap") {
    ExtMap ext;
    error = parseExtMap(value, ext);
    if (error.empty() && std::any_of(m.extMaps.begin(), m.extMaps.end(),
                                     [&](const ExtMap& e) { return e.id == ext.id; }))
      error = "repeated a=extmap id";
    if (error.empty()) m.extMaps.push_back(std::move(ext));
  } else if (name == "ssrc") {
    error = applySsrcLine(value, m.ssrcs);
  } else if (name == "ssrc-group") {
    SsrcGroup group;
    error = parseSsrcGroup(value, group);
    if (error.empty()) m.ssrcGroups.push_back(std::move(group));
  } else if (name == "msid") {
    if (!m.msid.empty()) return fail("repeated a=msid");  // we offer one stream per m-line
    m.msid = value;
  } else if (name == "candidate") {
    m.candidates.emplace_back(value);
  } else if (name == "rid") {
    m.rids.emplace_back(value);
  } else if (name == "simulcast") {
    m.simulcast = value;
  }
  return error.empty() || fail(std::string(error));
}

void Parser::inherit() {
  for (size_t i = 0; i < mDesc.media.size(); ++i) {
    auto& m = mDesc.media[i];
    if (!m.iceUfrag) m.iceUfrag = mDesc.iceUfrag;
    if (!m.icePwd) m.icePwd = mDesc.icePwd;
    if (m.fingerprints.empty()) m.fingerprints = mDesc.fingerprints;
    if (!m.setup) m.setup = mDesc.setup;
    if (!mHasDirection[i] && mSessionDirection) m.direction = *mSessionDirection;
  }
}

}  // namespace

std::string_view mediaKindName(MediaKind kind) {
  switch (kind) {
    case MediaKind::Audio: return "audio";
    case MediaKind::Video: return "video";
    case MediaKind::Application: return "application";
    case MediaKind::Other: break;
  }
  return "other";
}

std::string_view directionName(Direction direction) {
  switch (direction) {
    case Direction::SendRecv: return "sendrecv";
    case Direction::SendOnly: return "sendonly";
    case Direction::RecvOnly: return "recvonly";
    case Direction::Inactive: return "inactive";
  }
  return "sendrecv";
}

const RtpMap* MediaDescription::rtpMap(uint8_t payloadType) const {
  for (const auto& map : rtpMaps)
    if (map.payloadType == payloadType) return &map;
  return nullptr;
}

const ExtMap* MediaDescription::extMap(std::string_view uri) const {
  for (const auto& ext : extMaps)
    if (ext.uri == uri) return &ext;
  return nullptr;
}

SdpParseResult parseSessionDescription(std::string_view text) {
  try {
    Parser parser;
    if (auto error = parser.run(text)) return std::move(*error);
    return std::move(parser.result());
  } catch (const std::exception&) {  // only allocation failure can get here
    return SdpError{"out of memory", 0};
  }
}

}  // namespace vicos::sdp
