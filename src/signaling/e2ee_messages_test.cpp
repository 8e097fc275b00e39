// Tests of the end-to-end encryption additions to the client messages: e2ee-announce,
// e2ee-key, e2ee-plain-media, `join.e2eeName` and `chat.e2ee` (shape and size rules, errors)
// and their relays.
#include "signaling/e2ee_messages.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

using nlohmann::json;

// Lengths of the real fields (docs/e2ee.md): public key 87, encrypted name 383, MAC 43,
// IV 16, wrapped key 64 base64url characters.
const std::string kPub(87, 'P');
const std::string kName = std::string(382, 'n') + "_";
const std::string kMac = std::string(42, 'm') + "-";
const std::string kIv(16, 'i');
const std::string kCt(64, 'c');

ParseResult parse(const json& j) { return parseClientMessage(j.dump()); }

template <typename T>
T as(const ParseResult& r) {
  if (const auto* e = std::get_if<SignalingError>(&r)) {
    ADD_FAILURE() << errorCodeName(e->code) << ": " << e->message;
    return {};
  }
  const auto& m = std::get<ClientMessage>(r);
  if (!std::holds_alternative<T>(m)) {
    ADD_FAILURE() << "parsed as " << messageTypeName(m);
    return {};
  }
  return std::get<T>(m);
}

ErrorCode errorOf(const ParseResult& r) {
  const auto* e = std::get_if<SignalingError>(&r);
  if (e == nullptr) {
    ADD_FAILURE() << "parsed, expected an error";
    return ErrorCode::Internal;
  }
  return e->code;
}

json announce() { return {{"type", "e2ee-announce"}, {"pub", kPub}, {"name", kName}, {"mac", kMac}}; }
json key() { return {{"type", "e2ee-key"}, {"to", "00112233aabbccdd"}, {"idx", 3}, {"iv", kIv}, {"ct", kCt}}; }
json decision() { return {{"type", "e2ee-plain-media"}, {"participant", "00112233aabbccdd"}, {"mac", kMac}}; }

TEST(E2eeMessages, Base64UrlAlphabetAndLength) {
  EXPECT_TRUE(isBase64Url("AZaz09-_", 8));
  EXPECT_FALSE(isBase64Url("AZaz09-_", 7));
  EXPECT_FALSE(isBase64Url("", 8));
  for (const char* bad : {"a+b", "a/b", "ab==", "a b", "a\nb", "\xc3\xa4"}) EXPECT_FALSE(isBase64Url(bad, 8)) << bad;
}

TEST(E2eeMessages, AnnounceToEveryoneAndToOne) {
  auto m = as<E2eeAnnounceMessage>(parse(announce()));
  EXPECT_EQ(m.pub, kPub);
  EXPECT_EQ(m.name, kName);
  EXPECT_EQ(m.mac, kMac);
  EXPECT_EQ(m.to, "");
  json j = announce();
  j["to"] = "00112233aabbccdd";
  EXPECT_EQ(as<E2eeAnnounceMessage>(parse(j)).to, "00112233aabbccdd");
  j["to"] = nullptr;
  EXPECT_EQ(as<E2eeAnnounceMessage>(parse(j)).to, "");
  // A client cannot set `from`: it is ignored like any unknown field and the relay sets it.
  j["from"] = "ffffffffffffffff";
  EXPECT_EQ(messageTypeName(std::get<ClientMessage>(parse(j))), "e2ee-announce");
}

TEST(E2eeMessages, AnnounceFieldRules) {
  for (const char* name : {"pub", "name", "mac"}) {
    json j = announce();
    j.erase(name);
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << name << " missing";
    j[name] = 5;
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << name << " not a string";
    j[name] = "";
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << name << " empty";
    j[name] = std::string(kMaxE2eeFieldLength, 'a');
    EXPECT_TRUE(std::holds_alternative<ClientMessage>(parse(j))) << name << " at the limit";
    j[name] = std::string(kMaxE2eeFieldLength + 1, 'a');
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << name << " too long";
    j[name] = "Alex Plaintext";  // not base64url: a client that sends clear text is refused
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << name << " not base64url";
  }
  json j = announce();
  j["to"] = 7;
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage);
  j["to"] = std::string(kMaxParticipantIdLength + 1, 'a');
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage);
  j["to"] = "";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::UnknownParticipant);
}

TEST(E2eeMessages, AnnounceCarriesThePlainMediaFlag) {
  EXPECT_FALSE(as<E2eeAnnounceMessage>(parse(announce())).plainMedia);
  json j = announce();
  j["plainMedia"] = true;
  EXPECT_TRUE(as<E2eeAnnounceMessage>(parse(j)).plainMedia);
  j["plainMedia"] = false;
  EXPECT_FALSE(as<E2eeAnnounceMessage>(parse(j)).plainMedia);
  for (const json& bad : {json(1), json("true"), json::array()}) {
    j["plainMedia"] = bad;
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << bad.dump();
  }
}

TEST(E2eeMessages, PlainMediaDecision) {
  auto m = as<E2eePlainMediaMessage>(parse(decision()));
  EXPECT_EQ(m.participant, "00112233aabbccdd");
  EXPECT_EQ(m.mac, kMac);
  EXPECT_EQ(m.to, "");
  json j = decision();
  j["to"] = "aaaaaaaaaaaaaaaa";
  EXPECT_EQ(as<E2eePlainMediaMessage>(parse(j)).to, "aaaaaaaaaaaaaaaa");
  j["to"] = "";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::UnknownParticipant);
  j = decision();
  j.erase("participant");
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << "participant is required";
  j["participant"] = std::string(kMaxParticipantIdLength + 1, 'a');
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage);
  j["participant"] = "";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::UnknownParticipant);
  for (const json& mac :
       {json(nullptr), json(""), json("a=b"), json(std::string(kMaxE2eeFieldLength + 1, 'm'))}) {
    j = decision();
    j["mac"] = mac;
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << mac.dump();
  }
}

