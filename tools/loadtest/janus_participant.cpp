// Janus VideoRoom legs (https://janus.conf.meetecho.com/docs/videoroom.html): rooms created
// per run, publishers join and publish our offer, subscribers join the other feeds and answer.
#include "loadtest/janus_participant.hpp"

#include <unistd.h>

#include <algorithm>

#include "loadtest/answer_builder.hpp"
#include "loadtest/publish_offer.hpp"

namespace vicos::loadtest {

using nlohmann::json;

namespace {

constexpr const char* kVideoRoom = "janus.plugin.videoroom";

std::optional<sdp::SessionDescription> parseJsep(const json& reply, const char* type, std::string& error) {
  if (!reply.contains("jsep") || !reply["jsep"].is_object() || reply["jsep"].value("type", "") != type) {
    error = std::string("no JSEP ") + type + " in " + reply.dump().substr(0, 300);
    return std::nullopt;
  }
  auto parsed = sdp::parseSessionDescription(reply["jsep"].value("sdp", ""));
  if (auto* e = std::get_if<sdp::SdpError>(&parsed)) {
    error = std::string("Janus's ") + type + " does not parse: " + e->what;
    return std::nullopt;
  }
  return std::get<sdp::SessionDescription>(std::move(parsed));
}

}  // namespace

// ---- the run: session and rooms ----

JanusRun::JanusRun(boost::asio::io_context& io, boost::asio::ssl::context& tls, const ServerAddress& server,
                   const Options& o, std::vector<std::unique_ptr<Participant>>& participants)
    : mSession(io, tls, server), mPublishers(o.publishers), mBitrate((o.videoKbps + 200) * 1000) {
  const size_t streams = o.audioOnly ? 1 : 2;
  // Room ids unique per run, so that leftovers of another run never collide.
  const uint64_t base = (static_cast<uint64_t>(::getpid()) % 1'000'000) * 1000 + 1;
  for (uint32_t r = 0; r < o.rooms; ++r) {
    JanusRoom room;
    room.id = base + r;
    room.feeds.assign(o.publishers, 0);
    mRooms.push_back(room);
    for (uint32_t i = 0; i < o.publishers + o.subscribers; ++i) {
      ParticipantConfig c;
      c.room = std::to_string(room.id);
      c.audioOnly = o.audioOnly;
      c.videoKbps = o.videoKbps;
      c.videoPacketSize = o.packetSize;
      c.keyframeInterval = static_cast<Micros>(o.keyframeSeconds) * 1'000'000;
      c.decryptSample = std::max<uint32_t>(1, o.decryptSample);
      c.bindIp = o.bindIp;
      const bool publisher = i < o.publishers;
      const std::string name = std::string(publisher ? "pub" : "sub") + "-" + std::to_string(r) + "-" + std::to_string(i);
      if (publisher) {
        c.publisher = true;
        c.name = name;
        participants.push_back(
            std::make_unique<JanusParticipant>(*this, r, JanusParticipant::Leg::Publish, static_cast<int>(i), c));
      }
      const size_t feeds = publisher ? o.publishers - 1 : o.publishers;
      if (feeds == 0) continue;
      c.publisher = false;
      c.name = name + (publisher ? "-recv" : "");
      c.expectedDownlinks = streams * feeds;
      participants.push_back(std::make_unique<JanusParticipant>(*this, r, JanusParticipant::Leg::Subscribe,
                                                                publisher ? static_cast<int>(i) : -1, c));
    }
  }
}

void JanusRun::process(Micros now) {
  mSession.process(now);
  if (!mSession.open()) return;
  for (auto& room : mRooms) {
    if (room.createSent) continue;
    room.createSent = true;
    mSession.attach(kVideoRoom, [this, &room](uint64_t handle) {
      if (handle == 0) return;
      // A room for this run only: enough publishers, a REMB cap above the scenario's bitrate.
      json body{{"request", "create"}, {"room", room.id},    {"publishers", mPublishers},
                {"bitrate", mBitrate},  {"audiocodec", "opus"}, {"videocodec", "vp8"},
                {"permanent", false}};
      mSession.message(handle, std::move(body), nullptr, [this, &room](const json& reply) {
        if (pluginData(reply).value("videoroom", "") == "created") {
          room.created = true;
        } else if (mError.empty()) {
          const auto err = janusError(reply);
          mError = "janus: creating room " + std::to_string(room.id) + ": " + (err.empty() ? reply.dump() : err);
        }
      });
    });
  }
}

// ---- a leg ----

JanusParticipant::JanusParticipant(JanusRun& run, size_t room, Leg leg, int publisherIndex, ParticipantConfig config)
    : Participant(std::move(config)), mRun(run), mRoom(room), mLeg(leg), mPublisherIndex(publisherIndex) {}

std::string JanusParticipant::describe() const { return Participant::describe() + ", janus " + mStep; }

void JanusParticipant::processSignaling(Micros now) {
  mSignalNow = now;
  if (mAttachSent || failed()) return;
  const JanusRoom& room = mRun.room(mRoom);
  if (!mRun.session().open() || !room.created) return;
  if (mLeg == Leg::Subscribe) {
    // A subscriber names the feeds it wants, so it waits until every publisher has joined.
    for (size_t i = 0; i < room.feeds.size(); ++i)
      if (static_cast<int>(i) != mPublisherIndex && room.feeds[i] == 0) return;
  }
  mAttachSent = true;
  mStep = "attaching";
  mRun.session().attach(kVideoRoom, [this](uint64_t handle) {
    if (handle == 0) return setError("attach failed: " + mRun.session().error());
    mHandle = handle;
    mRun.session().onHandleEvent(handle, [this](const json& event) {
      const std::string kind = event.value("janus", "");
      if (kind == "hangup") setError("Janus hung up: " + event.value("reason", ""));
      if (kind == "webrtcup" && mLeg == Leg::Publish && mFeed != 0)
        mRun.room(mRoom).feeds[static_cast<size_t>(mPublisherIndex)] = mFeed;
      const std::string err = janusError(event);
      if (!err.empty()) setError(err);
    });
    join();
  });
}

void JanusParticipant::join() {
  JanusRoom& room = mRun.room(mRoom);
  json body{{"request", "join"}, {"room", room.id}};
  if (mLeg == Leg::Publish) {
    body["ptype"] = "publisher";
    body["display"] = mConfig.name;
  } else {
    body["ptype"] = "subscriber";
    json streams = json::array();
    for (size_t i = 0; i < room.feeds.size(); ++i)
      if (static_cast<int>(i) != mPublisherIndex) streams.push_back(json{{"feed", room.feeds[i]}});
    body["streams"] = std::move(streams);
  }
  mStep = "joining";
  mRun.session().message(mHandle, std::move(body), nullptr, [this](const json& reply) {
    if (const auto err = janusError(reply); !err.empty()) return setError("join: " + err);
    const auto& data = pluginData(reply);
    if (mLeg == Leg::Publish) {
      if (data.value("videoroom", "") != "joined") return setError("join: unexpected " + reply.dump().substr(0, 300));
      mFeed = data.value("id", uint64_t{0});
      if (mFeed == 0) return setError("join: no feed id");
      publish();
    } else {
      onSubscribeOffer(reply, mSignalNow);
    }
  });
}

void JanusParticipant::publish() {
  OfferParams p;
  static_cast<SdpIdentity&>(p) = sdpIdentity(1000 + mHandle % 1'000'000);
  p.audioOnly = mConfig.audioOnly;
  mStep = "publishing";
  mRun.session().message(mHandle, json{{"request", "publish"}},
                         json{{"type", "offer"}, {"sdp", buildPublishOffer(p)}},
                         [this](const json& reply) { onPublishAnswer(reply, mSignalNow); });
  mRun.session().trickleCompleted(mHandle);
}

void JanusParticipant::onPublishAnswer(const json& reply, Micros now) {
  if (const auto err = janusError(reply); !err.empty()) return setError("publish: " + err);
  std::string error;
  const auto answer = parseJsep(reply, "answer", error);
  if (!answer) return setError(error);
  const auto dtlsClient = dtlsClientFromAnswer(*answer);
  if (!dtlsClient) return setError("Janus's answer has no a=setup:active or passive");
  // RFC 8445 6.1.1: as offerer (and Janus a full agent) we are controlling.
  connect(*answer, true, *dtlsClient, now);
}

void JanusParticipant::onSubscribeOffer(const json& reply, Micros now) {
  const auto& data = pluginData(reply);
  if (data.value("videoroom", "") != "attached") return setError("subscribe: unexpected " + reply.dump().substr(0, 300));
  std::string error;
  const auto offer = parseJsep(reply, "offer", error);
  if (!offer) return setError(error);
  setDownlinks(*offer);
  AnswerParams params;
  static_cast<SdpIdentity&>(params) = sdpIdentity(1000 + mHandle % 1'000'000);
  const std::string answer = buildAnswer(*offer, params);
  if (answer.empty()) return setError("cannot answer Janus's offer: no m-line");
  mStep = "starting";
  mRun.session().message(mHandle, json{{"request", "start"}}, json{{"type", "answer"}, {"sdp", answer}},
                         [this](const json& started) {
                           if (const auto err = janusError(started); !err.empty()) setError("start: " + err);
                         });
  mRun.session().trickleCompleted(mHandle);
  // As answerer to a full agent we are controlled; our answer says setup:active (DTLS client).
  connect(*offer, false, true, now);
}

void JanusParticipant::connect(const sdp::SessionDescription& remote, bool iceControlling, bool dtlsClient, Micros now) {
  auto server = serverParamsFromOffer(remote);
  if (!server) return setError("Janus's SDP names no usable host candidate, ICE credentials or fingerprint");
  server->iceControlling = iceControlling;
  server->dtlsClient = dtlsClient;
  if (!mPeer.connect(*server, now)) return setError("bad address in Janus's candidate");
  mNegotiated = true;
  mStep = "negotiated";
}

}  // namespace vicos::loadtest
