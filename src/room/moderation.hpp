// The moderation rules of a room (P18, P19, P34; docs/protocol.md "Moderation"): who may share,
// unmute and chat, which uplinks the media plane may forward, what a moderator's command does to
// one participant, and which logins were removed from the meeting. Tells nobody: the Room does.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "room/participant.hpp"
#include "signaling/messages.hpp"
#include "signaling/moderation_commands.hpp"

namespace vicos::room {

class Moderation {
 public:
  // Which of a participant's uplinks no rule stops.
  struct Uplinks {
    bool audio = true;
    bool video = true;
    bool screen = true;
  };

  bool mayShare(const Participant& p) const;
  // Only a moderator's mute binds: a participant who muted themselves may always unmute.
  bool mayUnmute(const Participant& p) const;
  bool mayChat(const Participant& p) const;
  // Asking a poll: moderators, and everyone when a moderator allows it (default: moderators).
  bool mayPoll(const Participant& p) const;
  Uplinks allowedUplinks(const Participant& p) const;

  // A participant switching devices on (`media`): the camera always may (a stop is not a ban), the
  // microphone after a moderator's mute only when mayUnmute(), the screen only when mayShare().
  // What is refused is switched off in `media`, and the first refusal returned.
  std::optional<signaling::SignalingError> admitMedia(Participant& p, signaling::MediaMessage& media) const;

  // A moderator's commands on one participant; each returns whether they changed (everyone is told).
  static bool mute(Participant& p, const std::string& by);
  static bool allowUnmute(Participant& p);
  static bool stopCamera(Participant& p, const std::string& by);
  // The role given or taken; whoever may no longer share stops sharing. `moderators`: how many
  // the room has; the last cannot give up the role.
  std::optional<signaling::SignalingError> setRole(Participant& p, bool makeModerator,
                                                   size_t moderators) const;

  // `room-settings`: sets the audiences the message names.
  void applySettings(const signaling::ModerationMessage& msg);
  std::string settingsMessage() const;

  // A removed organizer's login may not join this meeting again (guests have no lasting identity).
  void ban(const std::string& login);
  bool isBanned(const std::string& login) const { return !login.empty() && mBannedLogins.contains(login); }

 private:
  signaling::Audience mWhoMayShare = signaling::Audience::Everyone;
  signaling::Audience mWhoMayUnmute = signaling::Audience::Everyone;
  signaling::Audience mWhoMayChat = signaling::Audience::Everyone;
  signaling::Audience mWhoMayPoll = signaling::Audience::Moderators;
  std::set<std::string> mBannedLogins;
};

}  // namespace vicos::room
