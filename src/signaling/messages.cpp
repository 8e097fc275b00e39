// Parser of client signaling messages: one JSON object per WebSocket text frame.
#include "signaling/messages.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "signaling/names.hpp"

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

SignalingError fail(ErrorCode code, std::string message, std::string_view ref = {}) {
  return SignalingError{code, std::move(message), std::string(ref)};
}

// Nesting depth of the JSON text, counted outside strings; stops counting past the limit.
bool nestingWithin(std::string_view text, size_t limit) {
  size_t depth = 0;
  bool inString = false;
  bool escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// Echoing an unknown type back in `ref` is useful for debugging; keep it short and whole.
std::string shortRef(std::string_view type) {
  size_t n = std::min<size_t>(type.size(), 32);
  while (n > 0 && n < type.size() && (static_cast<uint8_t>(type[n]) & 0xc0) == 0x80) --n;
  return std::string(type.substr(0, n));
}

const Json* field(const Json& object, const char* name) {
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

SignalingError wrongType(std::string_view type, const char* fieldName, const char* expected) {
  return fail(ErrorCode::BadMessage,
              std::string("field '") + fieldName + "' must be " + expected, type);
}

ParseResult parseJoin(const Json& j) {
  const Json* version = field(j, "version");
  const Json* room = field(j, "room");
  const Json* name = field(j, "name");
  if (version == nullptr || !version->is_number()) return wrongType("join", "version", "a number");
  if (room == nullptr || !room->is_string()) return wrongType("join", "room", "a string");
  // Exactly one of `name` (plain) and `e2eeName` (encrypted, docs/e2ee.md).
  const Json* e2eeName = field(j, "e2eeName");
  if (e2eeName != nullptr && (name != nullptr || !e2eeName->is_string()))
    return fail(ErrorCode::InvalidName, "give either 'name' or 'e2eeName' as a string", "join");
  if (e2eeName == nullptr && (name == nullptr || !name->is_string()))
    return wrongType("join", "name", "a string");
  if (version->get<double>() != kProtocolVersion)
    return fail(ErrorCode::UnsupportedVersion, "this server speaks protocol version 1", "join");
  JoinMessage m;
  if (const Json* pin = field(j, "pin")) {
    if (!pin->is_string() || pin->get_ref<const std::string&>().size() > kMaxPinAttemptLength)
      return wrongType("join", "pin", "a string of at most 64 characters");
    m.pin = pin->get<std::string>();
  }
  if (const Json* plainMedia = field(j, "plainMedia")) {
    if (!plainMedia->is_boolean()) return wrongType("join", "plainMedia", "a boolean");
    m.plainMedia = plainMedia->get<bool>();
  }
  m.room = room->get<std::string>();
  if (!isValidRoomName(m.room))
    return fail(ErrorCode::InvalidRoom, "room must be 1-64 characters of A-Z a-z 0-9 - _", "join");
  if (e2eeName != nullptr) {
    m.name = e2eeName->get<std::string>();
    m.e2ee = true;
    if (!isBase64Url(m.name, kMaxE2eeNameLength))
      return fail(ErrorCode::InvalidName, "e2eeName must be 1-1024 base64url characters", "join");
    return ClientMessage{std::move(m)};
  }
  auto trimmed = normalizeDisplayName(name->get<std::string>());
  if (!trimmed)
    return fail(ErrorCode::InvalidName,
                "name must be 1-64 characters after trimming, without control characters",
                "join");
  m.name = std::move(*trimmed);
  return ClientMessage{std::move(m)};
}

ParseResult parseAnswer(const Json& j) {
  const Json* offerId = field(j, "offerId");
  const Json* sdp = field(j, "sdp");
  if (offerId == nullptr || !offerId->is_number_unsigned())
    return wrongType("answer", "offerId", "a non-negative integer");
  if (sdp == nullptr || !sdp->is_string()) return wrongType("answer", "sdp", "a string");
  AnswerMessage m;
  m.offerId = offerId->get<uint64_t>();
  m.sdp = sdp->get<std::string>();
  if (m.sdp.size() > kMaxAnswerSdpBytes)
    return fail(ErrorCode::BadSdp, "sdp is longer than " + std::to_string(kMaxAnswerSdpBytes) + " bytes", "answer");
  return ClientMessage{std::move(m)};
}

ParseResult parseMedia(const Json& j) {
  const Json* audio = field(j, "audio");
  const Json* video = field(j, "video");
  if (audio == nullptr || !audio->is_boolean()) return wrongType("media", "audio", "a boolean");
  if (video == nullptr || !video->is_boolean()) return wrongType("media", "video", "a boolean");
  const Json* screen = field(j, "screen");
  if (screen != nullptr && !screen->is_boolean()) return wrongType("media", "screen", "a boolean");
  return ClientMessage{MediaMessage{audio->get<bool>(), video->get<bool>(), screen != nullptr && screen->get<bool>()}};
}

ParseResult parseKeyframe(const Json& j) {
  const Json* participant = field(j, "participant");
  if (participant == nullptr || !participant->is_string())
    return wrongType("keyframe", "participant", "a string");
  return ClientMessage{KeyframeMessage{participant->get<std::string>()}};
}

// docs/protocol.md "chat". An absent or null `to` is a message to everyone.
ParseResult parseChat(const Json& j) {
  const Json* text = field(j, "text");
  const Json* to = field(j, "to");
  // Exactly one of `text` (plain) and `e2ee` (encrypted, docs/e2ee.md "Names and chat").
  const Json* e2ee = field(j, "e2ee");
  if (e2ee != nullptr && (text != nullptr || !e2ee->is_string()))
    return fail(ErrorCode::InvalidChat, "give either 'text' or 'e2ee' as a string", "chat");
  if (e2ee == nullptr && (text == nullptr || !text->is_string()))
    return wrongType("chat", "text", "a string");
  if (to != nullptr && !to->is_null() && !to->is_string())
    return wrongType("chat", "to", "a string");
  ChatMessage m;
  m.e2ee = e2ee != nullptr;
  m.text = (m.e2ee ? e2ee : text)->get<std::string>();
  if (m.e2ee && !isBase64Url(m.text, kMaxE2eeChatLength))
    return fail(ErrorCode::InvalidChat, "e2ee must be 1-16384 base64url characters", "chat");
  if (!m.e2ee && !isValidChatText(m.text))
    return fail(ErrorCode::InvalidChat,
                "text must be 1-2000 characters, not only white space, without control characters",
                "chat");
  if (to != nullptr && to->is_string()) {
    m.to = to->get<std::string>();
    if (m.to.empty()) return fail(ErrorCode::UnknownParticipant, "'to' is empty", "chat");
  }
  return ClientMessage{std::move(m)};
}

ParseResult parseHand(const Json& j) {
  const Json* raised = field(j, "raised");
  if (raised == nullptr || !raised->is_boolean()) return wrongType("hand", "raised", "a boolean");
  return ClientMessage{HandMessage{raised->get<bool>()}};
}

// docs/protocol.md "resume". A token of the wrong shape cannot be anyone's: resume-failed.
ParseResult parseResume(const Json& j) {
  const Json* room = field(j, "room");
  const Json* token = field(j, "token");
  if (room == nullptr || !room->is_string()) return wrongType("resume", "room", "a string");
  if (token == nullptr || !token->is_string()) return wrongType("resume", "token", "a string");
  ResumeMessage m{room->get<std::string>(), token->get<std::string>()};
  if (!isValidRoomName(m.room))
    return fail(ErrorCode::InvalidRoom, "room must be 1-64 characters of A-Z a-z 0-9 - _", "resume");
  if (m.token.empty() || m.token.size() > kMaxResumeTokenLength)
    return fail(ErrorCode::ResumeFailed, "no participation to resume with this token", "resume");
  return ClientMessage{std::move(m)};
}

template <typename T>
ParseResult widen(std::variant<T, SignalingError>&& result) {
  if (auto* error = std::get_if<SignalingError>(&result)) return std::move(*error);
  return ClientMessage{std::move(std::get<T>(result))};
}

ParseResult parseChecked(std::string_view text) {
  if (text.size() > kMaxMessageBytes)
    return fail(ErrorCode::TooLarge, "message is larger than " + std::to_string(kMaxMessageBytes) + " bytes");
  if (!isValidUtf8(text)) return fail(ErrorCode::BadMessage, "message is not valid UTF-8");
  if (!nestingWithin(text, kMaxJsonDepth))
    return fail(ErrorCode::BadMessage, "message is nested too deeply");
  const Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail(ErrorCode::BadMessage, "message is not JSON");
  if (!j.is_object()) return fail(ErrorCode::BadMessage, "message is not a JSON object");
  const Json* typeField = field(j, "type");
  if (typeField == nullptr || !typeField->is_string())
    return fail(ErrorCode::BadMessage, "message has no string field 'type'");
  const auto& type = typeField->get_ref<const std::string&>();
  const auto& known = clientMessageTypes();
  if (std::find(known.begin(), known.end(), type) == known.end())
    return fail(ErrorCode::UnknownType, "unknown message type", shortRef(type));
  if (type == "join") return parseJoin(j);
  if (type == "answer") return parseAnswer(j);
  if (type == "media") return parseMedia(j);
  if (type == "keyframe") return parseKeyframe(j);
  if (type == "leave") return ClientMessage{LeaveMessage{}};
  if (type == "chat") return parseChat(j);
  if (type == "hand") return parseHand(j);
  if (type == "resume") return parseResume(j);
  if (type == "restart-media") return ClientMessage{RestartMediaMessage{}};
  if (type == "reaction") return widen(parseReaction(j));
  if (type == "view") return widen(parseView(j));
  if (type == "e2ee-announce") return widen(parseE2eeAnnounce(j));
  if (type == "e2ee-key") return widen(parseE2eeKey(j));
  if (type == "e2ee-plain-media") return widen(parseE2eePlainMedia(j));
  if (const auto action = moderationActionOf(type)) return widen(parseModeration(*action, j));
  if (const auto action = lobbyActionOf(type)) return widen(parseLobby(*action, j));
  if (const auto action = pollActionOf(type)) return widen(parsePoll(*action, j));
  if (const auto action = recordingActionOf(type)) return widen(parseRecording(*action, j));
  if (const auto action = breakoutActionOf(type)) return widen(parseBreakout(*action, j));
  return fail(ErrorCode::UnknownType, "unknown message type", shortRef(type));
}

}  // namespace

std::string_view messageTypeName(const ClientMessage& message) {
  struct Visitor {
    std::string_view operator()(const JoinMessage&) const { return "join"; }
    std::string_view operator()(const AnswerMessage&) const { return "answer"; }
    std::string_view operator()(const MediaMessage&) const { return "media"; }
    std::string_view operator()(const KeyframeMessage&) const { return "keyframe"; }
    std::string_view operator()(const LeaveMessage&) const { return "leave"; }
    std::string_view operator()(const ChatMessage&) const { return "chat"; }
    std::string_view operator()(const HandMessage&) const { return "hand"; }
    std::string_view operator()(const E2eeAnnounceMessage&) const { return "e2ee-announce"; }
    std::string_view operator()(const E2eeKeyMessage&) const { return "e2ee-key"; }
    std::string_view operator()(const E2eePlainMediaMessage&) const { return "e2ee-plain-media"; }
    std::string_view operator()(const ModerationMessage& m) const { return moderationTypeName(m.action); }
    std::string_view operator()(const LobbyMessage& m) const { return lobbyTypeName(m.action); }
    std::string_view operator()(const ResumeMessage&) const { return "resume"; }
    std::string_view operator()(const RestartMediaMessage&) const { return "restart-media"; }
    std::string_view operator()(const ReactionMessage&) const { return "reaction"; }
    std::string_view operator()(const ViewMessage&) const { return "view"; }
    std::string_view operator()(const PollMessage& m) const { return pollTypeName(m.action); }
    std::string_view operator()(const RecordingMessage& m) const { return recordingTypeName(m.action); }
    std::string_view operator()(const BreakoutMessage& m) const { return breakoutTypeName(m.action); }
  };
  return std::visit(Visitor{}, message);
}

const std::vector<std::string_view>& clientMessageTypes() {
  static const std::vector<std::string_view> types = [] {
    std::vector<std::string_view> all{"join",     "answer",        "media",         "keyframe", "leave",
                                      "chat",     "hand",          "resume",        "restart-media",
                                      "reaction", "e2ee-announce", "e2ee-key",      "e2ee-plain-media", "view"};
    for (auto name : moderationTypeNames()) all.push_back(name);
    for (auto name : lobbyTypeNames()) all.push_back(name);
    for (auto name : pollTypeNames()) all.push_back(name);
    for (auto name : recordingTypeNames()) all.push_back(name);
    for (auto name : breakoutTypeNames()) all.push_back(name);
    return all;
  }();
  return types;
}

ParseResult parseClientMessage(std::string_view text) {
  try {
    return parseChecked(text);
  } catch (const std::exception&) {  // nlohmann type errors or allocation failure
    return fail(ErrorCode::Internal, "message could not be processed");
  }
}

}  // namespace vicos::signaling
