// Tests of the lobby, lock and PIN messages: each field rule and error, and the server messages' JSON.
#include "signaling/lobby_messages.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

LobbyMessage parseOk(std::string_view text) {
  auto result = parseClientMessage(text);
  if (auto* e = std::get_if<SignalingError>(&result)) {
    ADD_FAILURE() << errorCodeName(e->code) << ": " << e->message;
    return {};
  }
  const auto& message = std::get<ClientMessage>(result);
  if (!std::holds_alternative<LobbyMessage>(message)) {
    ADD_FAILURE() << "parsed as " << messageTypeName(message);
    return {};
  }
  return std::get<LobbyMessage>(message);
}

ErrorCode errorOf(std::string_view text) {
  auto result = parseClientMessage(text);
  const auto* e = std::get_if<SignalingError>(&result);
  EXPECT_NE(e, nullptr) << text;
  return e ? e->code : ErrorCode::Internal;
}

TEST(LobbyMessages, RoomAccessFieldsAreOptional) {
  auto m = parseOk(R"({"type":"room-access","lobby":true})");
  EXPECT_EQ(m.action, LobbyAction::Access);
  EXPECT_EQ(m.lobby, std::optional<bool>(true));
  EXPECT_FALSE(m.locked.has_value());
  EXPECT_FALSE(m.pin.has_value());
  m = parseOk(R"({"type":"room-access","locked":false,"pin":"0042"})");
  EXPECT_EQ(m.locked, std::optional<bool>(false));
  EXPECT_EQ(m.pin, std::optional<std::string>("0042"));
  EXPECT_EQ(parseOk(R"({"type":"room-access","pin":""})").pin, std::optional<std::string>(""));
}

TEST(LobbyMessages, PinMustBeFourToTwelveDigits) {
  EXPECT_TRUE(isValidPin("1234"));
  EXPECT_TRUE(isValidPin("123456789012"));
  EXPECT_FALSE(isValidPin("123"));
  EXPECT_FALSE(isValidPin("1234567890123"));
  EXPECT_FALSE(isValidPin("12a4"));
  EXPECT_FALSE(isValidPin("12 34"));
  EXPECT_FALSE(isValidPin("\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4"));  // Arabic-Indic digits are not ASCII
  EXPECT_EQ(errorOf(R"({"type":"room-access","pin":"123"})"), ErrorCode::InvalidPin);
  EXPECT_EQ(errorOf(R"({"type":"room-access","pin":"abcd"})"), ErrorCode::InvalidPin);
  EXPECT_EQ(errorOf(R"({"type":"room-access","pin":1234})"), ErrorCode::BadMessage);
  EXPECT_EQ(errorOf(R"({"type":"room-access","lobby":"yes"})"), ErrorCode::BadMessage);
  EXPECT_EQ(errorOf(R"({"type":"room-access","locked":1})"), ErrorCode::BadMessage);
}

TEST(LobbyMessages, AdmitDenyNeedAParticipant) {
  auto m = parseOk(R"({"type":"admit","participant":"00112233aabbccdd"})");
  EXPECT_EQ(m.action, LobbyAction::Admit);
  EXPECT_EQ(m.participant, "00112233aabbccdd");
  EXPECT_EQ(parseOk(R"({"type":"deny","participant":"x"})").action, LobbyAction::Deny);
  EXPECT_EQ(parseOk(R"({"type":"admit-all"})").action, LobbyAction::AdmitAll);
  EXPECT_EQ(errorOf(R"({"type":"admit"})"), ErrorCode::BadMessage);
  EXPECT_EQ(errorOf(R"({"type":"deny","participant":5})"), ErrorCode::BadMessage);
}

TEST(LobbyMessages, PinAttempt) {
  auto m = parseOk(R"({"type":"pin","pin":"9876"})");
  EXPECT_EQ(m.action, LobbyAction::Pin);
  EXPECT_EQ(m.pin, std::optional<std::string>("9876"));
  // A wrong-looking attempt is still an attempt (the room says wrong-pin); only the shape is checked.
  EXPECT_EQ(parseOk(R"({"type":"pin","pin":"x"})").pin, std::optional<std::string>("x"));
  EXPECT_EQ(errorOf(R"({"type":"pin"})"), ErrorCode::BadMessage);
  EXPECT_EQ(errorOf(R"({"type":"pin","pin":12345})"), ErrorCode::BadMessage);
  EXPECT_EQ(errorOf(std::string(R"({"type":"pin","pin":")") + std::string(65, '1') + "\"}"), ErrorCode::BadMessage);
}

