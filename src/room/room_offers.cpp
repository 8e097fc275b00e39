// Who receives whom: the room adds and removes downlinks in each participant's negotiation
// and turns its offers and answers into signaling messages and media-plane calls.
#include "media/media_profile.hpp"
#include "room/random_ids.hpp"
#include "room/room.hpp"
#include "signaling/server_messages.hpp"
#include "turn/turn_credentials.hpp"

namespace vicos::room {
namespace {

signaling::StreamKind streamKind(sfu::MediaKind kind) {
  switch (kind) {
    case sfu::MediaKind::Audio: return signaling::StreamKind::Audio;
    case sfu::MediaKind::Video: return signaling::StreamKind::Video;
    case sfu::MediaKind::Screen: return signaling::StreamKind::Screen;
  }
  return signaling::StreamKind::Video;
}

// The media plane's name for the publisher's audio as a subscriber may hear it: not an m-line,
// but what the subscriber's audio slots choose from (media_plane.hpp Downlink).
std::string audioSourceKey(const std::string& publisher) { return "~" + publisher; }

}  // namespace

void Room::addDownlinks(Participant& subscriber, const Participant& publisher) {
  auto& table = subscriber.negotiator.downlinks();
  mMedia.addDownlink(mName, sfu::Downlink{subscriber.id, publisher.id, sfu::MediaKind::Audio,
                                          audioSourceKey(publisher.id), 0});
  if (const auto* slot = table.addAudioSource(publisher.id, randomU32()))
    mMedia.addDownlink(mName, sfu::Downlink{subscriber.id, "", sfu::MediaKind::Audio, slot->mid, slot->ssrc});
  for (auto kind : {sfu::MediaKind::Video, sfu::MediaKind::Screen}) {
    const uint32_t ssrc = randomU32();
    uint32_t rtxSsrc = 0;  // offered with RTX (RFC 4588) beside VP8
    while (rtxSsrc == 0 || rtxSsrc == ssrc) rtxSsrc = randomU32();
    const auto& slot = table.add(publisher.id, kind, ssrc, rtxSsrc);
    mMedia.addDownlink(mName, sfu::Downlink{subscriber.id, publisher.id, kind, slot.mid, slot.ssrc, slot.rtxSsrc});
  }
  applyView(subscriber);
}

bool Room::removeDownlinks(Participant& subscriber, const std::string& publisher) {
  auto& table = subscriber.negotiator.downlinks();
  if (table.removeAudioSource(publisher)) mMedia.removeDownlink(mName, subscriber.id, audioSourceKey(publisher));
  const auto mids = table.deactivate(publisher);
  for (const auto& mid : mids) mMedia.removeDownlink(mName, subscriber.id, mid);
  return !mids.empty();
}

void Room::sendOffer(Participant& p) {
  auto offer = p.negotiator.nextOffer(mMedia.localInfo(mName, p.id), p.ice);
  if (!offer) return;
  std::vector<signaling::StreamInfo> streams;
  for (const auto& s : offer->streams) streams.push_back({s.mid, s.publisher, streamKind(s.kind)});
  std::vector<signaling::EncodingInfo> encodings;
  if (offer->simulcast)
    for (const auto& layer : media::kCameraLayers) encodings.push_back({std::string(layer.rid), layer.scaleDown, layer.maxBitrate});
  // A new peer gets TURN credentials of its own: a random tag, not the participant's id, since
  // TURN over UDP carries the username in the clear (P2, P27).
  std::optional<signaling::TurnCredentials> turn;
  if (offer->newPeer && !mTurnSecret.empty()) {
    const int64_t expiry = (mClock() + mTurnCredentialMs) / 1000;
    const std::string username = turn::restUsername(expiry, randomHex(12));
    turn = signaling::TurnCredentials{username, turn::restPassword(mTurnSecret, username), mTurnUdpPort, mTurnUrl};
  }
  p.channel->send(signaling::offerMessage(offer->id, offer->sdp, streams, offer->fresh, encodings,
                                          turn ? &*turn : nullptr));
}

std::optional<signaling::SignalingError> Room::answer(Participant& p, const signaling::AnswerMessage& msg) {
  auto outcome = p.negotiator.answer(msg.offerId, msg.sdp);
  if (auto* rejected = std::get_if<negotiation::AnswerRejected>(&outcome)) {
    const auto code = rejected->reason == negotiation::AnswerRejected::Reason::Stale
                          ? signaling::ErrorCode::StaleAnswer
                          : signaling::ErrorCode::BadSdp;
    return signaling::SignalingError{code, std::move(rejected->what), "answer"};
  }
  const auto& accepted = std::get<negotiation::AnswerAccepted>(outcome);
  mMedia.setRemote(mName, p.id, accepted.params);
  if (accepted.offerAgain) sendOffer(p);
  return std::nullopt;
}

}  // namespace vicos::room
