// A simulated browser in a vicos meeting: the media half (Participant) driven by the vicos
// signaling protocol (docs/protocol.md): join, then answer every offer the server sends.
#pragma once

#include <string>

#include "loadtest/participant.hpp"
#include "loadtest/signaling_client.hpp"

namespace vicos::loadtest {

class VicosParticipant final : public Participant {
 public:
  VicosParticipant(boost::asio::io_context& io, boost::asio::ssl::context& tls, const ServerAddress& server,
                   ParticipantConfig config);

  void start() override { mSignaling.start(); }
  void processSignaling(Micros now) override;
  bool ready() const override { return mAnswered && mediaReady(); }
  void leave() override;
  std::string describe() const override;

 private:
  void onOffer(const std::string& sdp, uint64_t offerId, Micros now);

  SignalingClient mSignaling;
  bool mJoinSent = false;
  bool mAnswered = false;
  bool mConnectStarted = false;
};

}  // namespace vicos::loadtest