TEST(E2eeMessages, Key) {
  auto m = as<E2eeKeyMessage>(parse(key()));
  EXPECT_EQ(m.to, "00112233aabbccdd");
  EXPECT_EQ(m.idx, 3u);
  EXPECT_EQ(m.iv, kIv);
  EXPECT_EQ(m.ct, kCt);
  json j = key();
  j["idx"] = 4294967295u;
  EXPECT_EQ(as<E2eeKeyMessage>(parse(j)).idx, 4294967295u);
}

TEST(E2eeMessages, KeyFieldRules) {
  for (const json& idx : {json(4294967296u), json(-1), json(1.5), json("1"), json(nullptr)}) {
    json j = key();
    j["idx"] = idx;
    EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << idx.dump();
  }
  json j = key();
  j.erase("to");
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << "to is required";
  j["to"] = "";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::UnknownParticipant);
  for (const char* name : {"iv", "ct"}) {
    json k = key();
    k[name] = std::string(kMaxE2eeFieldLength + 1, 'a');
    EXPECT_EQ(errorOf(parse(k)), ErrorCode::BadMessage) << name;
    k[name] = "a=";
    EXPECT_EQ(errorOf(parse(k)), ErrorCode::BadMessage) << name;
    k.erase(name);
    EXPECT_EQ(errorOf(parse(k)), ErrorCode::BadMessage) << name;
  }
}

TEST(E2eeMessages, JoinWithEncryptedName) {
  json j{{"type", "join"}, {"version", 1}, {"room", "r"}, {"e2eeName", kName}};
  auto m = as<JoinMessage>(parse(j));
  EXPECT_TRUE(m.e2ee);
  EXPECT_EQ(m.name, kName);
  EXPECT_FALSE(as<JoinMessage>(parseClientMessage(R"({"type":"join","version":1,"room":"r","name":"Alex"})")).e2ee);
  j["e2eeName"] = std::string(kMaxE2eeNameLength + 1, 'a');
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidName);
  j["e2eeName"] = "Alex";
  EXPECT_TRUE(std::holds_alternative<ClientMessage>(parse(j)));  // base64url-shaped is enough
  j["e2eeName"] = "Alex Smith";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidName);
  j["e2eeName"] = "";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidName);
  j["e2eeName"] = 1;
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidName);
  j["e2eeName"] = kName;
  j["name"] = "Alex";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidName) << "both name and e2eeName";
  j.erase("e2eeName");
  j.erase("name");
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::BadMessage) << "neither";
}

TEST(E2eeMessages, ChatWithCiphertext) {
  const std::string ct(10800, 'x');
  json j{{"type", "chat"}, {"e2ee", ct}};
  auto m = as<ChatMessage>(parse(j));
  EXPECT_TRUE(m.e2ee);
  EXPECT_EQ(m.text, ct);
  j["to"] = "00112233aabbccdd";
  EXPECT_EQ(as<ChatMessage>(parse(j)).to, "00112233aabbccdd");
  j["e2ee"] = std::string(kMaxE2eeChatLength + 1, 'x');
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidChat);
  j["e2ee"] = "Hallo zusammen";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidChat);
  j["e2ee"] = ct;
  j["text"] = "Hallo";
  EXPECT_EQ(errorOf(parse(j)), ErrorCode::InvalidChat) << "both text and e2ee";
  // The plain rule is unchanged: 2,001 characters of text are still too long.
  EXPECT_EQ(errorOf(parse(json{{"type", "chat"}, {"text", std::string(2001, 'a')}})), ErrorCode::InvalidChat);
}

TEST(E2eeMessages, RelaysCarryFromAndTheFieldsUnchanged) {
  E2eeAnnounceMessage a{kPub, kName, kMac, "", false};
  json r = json::parse(e2eeAnnounceRelay("aaaaaaaaaaaaaaaa", a));
  EXPECT_EQ(r, (json{{"type", "e2ee-announce"}, {"from", "aaaaaaaaaaaaaaaa"}, {"pub", kPub}, {"name", kName}, {"mac", kMac}}));
  a.to = "bbbbbbbbbbbbbbbb";
  EXPECT_EQ(json::parse(e2eeAnnounceRelay("aaaaaaaaaaaaaaaa", a))["to"], "bbbbbbbbbbbbbbbb");
  EXPECT_FALSE(json::parse(e2eeAnnounceRelay("aaaaaaaaaaaaaaaa", a)).contains("plainMedia"));
  a.plainMedia = true;
  EXPECT_EQ(json::parse(e2eeAnnounceRelay("aaaaaaaaaaaaaaaa", a))["plainMedia"], true);
  r = json::parse(e2eePlainMediaRelay("aaaaaaaaaaaaaaaa", {"cccccccccccccccc", kMac, ""}));
  EXPECT_EQ(r, (json{{"type", "e2ee-plain-media"},
                     {"from", "aaaaaaaaaaaaaaaa"},
                     {"participant", "cccccccccccccccc"},
                     {"mac", kMac}}));
  r = json::parse(e2eeKeyRelay("aaaaaaaaaaaaaaaa", E2eeKeyMessage{"bbbbbbbbbbbbbbbb", 4294967295u, kIv, kCt}));
  EXPECT_EQ(r, (json{{"type", "e2ee-key"}, {"from", "aaaaaaaaaaaaaaaa"}, {"to", "bbbbbbbbbbbbbbbb"},
                     {"idx", 4294967295u}, {"iv", kIv}, {"ct", kCt}}));
}

}  // namespace
}  // namespace vicos::signaling
