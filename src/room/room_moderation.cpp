// Moderation commands (P18, P19, P34; docs/protocol.md "Moderation"): the Room checks the role,
// finds the target, lets Moderation change the rules or the participant, and then applies the
// result on the media plane and tells everyone; it also ends the meeting.
#include "room/room.hpp"
#include "signaling/moderation_messages.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::ModerationAction;
using signaling::SignalingError;

void Room::applyForwarding(Participant& p) {
  const auto allowed = mModeration.allowedUplinks(p);
  const auto apply = [&](sfu::MediaKind kind, bool& current, bool allow) {
    if (current == allow) return;
    current = allow;
    mMedia.setForwarding(mName, p.id, kind, allow);
  };
  apply(sfu::MediaKind::Audio, p.forwardAudio, allowed.audio);
  apply(sfu::MediaKind::Video, p.forwardVideo, allowed.video);
  apply(sfu::MediaKind::Screen, p.forwardScreen, allowed.screen);
}

std::optional<SignalingError> Room::moderate(Participant& by, const signaling::ModerationMessage& msg) {
  const std::string ref(signaling::moderationTypeName(msg.action));
  if (by.role != Role::Moderator)
    return SignalingError{ErrorCode::NotAllowed, "only moderators may do this", ref};
  Participant* target = nullptr;
  if (!msg.participant.empty()) {
    target = find(msg.participant);
    if (!target)
      return SignalingError{ErrorCode::UnknownParticipant, "no such participant in this room", ref};
  }
  // After a change: the media plane forwards what the rules allow, and everyone learns of it.
  const auto changed = [&](Participant& p) {
    applyForwarding(p);
    mRoster.broadcast(signaling::participantUpdatedMessage(info(p)));
  };
  switch (msg.action) {
    case ModerationAction::Mute:
      if (Moderation::mute(*target, by.id)) changed(*target);
      break;
    case ModerationAction::MuteAll:
      for (auto& [id, p] : mRoster)
        if (id != by.id && Moderation::mute(p, by.id)) changed(p);
      break;
    case ModerationAction::AllowUnmute:
      if (Moderation::allowUnmute(*target)) changed(*target);
      break;
    case ModerationAction::StopCamera:
      if (Moderation::stopCamera(*target, by.id)) changed(*target);
      break;
    case ModerationAction::Remove: {
      if (target == &by)
        return SignalingError{ErrorCode::NotAllowed, "leave instead of removing yourself", ref};
      mModeration.ban(target->login);
      const auto channel = target->channel;
      channel->send(signaling::removedMessage(by.id));
      leave(msg.participant);  // `target` is gone from here on
      channel->close();
      break;
    }
    case ModerationAction::SetRole: {
      const Role before = target->role;
      if (auto refused = mModeration.setRole(*target, msg.makeModerator, mRoster.moderatorCount()))
        return refused;
      if (target->role != before) changed(*target);
      // A recording is a moderator's (P25): it ends with the role.
      if (target->id == mRecorder && target->role != Role::Moderator) endRecording();
      break;
    }
    case ModerationAction::EndMeeting: endMeeting(by.id); break;
    case ModerationAction::LowerHand: announceHands(mRoster.lowerHand(target->id)); break;
    case ModerationAction::LowerHands: announceHands(mRoster.lowerAllHands()); break;
    case ModerationAction::RoomSettings:
      mModeration.applySettings(msg);
      mRoster.broadcast(mModeration.settingsMessage());
      // canShare and canUnmute of everyone without the role may have changed.
      for (auto& [id, p] : mRoster) {
        if (p.role == Role::Moderator) continue;
        if (!mModeration.mayShare(p)) p.screen = false;
        changed(p);
      }
      break;
  }
  return std::nullopt;
}

void Room::endMeeting(const std::string& by) {
  const std::string ended = signaling::meetingEndedMessage(by);
  auto participants = mRoster.takeAll();
  auto waiting = mDoor.takeAll();
  mPlainMedia.clear();
  mEnded = true;
  for (auto& [id, p] : participants) {
    if (p.peer) mMedia.removePeer(mName, id);
    p.channel->send(ended);
    p.channel->close();
  }
  for (auto& n : waiting) {
    n.channel->send(ended);
    n.channel->close();
  }
}

}  // namespace vicos::room
