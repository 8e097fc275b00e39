// Moderation (P18, P19, P34; docs/protocol.md "Moderation"): moderators mute, stop cameras,
// remove, grant and take the role, lower hands, end the meeting and decide who may share, unmute
// and chat. Every
// rule is enforced here and on the media plane, whatever a client shows or sends.
#include "room/room.hpp"

#include "signaling/moderation_messages.hpp"

namespace vicos::room {

using signaling::Audience;
using signaling::ErrorCode;
using signaling::ModerationAction;
using signaling::SignalingError;

namespace {

SignalingError notAllowed(std::string message, std::string_view ref) {
  return SignalingError{ErrorCode::NotAllowed, std::move(message), std::string(ref)};
}

}  // namespace

bool Room::mayShare(const Participant& p) const {
  return p.role == Role::Moderator || mWhoMayShare == Audience::Everyone;
}

bool Room::mayUnmute(const Participant& p) const {
  return p.mutedBy.empty() || p.role == Role::Moderator || mWhoMayUnmute == Audience::Everyone;
}

bool Room::mayChat(const Participant& p) const {
  return p.role == Role::Moderator || mWhoMayChat == Audience::Everyone;
}

std::string Room::settingsMessage() const {
  return signaling::roomSettingsMessage(signaling::audienceName(mWhoMayShare), signaling::audienceName(mWhoMayUnmute),
                                        signaling::audienceName(mWhoMayChat));
}

// The media plane forwards an uplink only while no moderation rule stops it; told only on change.
void Room::applyForwarding(Participant& p) {
  const auto apply = [&](sfu::MediaKind kind, bool& current, bool allowed) {
    if (current == allowed) return;
    current = allowed;
    mMedia.setForwarding(mName, p.id, kind, allowed);
  };
  apply(sfu::MediaKind::Audio, p.forwardAudio, p.mutedBy.empty());
  apply(sfu::MediaKind::Video, p.forwardVideo, p.cameraStoppedBy.empty());
  apply(sfu::MediaKind::Screen, p.forwardScreen, mayShare(p));
}

// A participant switching a device on: the camera always may (a stop is not a ban), the
// microphone after a moderator's mute only when mayUnmute(), the screen only when mayShare().
std::optional<SignalingError> Room::admitMedia(Participant& p, signaling::MediaMessage& media) {
  std::optional<SignalingError> refused;
  if (media.audio && !p.audio) {
    if (mayUnmute(p)) {
      p.mutedBy.clear();
    } else {
      media.audio = false;
      refused = notAllowed("a moderator muted you and only moderators may unmute", "media");
    }
  }
  if (media.video && !p.video) p.cameraStoppedBy.clear();
  if (media.screen && !mayShare(p)) {
    media.screen = false;
    if (!refused) refused = notAllowed("only moderators may share the screen in this meeting", "media");
  }
  applyForwarding(p);
  return refused;
}

std::optional<SignalingError> Room::moderate(Participant& by, const signaling::ModerationMessage& msg) {
  const std::string_view ref = signaling::moderationTypeName(msg.action);
  if (by.role != Role::Moderator) return notAllowed("only moderators may do this", ref);
  Participant* target = nullptr;
  if (!msg.participant.empty()) {
    target = find(msg.participant);
    if (!target) return SignalingError{ErrorCode::UnknownParticipant, "no such participant in this room", std::string(ref)};
  }
  const auto announce = [&](const Participant& p) { broadcast(signaling::participantUpdatedMessage(info(p)), ""); };
  const auto mute = [&](Participant& p) {
    if (p.mutedBy == by.id && !p.audio) return;
    p.mutedBy = by.id;
    p.audio = false;
    applyForwarding(p);
    announce(p);
  };
  switch (msg.action) {
    case ModerationAction::Mute: mute(*target); break;
    case ModerationAction::MuteAll:
      for (auto& [id, p] : mParticipants)
        if (id != by.id) mute(p);
      break;
    case ModerationAction::AllowUnmute:
      if (target->mutedBy.empty()) break;
      target->mutedBy.clear();
      applyForwarding(*target);
      announce(*target);
      break;
    case ModerationAction::StopCamera:
      if (target->cameraStoppedBy == by.id && !target->video) break;
      target->cameraStoppedBy = by.id;
      target->video = false;
      applyForwarding(*target);
      announce(*target);
      break;
    case ModerationAction::Remove: {
      if (target == &by) return notAllowed("leave instead of removing yourself", ref);
      if (!target->login.empty()) mBannedLogins.insert(target->login);
      const auto channel = target->channel;
      channel->send(signaling::removedMessage(by.id));
      leave(msg.participant);  // `target` is gone from here on
      channel->close();
      break;
    }
    case ModerationAction::SetRole: {
      const Role role = msg.makeModerator ? Role::Moderator : target->organizer ? Role::Participant : Role::Guest;
      if (role == target->role) break;
      if (target->role == Role::Moderator) {
        size_t moderators = 0;
        for (const auto& [id, p] : mParticipants) moderators += p.role == Role::Moderator;
        if (moderators <= 1) return notAllowed("the last moderator cannot give up the role", ref);
      }
      target->role = role;
      if (!mayShare(*target)) target->screen = false;
      applyForwarding(*target);
      announce(*target);
      break;
    }
    case ModerationAction::EndMeeting: endMeeting(by.id); break;
    case ModerationAction::LowerHand: announceHands(mHands.lower(target->id)); break;
    case ModerationAction::LowerHands: announceHands(mHands.lowerAll()); break;
    case ModerationAction::RoomSettings: {
      if (msg.whoMayShare) mWhoMayShare = *msg.whoMayShare;
      if (msg.whoMayUnmute) mWhoMayUnmute = *msg.whoMayUnmute;
      if (msg.whoMayChat) mWhoMayChat = *msg.whoMayChat;
      broadcast(settingsMessage(), "");
      // canShare and canUnmute of everyone without the role may have changed.
      for (auto& [id, p] : mParticipants) {
        if (p.role == Role::Moderator) continue;
        if (!mayShare(p)) p.screen = false;
        applyForwarding(p);
        announce(p);
      }
      break;
    }
  }
  return std::nullopt;
}

void Room::endMeeting(const std::string& by) {
  const std::string ended = signaling::meetingEndedMessage(by);
  auto participants = std::move(mParticipants);
  mParticipants.clear();
  auto waiting = mDoor.takeAll();
  mPlainMedia.clear();
  mEnded = true;
  for (auto& [id, p] : participants) {
    if (p.mediaPeer) mMedia.removePeer(mName, id);
    p.channel->send(ended);
    p.channel->close();
  }
  for (auto& n : waiting) {
    n.channel->send(ended);
    n.channel->close();
  }
}

}  // namespace vicos::room
