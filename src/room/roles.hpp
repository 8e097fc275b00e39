// Roles in a meeting and the room policy that decides who may start one (P7, P10, P19).
#pragma once

namespace vicos::room {

// moderator: may run the meeting; participant: a logged-in organizer without moderator
// rights (or anyone in an open room); guest: not logged in.
enum class Role { Moderator, Participant, Guest };

// organizer: guests who come first wait until a logged-in organizer joins, who becomes
// moderator; open: the first to join becomes moderator.
enum class RoomPolicy { Organizer, Open };

inline const char* roleName(Role role) {
  switch (role) {
    case Role::Moderator: return "moderator";
    case Role::Participant: return "participant";
    case Role::Guest: return "guest";
  }
  return "guest";
}

}  // namespace vicos::room
