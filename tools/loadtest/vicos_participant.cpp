// The vicos signaling of a simulated browser: join, answer offers, leave.
#include "loadtest/vicos_participant.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "loadtest/answer_builder.hpp"
#include "sdp/session_description.hpp"

namespace vicos::loadtest {

VicosParticipant::VicosParticipant(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                                   const ServerAddress& server, ParticipantConfig config)
    : Participant(std::move(config)), mSignaling(io, tls, server) {}

void VicosParticipant::processSignaling(Micros now) {
  if (mSignaling.state() == SignalingClient::State::Failed) {
    setError("signaling: " + mSignaling.error());
    return;
  }
  if (mSignaling.state() == SignalingClient::State::Open && !mJoinSent) {
    mSignaling.send(nlohmann::json{{"type", "join"}, {"version", 1}, {"room", mConfig.room}, {"name", mConfig.name}}.dump());
    mJoinSent = true;
  }
  std::string text;
  while (mSignaling.receive(text)) {
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("type")) {
      setError("server sent a message that is not a JSON object");
      continue;
    }
    const std::string type = json.value("type", "");
    if (type == "offer") {
      onOffer(json.value("sdp", ""), json.value("offerId", uint64_t{0}), now);
    } else if (type == "error") {
      setError("server error " + json.value("code", "") + ": " + json.value("message", ""));
    }
  }
}

void VicosParticipant::onOffer(const std::string& text, uint64_t offerId, Micros now) {
  const auto parsed = sdp::parseSessionDescription(text);
  if (const auto* e = std::get_if<sdp::SdpError>(&parsed)) return setError("offer does not parse: " + e->what);
  const auto& offer = std::get<sdp::SessionDescription>(parsed);
  if (mConfig.simulcast) {
    // The camera is the first uplink video m-line (the screen, offered after it, has no layers).
    const auto camera = std::find_if(offer.media.begin(), offer.media.end(), [](const auto& m) {
      return m.kind == sdp::MediaKind::Video && m.direction == sdp::Direction::RecvOnly;
    });
    if (camera == offer.media.end() || camera->rids.empty())
      return setError("--simulcast, but the server offers no camera layers (media.simulcast off)");
  }
  setDownlinks(offer);
  AnswerParams params;
  static_cast<SdpIdentity&>(params) = sdpIdentity(1000 + offerId);
  params.sessionVersion = offerId;
  params.simulcast = mConfig.simulcast;
  const std::string answer = buildAnswer(offer, params);
  if (answer.empty()) return setError("cannot answer an offer without m-lines");
  mSignaling.send(nlohmann::json{{"type", "answer"}, {"offerId", offerId}, {"sdp", answer}}.dump());
  mAnswered = true;
  if (!mConnectStarted) {
    const auto server = serverParamsFromOffer(offer);
    if (!server) return setError("offer names no usable host candidate, ICE credentials or fingerprint");
    if (!mPeer.connect(*server, now)) return setError("bad server address in the offer");
    mConnectStarted = true;
  }
}

std::string VicosParticipant::describe() const {
  return Participant::describe() + ", answered " + (mAnswered ? "yes" : "no");
}

void VicosParticipant::leave() {
  if (mSignaling.state() == SignalingClient::State::Open) mSignaling.send(R"({"type":"leave"})");
}

}  // namespace vicos::loadtest