TEST(LobbyMessages, JoinCarriesAnOptionalPin) {
  auto result = parseClientMessage(R"({"type":"join","version":1,"room":"r","name":"A","pin":"1234"})");
  ASSERT_TRUE(std::holds_alternative<ClientMessage>(result));
  EXPECT_EQ(std::get<JoinMessage>(std::get<ClientMessage>(result)).pin, std::optional<std::string>("1234"));
  result = parseClientMessage(R"({"type":"join","version":1,"room":"r","name":"A"})");
  EXPECT_FALSE(std::get<JoinMessage>(std::get<ClientMessage>(result)).pin.has_value());
  EXPECT_EQ(errorOf(R"({"type":"join","version":1,"room":"r","name":"A","pin":1234})"), ErrorCode::BadMessage);
}

TEST(LobbyMessages, ServerMessages) {
  const auto lobby = nlohmann::json::parse(lobbyMessage({{"a1", "QUJD", true}, {"b2", "Bob", false}}));
  EXPECT_EQ(lobby["type"], "lobby");
  ASSERT_EQ(lobby["knocking"].size(), 2u);
  EXPECT_EQ(lobby["knocking"][0]["id"], "a1");
  EXPECT_EQ(lobby["knocking"][0]["name"], "QUJD");
  EXPECT_EQ(lobby["knocking"][0]["e2ee"], true);
  EXPECT_EQ(lobby["knocking"][1]["e2ee"], false);
  EXPECT_EQ(nlohmann::json::parse(lobbyMessage({}))["knocking"], nlohmann::json::array());
  const auto access = nlohmann::json::parse(roomAccessMessage(true, false, true));
  EXPECT_EQ(access, (nlohmann::json{{"type", "room-access"}, {"lobby", true}, {"locked", false}, {"pin", true}}));
}

// docs/e2ee.md "Participants who cannot encrypt media": the join says so, the admit accepts it.
TEST(LobbyMessages, PlainMediaInJoinAndAdmit) {
  auto result = parseClientMessage(R"({"type":"join","version":1,"room":"r","e2eeName":"QUJD","plainMedia":true})");
  ASSERT_TRUE(std::holds_alternative<ClientMessage>(result));
  EXPECT_TRUE(std::get<JoinMessage>(std::get<ClientMessage>(result)).plainMedia);
  result = parseClientMessage(R"({"type":"join","version":1,"room":"r","e2eeName":"QUJD"})");
  EXPECT_FALSE(std::get<JoinMessage>(std::get<ClientMessage>(result)).plainMedia);
  EXPECT_EQ(errorOf(R"({"type":"join","version":1,"room":"r","name":"A","plainMedia":"yes"})"), ErrorCode::BadMessage);

  EXPECT_TRUE(parseOk(R"({"type":"admit","participant":"x","plainMedia":true})").plainMedia);
  EXPECT_FALSE(parseOk(R"({"type":"admit","participant":"x"})").plainMedia);
  EXPECT_EQ(errorOf(R"({"type":"admit","participant":"x","plainMedia":1})"), ErrorCode::BadMessage);

  const auto lobby = nlohmann::json::parse(lobbyMessage({{"a1", "QUJD", true, true}, {"b2", "QUJE", true}}));
  EXPECT_EQ(lobby["knocking"][0]["plainMedia"], true);
  EXPECT_EQ(lobby["knocking"][1]["plainMedia"], false);
  EXPECT_EQ(nlohmann::json::parse(mediaEncryptionMessage({})),
            (nlohmann::json{{"type", "media-encryption"}, {"encrypted", true}, {"plain", nlohmann::json::array()}}));
  EXPECT_EQ(nlohmann::json::parse(mediaEncryptionMessage({"a1", "b2"})),
            (nlohmann::json{{"type", "media-encryption"}, {"encrypted", false}, {"plain", {"a1", "b2"}}}));
  EXPECT_EQ(errorCodeName(ErrorCode::NoModerator), "no-moderator");
}

TEST(LobbyMessages, TypeNamesRoundTrip) {
  for (auto action : {LobbyAction::Access, LobbyAction::Admit, LobbyAction::Deny, LobbyAction::AdmitAll, LobbyAction::Pin})
    EXPECT_EQ(lobbyActionOf(lobbyTypeName(action)), std::optional<LobbyAction>(action));
  EXPECT_FALSE(lobbyActionOf("knock").has_value());
}

}  // namespace
}  // namespace vicos::signaling
