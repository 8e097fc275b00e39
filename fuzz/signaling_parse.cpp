// Fuzz entry point for the signaling parser: whatever parses is re-serialized as JSON and
// must parse again to the same message; every error carries a message and a known code.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"
#include "signaling/names.hpp"
#include "signaling/server_messages.hpp"

using namespace vicos::signaling;

namespace {

nlohmann::json toJson(const ClientMessage& message) {
  nlohmann::json j{{"type", messageTypeName(message)}};
  if (const auto* m = std::get_if<JoinMessage>(&message)) {
    j["version"] = m->version;
    j["room"] = m->room;
    j[m->e2ee ? "e2eeName" : "name"] = m->name;
    if (m->pin) j["pin"] = *m->pin;
  } else if (const auto* a = std::get_if<AnswerMessage>(&message)) {
    j["offerId"] = a->offerId;
    j["sdp"] = a->sdp;
  } else if (const auto* md = std::get_if<MediaMessage>(&message)) {
    j["audio"] = md->audio;
    j["video"] = md->video;
    j["screen"] = md->screen;
  } else if (const auto* k = std::get_if<KeyframeMessage>(&message)) {
    j["participant"] = k->participant;
  } else if (const auto* c = std::get_if<ChatMessage>(&message)) {
    j[c->e2ee ? "e2ee" : "text"] = c->text;
    if (!c->to.empty()) j["to"] = c->to;
  } else if (const auto* h = std::get_if<HandMessage>(&message)) {
    j["raised"] = h->raised;
  } else if (const auto* an = std::get_if<E2eeAnnounceMessage>(&message)) {
    j["pub"] = an->pub;
    j["name"] = an->name;
    j["mac"] = an->mac;
    if (!an->to.empty()) j["to"] = an->to;
    if (an->plainMedia) j["plainMedia"] = true;
  } else if (const auto* ky = std::get_if<E2eeKeyMessage>(&message)) {
    j["to"] = ky->to;
    j["idx"] = ky->idx;
    j["iv"] = ky->iv;
    j["ct"] = ky->ct;
  } else if (const auto* pm = std::get_if<E2eePlainMediaMessage>(&message)) {
    j["participant"] = pm->participant;
    j["mac"] = pm->mac;
    if (!pm->to.empty()) j["to"] = pm->to;
  } else if (const auto* mo = std::get_if<ModerationMessage>(&message)) {
    if (!mo->participant.empty()) j["participant"] = mo->participant;
    if (mo->action == ModerationAction::SetRole) j["role"] = mo->makeModerator ? "moderator" : "participant";
    if (mo->whoMayShare) j["whoMayShare"] = audienceName(*mo->whoMayShare);
    if (mo->whoMayUnmute) j["whoMayUnmute"] = audienceName(*mo->whoMayUnmute);
    if (mo->whoMayChat) j["whoMayChat"] = audienceName(*mo->whoMayChat);
    if (mo->whoMayPoll) j["whoMayPoll"] = audienceName(*mo->whoMayPoll);
  } else if (const auto* lo = std::get_if<LobbyMessage>(&message)) {
    if (lo->action == LobbyAction::Admit || lo->action == LobbyAction::Deny) j["participant"] = lo->participant;
    if (lo->lobby) j["lobby"] = *lo->lobby;
    if (lo->locked) j["locked"] = *lo->locked;
    if (lo->pin) j["pin"] = *lo->pin;
  } else if (const auto* re = std::get_if<ReactionMessage>(&message)) {
    j["reaction"] = re->reaction;
  } else if (const auto* vi = std::get_if<ViewMessage>(&message)) {
    static constexpr const char* kRanks[] = {"speaker", "pinned", "other"};
    j["tiles"] = nlohmann::json::array();
    for (const auto& tile : vi->tiles)
      j["tiles"].push_back({{"participant", tile.participant}, {"source", tile.screen ? "screen" : "camera"},
                            {"width", tile.width}, {"height", tile.height},
                            {"rank", kRanks[static_cast<size_t>(tile.rank)]}});
  } else if (const auto* po = std::get_if<PollMessage>(&message)) {
    j["poll"] = po->poll;
    if (po->action == PollAction::Create) j["anonymous"] = po->anonymous;
    if (po->action != PollAction::Close) j["e2ee"] = po->e2ee;
  } else if (const auto* rc = std::get_if<RecordingMessage>(&message)) {
    if (rc->action == RecordingAction::Consent) j["consent"] = rc->consent;
  } else if (const auto* br = std::get_if<BreakoutMessage>(&message)) {
    if (br->action == BreakoutAction::Create) j["rooms"] = br->rooms;
    if (br->action == BreakoutAction::Create && br->choose) j["choose"] = true;
    const auto place = [](BreakoutPlace p) { return p ? nlohmann::json(*p) : nlohmann::json(nullptr); };
    if (br->action == BreakoutAction::Assign) j["assign"] = nlohmann::json::object();
    for (const auto& [id, where] : br->assign) j["assign"][id] = place(where);
    if (br->countdownSeconds != 0) j["countdown"] = br->countdownSeconds;
    if (br->action == BreakoutAction::Broadcast) j["e2ee"] = br->e2ee;
    if (br->action == BreakoutAction::Move) j["room"] = place(br->room);
  }
  return j;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = parseClientMessage(text);
  if (auto* error = std::get_if<SignalingError>(&result)) {
    if (error->message.empty() || error->code == ErrorCode::Internal) std::abort();
    if (!isValidUtf8(error->ref)) std::abort();
    (void)errorMessage(*error);
    return 0;
  }
  const auto& message = std::get<ClientMessage>(result);
  if (const auto* join = std::get_if<JoinMessage>(&message)) {
    if (!isValidRoomName(join->room)) std::abort();
    if (join->e2ee ? !isBase64Url(join->name, kMaxE2eeNameLength) : normalizeDisplayName(join->name) != join->name)
      std::abort();
  }
  if (const auto* lobby = std::get_if<LobbyMessage>(&message)) {
    // A moderator's PIN is 4-12 digits or empty (clears it); an attempt is at most 64 bytes.
    if (lobby->action == LobbyAction::Access && lobby->pin && !lobby->pin->empty() && !isValidPin(*lobby->pin))
      std::abort();
    if (lobby->pin && lobby->pin->size() > kMaxPinAttemptLength) std::abort();
  }
  if (const auto* chat = std::get_if<ChatMessage>(&message)) {
    if (chat->e2ee ? !isBase64Url(chat->text, kMaxE2eeChatLength) : !isValidChatText(chat->text)) std::abort();
  }
  if (const auto* reaction = std::get_if<ReactionMessage>(&message)) {
    // Only a token of the fixed set passes.
    if (std::find(kReactions.begin(), kReactions.end(), reaction->reaction) == kReactions.end()) std::abort();
  }
  if (const auto* view = std::get_if<ViewMessage>(&message)) {
    if (view->tiles.size() > kMaxViewTiles) std::abort();
    for (const auto& tile : view->tiles)
      if (tile.participant.empty() || tile.width > kMaxTileSide || tile.height > kMaxTileSide) std::abort();
  }
  if (const auto* br = std::get_if<BreakoutMessage>(&message)) {
    // Names as a participant's, indexes and counts within the bounds of breakout_messages.hpp.
    if (br->rooms.size() > kMaxBreakoutRooms || br->assign.size() > kMaxBreakoutAssignments) std::abort();
    for (const auto& name : br->rooms)
      if (normalizeDisplayName(name) != name) std::abort();
    for (const auto& [id, where] : br->assign)
      if (id.empty() || (where && *where >= kMaxBreakoutRooms)) std::abort();
    if ((br->room && *br->room >= kMaxBreakoutRooms) || br->countdownSeconds < 0 ||
        br->countdownSeconds > kMaxBreakoutCountdownSeconds)
      std::abort();
  }
  const std::string again = toJson(message).dump();
  auto reparsed = parseClientMessage(again);
  const auto* second = std::get_if<ClientMessage>(&reparsed);
  if (second == nullptr || toJson(*second) != toJson(message)) std::abort();
  return 0;
}
