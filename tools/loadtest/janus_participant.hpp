// The load scenario against Janus's VideoRoom plugin: one API session for the run, a room per
// scenario room, and for every simulated browser its peer connections as Janus wants them —
// a publishing leg (join as publisher, publish with our offer) and a subscribing leg (join as
// subscriber to the room's other feeds, answer Janus's offer with `start`).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loadtest/janus_session.hpp"
#include "loadtest/participant.hpp"
#include "loadtest/scenario.hpp"

namespace vicos::loadtest {

// One VideoRoom room: its numeric id and the feed id of each publisher once joined.
struct JanusRoom {
  uint64_t id = 0;
  bool createSent = false;
  bool created = false;
  // By publisher index; 0 until that publisher's media is up (Janus refuses subscriptions to
  // a feed whose PeerConnection is not, error 428).
  std::vector<uint64_t> feeds;
};

class JanusRun;

class JanusParticipant final : public Participant {
 public:
  enum class Leg { Publish, Subscribe };

  // `publisherIndex`: for Publish, our index in the room; for Subscribe, the publisher whose
  // feed we skip (our own publishing leg), or -1 to receive every publisher.
  JanusParticipant(JanusRun& run, size_t room, Leg leg, int publisherIndex, ParticipantConfig config);

  void start() override {}
  void processSignaling(Micros now) override;
  bool ready() const override { return mNegotiated && mediaReady(); }
  void leave() override {}
  std::string describe() const override;

 private:
  void join();
  void publish();
  void onPublishAnswer(const nlohmann::json& reply, Micros now);
  void onSubscribeOffer(const nlohmann::json& reply, Micros now);
  void connect(const sdp::SessionDescription& remote, bool iceControlling, bool dtlsClient, Micros now);

  JanusRun& mRun;
  size_t mRoom;
  Leg mLeg;
  int mPublisherIndex;
  uint64_t mHandle = 0;
  uint64_t mFeed = 0;  // Publish: our feed id, offered to subscribers once Janus says webrtcup
  bool mAttachSent = false;
  bool mJoinSent = false;
  bool mNegotiated = false;
  std::string mStep = "waiting";  // for describe()
  Micros mSignalNow = 0;
};

class JanusRun {
 public:
  // Creates the legs of every participant of the scenario into `participants`.
  JanusRun(boost::asio::io_context& io, boost::asio::ssl::context& tls, const ServerAddress& server,
           const Options& options, std::vector<std::unique_ptr<Participant>>& participants);

  void start() { mSession.start(); }
  // Runs the session and creates the rooms once it is open.
  void process(Micros now);
  void leave() { mSession.destroy(); }
  bool failed() const { return mSession.failed() || !mError.empty(); }
  const std::string& error() const { return mSession.failed() ? mSession.error() : mError; }

  JanusSession& session() { return mSession; }
  JanusRoom& room(size_t index) { return mRooms[index]; }

 private:
  JanusSession mSession;
  std::vector<JanusRoom> mRooms;
  uint32_t mPublishers;
  uint32_t mBitrate;  // bit/s a publisher may send (REMB cap), above the scenario's
  std::string mError;
};

}  // namespace vicos::loadtest
