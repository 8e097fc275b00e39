// Test doubles for rooms: a media plane that records calls and a channel that keeps what a
// participant was sent, parsed.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "room/participant.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"
#include "sfu/media_plane.hpp"

namespace vicos::room::testing {

class FakeMediaPlane final : public sfu::MediaPlane {
 public:
  sfu::LocalMediaInfo localInfo(const std::string&, const std::string&) override {
    return {"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
            {{"127.0.0.1", 40000}}, {}};
  }
  void setEventHandler(sfu::PeerEventHandler handler) override { events = std::move(handler); }
  void setSpeakerHandler(sfu::SpeakerHandler handler) override { speaker = std::move(handler); }
  void setLayersHandler(sfu::LayersHandler handler) override { layers = std::move(handler); }
  sfu::NewPeer addPeer(const std::string&, const std::string& participant) override {
    peers.push_back(participant);
    const media::PeerId id{nextPeerId++};
    peerIds[participant] = id;
    return {id, {"ufrag" + participant.substr(0, 4), "passwordpasswordpassword"}};
  }
  void removePeer(const std::string&, const std::string& participant) override { removed.push_back(participant); }
  // What the media plane reports once a participant's ICE and DTLS are done.
  void connected(const std::string& room, const std::string& participant) {
    report(room, participant, sfu::PeerEvent::Connected);
  }
  // An event from the participant's latest peer.
  void report(const std::string& room, const std::string& participant, sfu::PeerEvent event) {
    if (events) events(room, participant, peerIds.at(participant), event);
  }
  void setRemote(const std::string&, const std::string&, const sfu::RemoteMediaParams&) override {}
  void addDownlink(const std::string&, const sfu::Downlink& downlink) override {
    downlinks.push_back(downlink);
    liveDownlinks.push_back(downlink);
  }
  void removeDownlink(const std::string&, const std::string& subscriber, const std::string& mid) override {
    std::erase_if(liveDownlinks, [&](const sfu::Downlink& d) { return d.subscriber == subscriber && d.mid == mid; });
  }
  // Whether the media plane forwards any of the publisher's media to the subscriber now.
  bool receives(const std::string& subscriber, const std::string& publisher) const {
    for (const auto& d : liveDownlinks)
      if (d.subscriber == subscriber && d.publisher == publisher) return true;
    return false;
  }
  void requestKeyframe(const std::string&, const std::string&) override {}
  void setView(const std::string&, const std::string& subscriber, const sfu::DownlinkViews& shown) override {
    views[subscriber] = shown;
  }
  std::map<std::string, sfu::DownlinkViews> views;  // the last view of each subscriber
  void setForwarding(const std::string&, const std::string& participant, sfu::MediaKind kind,
                     bool allowed) override {
    forwardingCalls.push_back({participant, kind, allowed});
  }
  // The last setForwarding for this uplink; allowed when there was none.
  bool forwarding(const std::string& participant, sfu::MediaKind kind) const {
    for (auto it = forwardingCalls.rbegin(); it != forwardingCalls.rend(); ++it)
      if (it->participant == participant && it->kind == kind) return it->allowed;
    return true;
  }
  struct ForwardingCall {
    std::string participant;
    sfu::MediaKind kind;
    bool allowed;
  };

  sfu::PeerEventHandler events;
  sfu::SpeakerHandler speaker;
  sfu::LayersHandler layers;
  // Dynacast from the participant's latest peer, or from `peer` (an old one).
  void askLayers(const std::string& room, const std::string& participant, sfu::MediaKind kind, uint8_t encodings,
                 std::optional<media::PeerId> peer = std::nullopt) {
    if (layers) layers(room, participant, peer.value_or(peerIds.at(participant)), kind, encodings);
  }
  std::vector<std::string> peers;
  std::map<std::string, media::PeerId> peerIds;  // each participant's latest peer
  uint64_t nextPeerId = 1;
  std::vector<std::string> removed;
  std::vector<sfu::Downlink> downlinks;      // every addDownlink, in order
  std::vector<sfu::Downlink> liveDownlinks;  // those not removed since
  std::vector<ForwardingCall> forwardingCalls;
};

class FakeChannel final : public ParticipantChannel {
 public:
  void send(std::string json) override { sent.push_back(nlohmann::json::parse(json)); }
  void close() override { closed = true; }

  // The messages of one type, in order.
  std::vector<nlohmann::json> ofType(const std::string& type) const {
    std::vector<nlohmann::json> out;
    for (const auto& j : sent)
      if (j["type"] == type) out.push_back(j);
    return out;
  }

  std::vector<nlohmann::json> sent;
  bool closed = false;
};

// One browser as the room tests play it: a signaling session over a recording channel.
struct FakeClient {
  std::shared_ptr<FakeChannel> channel = std::make_shared<FakeChannel>();
  std::unique_ptr<SignalingSession> session;

  void send(const nlohmann::json& j) { session->onText(j.dump()); }
  // The id the server gave this client, from `joined` or `waiting`; empty before either.
  std::string participantId() const {
    for (const auto& j : channel->sent)
      if (j["type"] == "joined" || j["type"] == "waiting") return j["participant"];
    return {};
  }
  std::string id() const { return participantId(); }
  bool joined() const { return !channel->ofType("joined").empty(); }
  // The last message of a type; null when none came.
  nlohmann::json lastOf(const std::string& type) const {
    auto all = channel->ofType(type);
    return all.empty() ? nlohmann::json() : all.back();
  }
  // The code of the last error this client got; empty when none came.
  std::string lastError() const {
    const auto error = lastOf("error");
    return error.is_null() ? "" : error["code"].get<std::string>();
  }
  // The last participant object this client was told about `who`; null when none.
  nlohmann::json about(const std::string& who) const {
    nlohmann::json last;
    for (const auto& j : channel->sent)
      if ((j["type"] == "participant-updated" || j["type"] == "participant-joined") && j["participant"]["id"] == who)
        last = j["participant"];
    return last;
  }
};

// A new client of `rooms` whose socket is open (a logged-in organizer's when `who` is set); it
// has sent nothing yet.
template <typename Client>
Client& connectClient(std::vector<std::unique_ptr<Client>>& clients, RoomManager& rooms,
                      std::optional<Organizer> who = std::nullopt) {
  auto& c = *clients.emplace_back(std::make_unique<Client>());
  c.session = std::make_unique<SignalingSession>(rooms, c.channel, std::move(who));
  return c;
}

// The `join` a browser sends (docs/protocol.md "join"), before any optional field.
inline nlohmann::json joinMessage(const std::string& name, const std::string& room = "team") {
  return {{"type", "join"}, {"version", 1}, {"room", room}, {"name", name}};
}

// Everything the server sent to these clients: a refused command adds nothing.
template <typename Client>
size_t sentTotal(const std::vector<std::unique_ptr<Client>>& clients) {
  size_t n = 0;
  for (const auto& c : clients) n += c->channel->sent.size();
  return n;
}

}  // namespace vicos::room::testing
