// Parsers and relay builders of the end-to-end encryption messages: the server checks shape
// and size only; the payloads are ciphertext, MACs and public keys it cannot use.
#include "signaling/e2ee_messages.hpp"

#include <optional>

#include <nlohmann/json.hpp>

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

SignalingError bad(const char* type, std::string message) {
  return SignalingError{ErrorCode::BadMessage, std::move(message), type};
}

// A required base64url field; nullptr when it is fine, the field's name otherwise.
const char* checkField(const Json& j, const char* name, std::string& out) {
  const auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return name;
  const auto& value = it->get_ref<const std::string&>();
  if (!isBase64Url(value, kMaxE2eeFieldLength)) return name;
  out = value;
  return nullptr;
}

// A required participant id: `bad-message` when missing or not one, `unknown-participant` when empty.
std::optional<SignalingError> requiredId(const Json& j, const char* name, const char* type,
                                        std::string& out) {
  const auto it = j.find(name);
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().size() > kMaxParticipantIdLength)
    return bad(type, std::string("field '") + name + "' must be a participant id");
  out = it->get<std::string>();
  if (out.empty())
    return SignalingError{ErrorCode::UnknownParticipant, std::string("'") + name + "' is empty", type};
  return std::nullopt;
}

// `to`, absent or null for everyone else.
std::optional<SignalingError> optionalRecipient(const Json& j, const char* type, std::string& out) {
  const auto to = j.find("to");
  if (to == j.end() || to->is_null()) return std::nullopt;
  return requiredId(j, "to", type, out);
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

bool isBase64Url(std::string_view text, size_t maxLength) {
  if (text.empty() || text.size() > maxLength) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::variant<E2eeAnnounceMessage, SignalingError> parseE2eeAnnounce(const Json& j) {
  E2eeAnnounceMessage m;
  for (auto [name, out] : {std::pair{"pub", &m.pub}, {"name", &m.name}, {"mac", &m.mac}}) {
    if (checkField(j, name, *out) != nullptr)
      return bad("e2ee-announce", std::string("field '") + name + "' must be 1-1024 base64url characters");
  }
  if (auto error = optionalRecipient(j, "e2ee-announce", m.to)) return *error;
  const auto plain = j.find("plainMedia");
  if (plain != j.end() && !plain->is_null()) {
    if (!plain->is_boolean()) return bad("e2ee-announce", "field 'plainMedia' must be a boolean");
    m.plainMedia = plain->get<bool>();
  }
  return m;
}

std::variant<E2eeKeyMessage, SignalingError> parseE2eeKey(const Json& j) {
  E2eeKeyMessage m;
  if (auto error = requiredId(j, "to", "e2ee-key", m.to)) return *error;
  const auto idx = j.find("idx");
  // is_number_unsigned: a JSON integer >= 0 (1.5 and -1 are not); then the 32-bit bound.
  if (idx == j.end() || !idx->is_number_unsigned() || idx->get<uint64_t>() > UINT32_MAX)
    return bad("e2ee-key", "field 'idx' must be an integer 0-4294967295");
  m.idx = static_cast<uint32_t>(idx->get<uint64_t>());
  for (auto [name, out] : {std::pair{"iv", &m.iv}, {"ct", &m.ct}}) {
    if (checkField(j, name, *out) != nullptr)
      return bad("e2ee-key", std::string("field '") + name + "' must be 1-1024 base64url characters");
  }
  return m;
}

std::variant<E2eePlainMediaMessage, SignalingError> parseE2eePlainMedia(const Json& j) {
  E2eePlainMediaMessage m;
  if (auto error = requiredId(j, "participant", "e2ee-plain-media", m.participant)) return *error;
  if (checkField(j, "mac", m.mac) != nullptr)
    return bad("e2ee-plain-media", "field 'mac' must be 1-1024 base64url characters");
  if (auto error = optionalRecipient(j, "e2ee-plain-media", m.to)) return *error;
  return m;
}

std::string e2eeAnnounceRelay(std::string_view from, const E2eeAnnounceMessage& m) {
  Json j{{"type", "e2ee-announce"}, {"from", from}, {"pub", m.pub}, {"name", m.name}, {"mac", m.mac}};
  if (!m.to.empty()) j["to"] = m.to;
  if (m.plainMedia) j["plainMedia"] = true;
  return dump(j);
}

std::string e2eeKeyRelay(std::string_view from, const E2eeKeyMessage& m) {
  return dump(Json{{"type", "e2ee-key"}, {"from", from}, {"to", m.to}, {"idx", m.idx}, {"iv", m.iv}, {"ct", m.ct}});
}

std::string e2eePlainMediaRelay(std::string_view from, const E2eePlainMediaMessage& m) {
  Json j{{"type", "e2ee-plain-media"}, {"from", from}, {"participant", m.participant}, {"mac", m.mac}};
  if (!m.to.empty()) j["to"] = m.to;
  return dump(j);
}

}  // namespace vicos::signaling
