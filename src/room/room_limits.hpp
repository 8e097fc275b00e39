// The caps on rooms and on the people in them, with their defaults, from which the server's
// `rooms.*` settings start (docs/security.md "The door: waiting people, locks, caps on rooms and peers").
#pragma once

#include <cstddef>
#include <cstdint>

#include "room/roles.hpp"

namespace vicos::room {

// Defaults of the `rooms.*` settings; docs/security.md says why these values.
inline constexpr unsigned kDefaultMaxParticipants = 50;  // per room, joined and waiting together
inline constexpr unsigned kDefaultMaxWaiting = 20;       // per room, waiting to be let in
inline constexpr unsigned kDefaultWaitingTimeoutSeconds = 300;
inline constexpr unsigned kDefaultMaxRooms = 500;                // every room may be a call of two
inline constexpr unsigned kDefaultMaxTotalParticipants = 1'000;  // joined and waiting, all rooms
inline constexpr unsigned kDefaultReconnectGraceSeconds = 20;
inline constexpr bool kDefaultLobby = false;  // the organizer policy already holds guests back
inline constexpr bool kDefaultRecording = false;  // P25: recording is off unless the operator enables it
// How long a participant whose socket closed without `leave` may resume (docs/protocol.md "Reconnecting").
inline constexpr int64_t kReconnectGraceMs = int64_t{kDefaultReconnectGraceSeconds} * 1'000;

// Logged-in organizers pass every cap below up to this many times it: they get into their
// meetings however many came first, and memory stays bounded even so.
inline constexpr size_t kOrganizerCeiling = 2;

// How long TURN credentials stay valid: a few hours, so a meeting's relay needs no new ones,
// while a leaked username is useless soon after (a fresh peer gets new ones).
inline constexpr int64_t kTurnCredentialMs = int64_t{4} * 3600 * 1000;

struct RoomLimits {
  unsigned maxParticipants = kDefaultMaxParticipants;
  // The server's configuration defaults to Organizer (rooms.policy); Open here keeps rooms
  // usable in tests that have no organizer.
  RoomPolicy policy = RoomPolicy::Open;
  int64_t reconnectGraceMs = kReconnectGraceMs;  // rooms.reconnect_grace_seconds
  unsigned maxWaiting = kDefaultMaxWaiting;
  // rooms.waiting_timeout_seconds
  int64_t waitingTimeoutMs = int64_t{kDefaultWaitingTimeoutSeconds} * 1'000;
  unsigned maxRooms = kDefaultMaxRooms;
  unsigned maxTotalParticipants = kDefaultMaxTotalParticipants;
  // rooms.lobby (P12): whether a new room's lobby is on before any moderator changes it.
  bool lobby = kDefaultLobby;
  // media.simulcast: cameras are asked for three layers (negotiation::Negotiator::setSimulcast).
  bool simulcast = false;
  // rooms.recording (P25): whether moderators may record in their browsers.
  bool recording = kDefaultRecording;
  // The built-in TURN server (docs/protocol.md "offer", docs/security.md "TURN relay"): every
  // fresh offer carries REST credentials derived from turnSecret; empty: no TURN credentials.
  std::string turnSecret = {};
  uint16_t turnUdpPort = 0;  // turn.port; 0: TURN over TCP and TLS on the HTTPS port only
  int64_t turnCredentialMs = kTurnCredentialMs;
  // turn.external_url: the operator's TURN server, named in the credentials; empty: the client
  // uses the built-in one on the page's host.
  std::string turnUrl = {};
};

// A cap as it holds for a newcomer: organizers get the ceiling.
inline size_t capFor(unsigned cap, bool organizer) { return organizer ? cap * kOrganizerCeiling : cap; }

}  // namespace vicos::room
