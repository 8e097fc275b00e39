// Polls in a room (docs/protocol.md "Polls"): the permission, the rate limit and the relay; what
// a poll asks and how anyone voted is ciphertext the server passes on (docs/e2ee.md "Polls").
#include "room/room.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::PollAction;
using signaling::SignalingError;

std::optional<SignalingError> Room::poll(Participant& p, const signaling::PollMessage& msg, int64_t now) {
  const std::string ref(signaling::pollTypeName(msg.action));
  if (msg.action == PollAction::Create && !mModeration.mayPoll(p))
    return SignalingError{ErrorCode::NotAllowed, "only moderators may ask polls in this meeting", ref};
  // Refusals come before the token is taken, so that they cost none; and change nothing.
  if (auto refused = mPolls.refusal(msg, p.id, p.role == Role::Moderator)) return refused;
  if (!p.polls.take(now))
    return SignalingError{ErrorCode::RateLimited, "at most 10 poll messages at once, then one per second",
                          ref};
  switch (msg.action) {
    case PollAction::Create:
      mPolls.create(msg.poll, p.id, msg.anonymous);
      mRoster.broadcast(signaling::pollMessage(msg.poll, p.id, msg.anonymous, msg.e2ee));
      break;
    case PollAction::Vote: {
      const auto ballot = mPolls.vote(msg.poll, p.id);
      // Anonymous: the others learn that a ballot came, not whose (docs/e2ee.md "Polls").
      mRoster.broadcast(
          signaling::pollVoteMessage(msg.poll, ballot.number, ballot.anonymous ? "" : p.id, msg.e2ee));
      break;
    }
    case PollAction::Close:
      mPolls.close(msg.poll);
      mRoster.broadcast(signaling::pollClosedMessage(msg.poll, p.id));
      break;
  }
  return std::nullopt;
}

}  // namespace vicos::room
