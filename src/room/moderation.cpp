// The moderation rules (P18, P19, P34): permissions by role and by the room's audiences, and the
// state a moderator's command leaves a participant in. Every rule holds here and on the media
// plane, whatever a client shows or sends.
#include "room/moderation.hpp"

#include "signaling/moderation_messages.hpp"

namespace vicos::room {

using signaling::Audience;
using signaling::SignalingError;

namespace {

SignalingError notAllowed(std::string message, std::string_view ref) {
  return SignalingError{signaling::ErrorCode::NotAllowed, std::move(message), std::string(ref)};
}

}  // namespace

bool Moderation::mayShare(const Participant& p) const {
  return p.role == Role::Moderator || mWhoMayShare == Audience::Everyone;
}

bool Moderation::mayUnmute(const Participant& p) const {
  return p.mutedBy.empty() || p.role == Role::Moderator || mWhoMayUnmute == Audience::Everyone;
}

bool Moderation::mayChat(const Participant& p) const {
  return p.role == Role::Moderator || mWhoMayChat == Audience::Everyone;
}

bool Moderation::mayPoll(const Participant& p) const {
  return p.role == Role::Moderator || mWhoMayPoll == Audience::Everyone;
}

Moderation::Uplinks Moderation::allowedUplinks(const Participant& p) const {
  return Uplinks{p.mutedBy.empty(), p.cameraStoppedBy.empty(), mayShare(p)};
}

std::optional<SignalingError> Moderation::admitMedia(Participant& p, signaling::MediaMessage& media) const {
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
  return refused;
}

bool Moderation::mute(Participant& p, const std::string& by) {
  if (p.mutedBy == by && !p.audio) return false;
  p.mutedBy = by;
  p.audio = false;
  return true;
}

bool Moderation::allowUnmute(Participant& p) {
  if (p.mutedBy.empty()) return false;
  p.mutedBy.clear();
  return true;
}

bool Moderation::stopCamera(Participant& p, const std::string& by) {
  if (p.cameraStoppedBy == by && !p.video) return false;
  p.cameraStoppedBy = by;
  p.video = false;
  return true;
}

std::optional<SignalingError> Moderation::setRole(Participant& p, bool makeModerator,
                                                  size_t moderators) const {
  const Role role = makeModerator ? Role::Moderator : p.organizer ? Role::Participant : Role::Guest;
  if (role == p.role) return std::nullopt;
  if (p.role == Role::Moderator && moderators <= 1)
    return notAllowed("the last moderator cannot give up the role",
                      signaling::moderationTypeName(signaling::ModerationAction::SetRole));
  p.role = role;
  if (!mayShare(p)) p.screen = false;
  return std::nullopt;
}

void Moderation::applySettings(const signaling::ModerationMessage& msg) {
  if (msg.whoMayShare) mWhoMayShare = *msg.whoMayShare;
  if (msg.whoMayUnmute) mWhoMayUnmute = *msg.whoMayUnmute;
  if (msg.whoMayChat) mWhoMayChat = *msg.whoMayChat;
  if (msg.whoMayPoll) mWhoMayPoll = *msg.whoMayPoll;
}

std::string Moderation::settingsMessage() const {
  return signaling::roomSettingsMessage(signaling::audienceName(mWhoMayShare),
                                        signaling::audienceName(mWhoMayUnmute),
                                        signaling::audienceName(mWhoMayChat),
                                        signaling::audienceName(mWhoMayPoll));
}

void Moderation::ban(const std::string& login) {
  if (!login.empty()) mBannedLogins.insert(login);
}

}  // namespace vicos::room
