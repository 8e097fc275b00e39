// Poll messages (docs/protocol.md "Polls", docs/e2ee.md "Polls"): an opaque poll id chosen by the
// asking client, ciphertext the server cannot read, and the `anonymous` flag the server needs to
// relay votes without the voter's id; parsed here, built for the room's replies.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "signaling/error.hpp"

namespace vicos::signaling {

// A poll id is 16-32 base64url characters (the client draws 128 random bits: 22 characters).
inline constexpr size_t kMinPollIdLength = 16;
inline constexpr size_t kMaxPollIdLength = 32;
// `poll-create.e2ee`: question, 2-10 answers and the poll key, encrypted and padded (at most
// about 8,200 characters for the longest question and answers).
inline constexpr size_t kMaxE2eePollLength = 12288;
// `poll-vote.e2ee`: one ballot, encrypted at a fixed size (64 characters today).
inline constexpr size_t kMaxE2eeVoteLength = 256;

enum class PollAction {
  Create,  // {poll, anonymous, e2ee}: asks a question; who may is the room's setting whoMayPoll
  Vote,    // {poll, e2ee}: casts or replaces this participant's one ballot
  Close,   // {poll}: the asker or a moderator ends the poll; its results stay with the clients
};

struct PollMessage {
  PollAction action = PollAction::Create;
  std::string poll;
  bool anonymous = false;  // Create
  std::string e2ee;        // Create, Vote: base64url ciphertext, opaque here
};

// The action of a poll `type` ("poll-create", "poll-vote", "poll-close"); nothing for others.
std::optional<PollAction> pollActionOf(std::string_view type);
std::string_view pollTypeName(PollAction action);
std::vector<std::string_view> pollTypeNames();

// Field parser for parseClientMessage; `j` is the message object of type `action`. Anything
// of the wrong type, shape or size is bad-message (ref: the type).
std::variant<PollMessage, SignalingError> parsePoll(PollAction action, const nlohmann::json& j);

// Server to client. `poll`: a new poll, to everyone, the asker included.
std::string pollMessage(std::string_view poll, std::string_view from, bool anonymous, std::string_view e2ee);
// `poll-vote`: a ballot, to everyone, the voter included; `from` (the voter) is written only
// when not empty, i.e. for a named poll. `ballot` numbers the voters of one poll from 1 in the
// order they first voted, so that a replaced vote replaces and is not counted twice.
std::string pollVoteMessage(std::string_view poll, unsigned ballot, std::string_view from,
                            std::string_view e2ee);
// `poll-closed`: to everyone; `by` closed it.
std::string pollClosedMessage(std::string_view poll, std::string_view by);

}  // namespace vicos::signaling
