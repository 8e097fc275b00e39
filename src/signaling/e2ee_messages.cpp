// Parsers and relay builders of the end-to-end encryption messages: the server checks shape
// and size only; the payloads are ciphertext, MACs and public keys it cannot use.
#include "signaling/e2ee_messages.hpp"

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
  const auto to = j.find("to");
  if (to != j.end() && !to->is_null()) {
    if (!to->is_string() || to->get_ref<const std::string&>().size() > kMaxParticipantIdLength)
      return bad("e2ee-announce", "field 'to' must be a participant id");
    m.to = to->get<std::string>();
    if (m.to.empty())
      return SignalingError{ErrorCode::UnknownParticipant, "'to' is empty", "e2ee-announce"};
  }
  return m;
}

std::variant<E2eeKeyMessage, SignalingError> parseE2eeKey(const Json& j) {
  E2eeKeyMessage m;
  const auto to = j.find("to");
  if (to == j.end() || !to->is_string() || to->get_ref<const std::string&>().size() > kMaxParticipantIdLength)
    return bad("e2ee-key", "field 'to' must be a participant id");
  m.to = to->get<std::string>();
  if (m.to.empty()) return SignalingError{ErrorCode::UnknownParticipant, "'to' is empty", "e2ee-key"};
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

std::string e2eeAnnounceRelay(std::string_view from, const E2eeAnnounceMessage& m) {
  Json j{{"type", "e2ee-announce"}, {"from", from}, {"pub", m.pub}, {"name", m.name}, {"mac", m.mac}};
  if (!m.to.empty()) j["to"] = m.to;
  return dump(j);
}

std::string e2eeKeyRelay(std::string_view from, const E2eeKeyMessage& m) {
  return dump(Json{{"type", "e2ee-key"}, {"from", from}, {"to", m.to}, {"idx", m.idx}, {"iv", m.iv}, {"ct", m.ct}});
}

}  // namespace vicos::signaling
