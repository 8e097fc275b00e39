// The meeting's polls as the server sees them: ids, askers, open or closed, one ballot per voter.
#include "room/polls.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::PollAction;
using signaling::SignalingError;

std::optional<SignalingError> Polls::refusal(const signaling::PollMessage& msg, const std::string& by,
                                             bool moderator) const {
  const std::string ref(signaling::pollTypeName(msg.action));
  const auto it = mPolls.find(msg.poll);
  if (msg.action == PollAction::Create) {
    if (mPolls.size() >= kMaxPollsPerMeeting)
      return SignalingError{ErrorCode::TooManyPolls, "a meeting may ask at most 20 polls", ref};
    if (it != mPolls.end())
      return SignalingError{ErrorCode::BadMessage, "this poll id is already used in this meeting", ref};
    return std::nullopt;
  }
  if (it == mPolls.end())
    return SignalingError{ErrorCode::UnknownPoll, "no poll of this meeting has this id", ref};
  if (msg.action == PollAction::Close && !moderator && it->second.asker != by)
    return SignalingError{ErrorCode::NotAllowed, "only the asker and moderators may close a poll", ref};
  if (!it->second.open) return SignalingError{ErrorCode::PollClosed, "the poll is closed", ref};
  return std::nullopt;
}

void Polls::create(const std::string& poll, const std::string& asker, bool anonymous) {
  mPolls.emplace(poll, Poll{asker, anonymous, true, {}});
}

Polls::Ballot Polls::vote(const std::string& poll, const std::string& voter) {
  Poll& p = mPolls.at(poll);
  // A voter keeps the number of their first ballot when they change their vote.
  const auto ballot = p.ballots.try_emplace(voter, static_cast<unsigned>(p.ballots.size() + 1)).first;
  return Ballot{ballot->second, p.anonymous};
}

void Polls::close(const std::string& poll) { mPolls.at(poll).open = false; }

}  // namespace vicos::room
