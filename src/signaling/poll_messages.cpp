// Parser and builders of the poll messages: shapes and sizes only; who may ask, vote and close
// is the room's rule (src/room/polls.cpp).
#include "signaling/poll_messages.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "signaling/e2ee_messages.hpp"

namespace vicos::signaling {
namespace {

constexpr std::array<std::pair<PollAction, std::string_view>, 3> kTypes{{
    {PollAction::Create, "poll-create"},
    {PollAction::Vote, "poll-vote"},
    {PollAction::Close, "poll-close"},
}};

SignalingError bad(PollAction action, std::string message) {
  return SignalingError{ErrorCode::BadMessage, std::move(message), std::string(pollTypeName(action))};
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<PollAction> pollActionOf(std::string_view type) {
  for (const auto& [action, name] : kTypes)
    if (name == type) return action;
  return std::nullopt;
}

std::string_view pollTypeName(PollAction action) {
  for (const auto& [a, name] : kTypes)
    if (a == action) return name;
  return "poll-create";
}

std::vector<std::string_view> pollTypeNames() {
  std::vector<std::string_view> names;
  for (const auto& entry : kTypes) names.push_back(entry.second);
  return names;
}

std::variant<PollMessage, SignalingError> parsePoll(PollAction action, const nlohmann::json& j) {
  PollMessage m;
  m.action = action;
  const auto poll = j.find("poll");
  if (poll == j.end() || !poll->is_string() ||
      poll->get_ref<const std::string&>().size() < kMinPollIdLength ||
      !isBase64Url(poll->get_ref<const std::string&>(), kMaxPollIdLength))
    return bad(action, "field 'poll' must be 16-32 base64url characters");
  m.poll = poll->get<std::string>();
  if (action == PollAction::Close) return m;
  const size_t limit = action == PollAction::Create ? kMaxE2eePollLength : kMaxE2eeVoteLength;
  const auto e2ee = j.find("e2ee");
  if (e2ee == j.end() || !e2ee->is_string() || !isBase64Url(e2ee->get_ref<const std::string&>(), limit))
    return bad(action, "field 'e2ee' must be 1-" + std::to_string(limit) + " base64url characters");
  m.e2ee = e2ee->get<std::string>();
  if (action == PollAction::Create) {
    const auto anonymous = j.find("anonymous");
    if (anonymous == j.end() || !anonymous->is_boolean())
      return bad(action, "field 'anonymous' must be a boolean");
    m.anonymous = anonymous->get<bool>();
  }
  return m;
}

std::string pollMessage(std::string_view poll, std::string_view from, bool anonymous, std::string_view e2ee) {
  return dump({{"type", "poll"}, {"poll", poll}, {"from", from}, {"anonymous", anonymous}, {"e2ee", e2ee}});
}

std::string pollVoteMessage(std::string_view poll, unsigned ballot, std::string_view from,
                            std::string_view e2ee) {
  nlohmann::json j{{"type", "poll-vote"}, {"poll", poll}, {"ballot", ballot}, {"e2ee", e2ee}};
  if (!from.empty()) j["from"] = from;
  return dump(j);
}

std::string pollClosedMessage(std::string_view poll, std::string_view by) {
  return dump({{"type", "poll-closed"}, {"poll", poll}, {"by", by}});
}

}  // namespace vicos::signaling
