// Server message builders over nlohmann::json.
#include "signaling/server_messages.hpp"

#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

std::string text(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json participantObject(const ParticipantInfo& p) {
  Json j{{"id", p.id},
         {"name", p.name},
         {"audio", p.audio},
         {"video", p.video},
         {"hand", p.hand ? Json(*p.hand) : Json(nullptr)},
         {"screen", p.screen},
         {"e2ee", p.e2ee}};
  if (!p.role.empty()) j["role"] = p.role;
  j["mutedBy"] = p.mutedBy.empty() ? Json(nullptr) : Json(p.mutedBy);
  j["cameraStoppedBy"] = p.cameraStoppedBy.empty() ? Json(nullptr) : Json(p.cameraStoppedBy);
  j["canUnmute"] = p.canUnmute;
  j["canShare"] = p.canShare;
  j["reconnecting"] = p.reconnecting;
  return j;
}

Json participantList(const std::vector<ParticipantInfo>& others) {
  Json list = Json::array();
  for (const auto& p : others) list.push_back(participantObject(p));
  return list;
}

}  // namespace

std::string joinedMessage(std::string_view participantId, std::string_view room,
                          const std::vector<ParticipantInfo>& others, std::string_view role,
                          std::string_view resumeToken, std::string_view instance) {
  Json j{{"type", "joined"},
         {"version", kProtocolVersion},
         {"participant", participantId},
         {"room", room},
         {"participants", participantList(others)}};
  if (!role.empty()) j["role"] = role;
  if (!resumeToken.empty()) j["resumeToken"] = resumeToken;
  if (!instance.empty()) j["instance"] = instance;
  return text(j);
}

std::string resumedMessage(const ParticipantInfo& self, std::string_view room,
                           const std::vector<ParticipantInfo>& others, std::string_view resumeToken) {
  return text(Json{{"type", "resumed"},
                   {"version", kProtocolVersion},
                   {"participant", self.id},
                   {"room", room},
                   {"participants", participantList(others)},
                   {"role", self.role},
                   {"self", participantObject(self)},
                   {"resumeToken", resumeToken}});
}

std::string offerMessage(uint64_t offerId, std::string_view sdp, const std::vector<StreamInfo>& streams,
                         bool fresh, const std::vector<EncodingInfo>& encodings, const TurnCredentials* turn) {
  Json list = Json::array();
  for (const auto& s : streams)
    list.push_back(Json{{"mid", s.mid},
                        {"participant", s.participant},
                        {"kind", s.kind == StreamKind::Audio   ? "audio"
                                 : s.kind == StreamKind::Video ? "video"
                                                               : "screen"}});
  Json j{{"type", "offer"}, {"offerId", offerId}, {"sdp", sdp}, {"streams", std::move(list)}};
  if (fresh) j["fresh"] = true;
  if (!encodings.empty()) {
    Json layers = Json::array();
    for (const auto& e : encodings)
      layers.push_back(
          Json{{"rid", e.rid}, {"scaleResolutionDownBy", e.scaleResolutionDownBy}, {"maxBitrate", e.maxBitrate}});
    j["encodings"] = std::move(layers);
  }
  if (turn) {
    j["turn"] = Json{{"username", turn->username}, {"credential", turn->credential}};
    if (turn->udpPort != 0) j["turn"]["udpPort"] = turn->udpPort;
    if (!turn->url.empty()) j["turn"]["urls"] = Json::array({turn->url});
  }
  return text(j);
}

std::string participantJoinedMessage(const ParticipantInfo& participant) {
  return text(Json{{"type", "participant-joined"}, {"participant", participantObject(participant)}});
}

std::string participantUpdatedMessage(const ParticipantInfo& participant) {
  return text(Json{{"type", "participant-updated"}, {"participant", participantObject(participant)}});
}

std::string participantLeftMessage(std::string_view participantId) {
  return text(Json{{"type", "participant-left"}, {"participant", participantId}});
}

std::string chatMessage(const ChatInfo& chat) {
  Json j{{"type", "chat"},
         {"from", chat.from},
         {chat.e2ee ? "e2ee" : "text", chat.text},
         {"private", !chat.to.empty()},
         {"at", chat.at}};
  if (!chat.to.empty()) j["to"] = chat.to;
  return text(j);
}

std::string activeSpeakerMessage(std::string_view participantId) {
  return text(Json{{"type", "active-speaker"}, {"participant", participantId}});
}

std::string reactionMessage(std::string_view from, std::string_view reaction) {
  return text(Json{{"type", "reaction"}, {"from", from}, {"reaction", reaction}});
}

std::string layersMessage(bool screen, unsigned encodings) {
  return text(Json{{"type", "layers"}, {"source", screen ? "screen" : "camera"}, {"encodings", encodings}});
}

std::string errorMessage(const SignalingError& error) {
  Json j{{"type", "error"}, {"code", errorCodeName(error.code)}, {"message", error.message}};
  if (!error.ref.empty()) j["ref"] = error.ref;
  return text(j);
}

}  // namespace vicos::signaling
