// The offer/answer exchange with one participant (docs/protocol.md "Media model"): the server
// always offers, one offer is outstanding at a time, changes made meanwhile fold into the next
// offer, and each answer is checked against the offer it answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "negotiation/downlink_table.hpp"
#include "sdp/offer_builder.hpp"
#include "sfu/media_plane.hpp"

namespace vicos::negotiation {

// Which participant's stream an offered m-line carries (the offer message's `streams`); an
// audio slot names none.
struct OfferedStream {
  std::string mid;
  std::string publisher;
  sfu::MediaKind kind = sfu::MediaKind::Audio;
};

struct Offer {
  uint64_t id = 0;
  std::string sdp;
  std::vector<OfferedStream> streams;  // active downlinks, in mid order
  bool fresh = false;                  // the first offer of a new media peer (`offer.fresh`)
  bool newPeer = false;                // the first offer of any session, the very first included
  bool simulcast = false;              // the camera uplink asks for media::kCameraLayers
};

struct AnswerAccepted {
  sfu::RemoteMediaParams params;
  bool offerAgain = false;  // something changed while the offer was outstanding
};

struct AnswerRejected {
  enum class Reason { Stale, BadSdp };
  Reason reason;
  std::string what;
};

class Negotiator {
 public:
  // The participant's first media peer; `sessionId` < 2^63 (RFC 8866 5.2).
  void startSession(uint64_t sessionId);
  // A new media peer: a new SDP session whose first offer is `fresh` and starts the downlinks
  // again at mid 3. An answer still due for the old peer's offer is stale.
  void renewSession(uint64_t sessionId);

  // Whether offers ask the camera uplink for the simulcast layers of media/media_profile.hpp
  // (RFC 8853), with RTX. Set before the first offer of a session: browsers keep the layers of
  // an m-line for good (W3C webrtc-pc: a later offer cannot change the RIDs).
  void setSimulcast(bool on) { mSimulcast = on; }

  DownlinkTable& downlinks() { return mDownlinks; }
  const DownlinkTable& downlinks() const { return mDownlinks; }

  // The offer to send now; nothing while one is outstanding (the change goes into the offer
  // after its answer) or when the offer cannot be built (logged).
  std::optional<Offer> nextOffer(const sfu::LocalMediaInfo& local, const sfu::IceCredentials& ice);
  // Checks an answer; a rejected one changes nothing.
  std::variant<AnswerAccepted, AnswerRejected> answer(uint64_t offerId, std::string_view sdp);

 private:
  uint64_t mSessionId = 0;
  uint64_t mSessionVersion = 0;
  uint64_t mOfferId = 0;      // id of the last offer built
  bool mOutstanding = false;  // waiting for the answer to offer `mOfferId`
  bool mDirty = false;        // downlinks changed while an offer was outstanding
  bool mFresh = false;        // the next offer is the first of a new media peer
  bool mNewPeer = false;      // the next offer is the session's first (`fresh` or the very first)
  bool mSimulcast = false;
  sdp::OfferSpec mLastOffer;  // what offer `mOfferId` said, to check its answer against
  DownlinkTable mDownlinks;
};

}  // namespace vicos::negotiation
