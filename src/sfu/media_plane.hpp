// The media plane as the rooms see it: what a room asks of the SFU and what the SFU tells
// a room. Rooms use nothing else of sfu/, so they are tested without media.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ice/ice_credentials.hpp"
#include "media/peer_id.hpp"

namespace vicos::sfu {

// Screen is a second video uplink (mid 2, P34), forwarded like the camera.
enum class MediaKind : uint8_t { Audio = 0, Video = 1, Screen = 2 };
inline constexpr MediaKind kAllKinds[] = {MediaKind::Audio, MediaKind::Video, MediaKind::Screen};

inline bool isVideo(MediaKind kind) { return kind != MediaKind::Audio; }
inline const char* kindName(MediaKind kind) {
  return kind == MediaKind::Audio ? "audio" : kind == MediaKind::Video ? "video" : "screen";
}

// What the server puts into every offer about itself.
struct LocalMediaInfo {
  std::string fingerprintSha256;  // "AB:CD:..." of the DTLS certificate
  std::vector<std::pair<std::string, uint16_t>> candidates;  // announced ip, port
  // ICE-TCP passive candidates (RFC 6544), most preferred first: the worker's TCP port, then
  // the HTTPS port.
  std::vector<std::pair<std::string, uint16_t>> tcpCandidates;
};

// The ICE credentials the server uses towards one participant.
using IceCredentials = ice::IceCredentials;

// A new peer: its identity (events name it) and the ICE credentials for the offer.
struct NewPeer {
  media::PeerId id;
  IceCredentials ice;
};

// One encoding of an uplink as the answer declares it: its RID (RFC 8851; empty without
// simulcast) and the SSRCs the answer names (RFC 5576 a=ssrc, a=ssrc-group:FID for RTX), which
// browsers may leave out: then the MID and RID extensions of the first packets name them.
struct UplinkEncoding {
  std::string rid;
  std::optional<uint32_t> ssrc;
  std::optional<uint32_t> rtxSsrc;
};

// What the participant's SDP answer told us, as the media plane needs it.
struct RemoteMediaParams {
  std::string iceUfrag;
  std::string icePwd;
  std::string fingerprintAlgorithm;
  std::string fingerprintValue;
  bool serverIsDtlsClient = false;  // the answer said setup:passive
  // Per uplink (indexed by MediaKind), its encodings lowest layer first; empty: one encoding
  // whose SSRC the first packet's MID extension names.
  std::array<std::vector<UplinkEncoding>, 3> uplinks;
  // Whether retransmissions on video downlinks go as RTX (RFC 4588); unknown (keep what an
  // earlier answer said) when this answer has no video downlink.
  std::optional<bool> downlinkRtx;

  // Audio and camera of one encoding each, with the SSRCs the answer named, if any.
  void setSingleLayerSsrcs(std::optional<uint32_t> audio, std::optional<uint32_t> video) {
    if (audio) uplinks[static_cast<size_t>(MediaKind::Audio)] = {{{}, audio, {}}};
    if (video) uplinks[static_cast<size_t>(MediaKind::Video)] = {{{}, video, {}}};
  }
};

// One forwarded stream: publisher's `kind` track to `subscriber`, on `mid` with `ssrc`; a video
// downlink's retransmissions go on `rtxSsrc` when the subscriber takes RTX (RFC 4588).
// Audio is bounded (issue 10 item 6): an audio downlink with a publisher is one the subscriber
// may hear (`mid` only names it, `ssrc` is unused), and one without a publisher is an audio slot,
// an m-line that carries one of the loudest of those at a time (audio_slot.hpp).
struct Downlink {
  std::string subscriber;
  std::string publisher;
  MediaKind kind = MediaKind::Audio;
  std::string mid;
  uint32_t ssrc = 0;
  uint32_t rtxSsrc = 0;
};

// The order in which a subscriber's cameras go up when its downlink cannot carry all of them at
// their best (docs/design/media-model.md item 4): the speaker, then pinned tiles, then the rest.
enum class TileRank : uint8_t { Speaker = 0, Pinned = 1, Other = 2 };

// How a subscriber shows one video downlink (docs/protocol.md "view"): its tile's size in device
// pixels (0: not said) and rank.
struct TileView {
  uint16_t width = 0;
  uint16_t height = 0;
  TileRank rank = TileRank::Other;
};

// A subscriber's tiles, each by the mid of the downlink it shows.
using DownlinkViews = std::vector<std::pair<std::string, TileView>>;

enum class PeerEvent { Connected, Failed, ConsentExpired };

// Events arrive on the control thread and name the peer that raised them: a participant whose
// media was renewed may still hear from its old peer, which must not touch the new one.
using PeerEventHandler = std::function<void(const std::string& roomId, const std::string& participant,
                                            media::PeerId peer, PeerEvent event)>;

// The loudest publisher of a room changed (computed on the media worker from the RFC 6464
// audio level; P23: only who speaks now, never how long anyone spoke).
using SpeakerHandler = std::function<void(const std::string& roomId, const std::string& participant)>;

// Dynacast (docs/design/media-model.md item 5): the publisher's peer `peer` should send only the
// `encodings` lowest encodings of its `kind` video (camera or screen), none when 0.
using LayersHandler = std::function<void(const std::string& roomId, const std::string& participant,
                                         media::PeerId peer, MediaKind kind, uint8_t encodings)>;

class MediaPlane {
 public:
  virtual ~MediaPlane() = default;
  // What to announce in the participant's offers (its worker's port and DTLS fingerprint).
  virtual LocalMediaInfo localInfo(const std::string& roomId, const std::string& participant) = 0;
  virtual void setEventHandler(PeerEventHandler handler) = 0;
  virtual void setSpeakerHandler(SpeakerHandler handler) = 0;
  virtual void setLayersHandler(LayersHandler handler) = 0;
  virtual NewPeer addPeer(const std::string& roomId, const std::string& participant) = 0;
  virtual void removePeer(const std::string& roomId, const std::string& participant) = 0;
  virtual void setRemote(const std::string& roomId, const std::string& participant,
                         const RemoteMediaParams& params) = 0;
  // A downlink carries one RTP stream: the publisher's sequence numbers pass through
  // (consumer.cpp). A publisher's new peer sends new streams, so its subscribers need new
  // downlinks (Room::renewMedia); what SRTP cannot index in an old one counts as srtp-protect.
  virtual void addDownlink(const std::string& roomId, const Downlink& downlink) = 0;
  virtual void removeDownlink(const std::string& roomId, const std::string& subscriber,
                              const std::string& mid) = 0;
  virtual void requestKeyframe(const std::string& roomId, const std::string& publisher) = 0;
  // The subscriber's tiles (issue 10 item 4): each video downlink `views` names gets no more
  // than its tile can use, cameras going up in rank order; the subscriber's other video
  // downlinks are paused until a later view names them. Until the first view every video is
  // shown at any size; a downlink added later is shown until a view leaves it out.
  virtual void setView(const std::string& roomId, const std::string& subscriber, const DownlinkViews& views) = 0;
  // Moderation (P19, P34): whether the publisher's `kind` uplink is forwarded to anyone. A
  // producer that is not allowed keeps its receive statistics, but its packets are dropped
  // (counted as Drop::NotAllowed) and it never becomes the active speaker. Allowed by default;
  // the setting lasts as long as the peer.
  virtual void setForwarding(const std::string& roomId, const std::string& participant, MediaKind kind,
                             bool allowed) = 0;
};

}  // namespace vicos::sfu
