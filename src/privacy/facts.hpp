// The catalogue of processing facts (P33): every kind of personal data vicos processes, where it is
// kept, on what legal ground, who receives it and which settings switch it on, built from the
// running configuration. The report's record of processing (Art. 30 GDPR) and its measures
// (Art. 32 GDPR) are written from this catalogue alone, and facts_test.cpp fails when the
// signaling parser, the store or the configuration has something the catalogue does not name.
#pragma once

#include <string_view>
#include <vector>

namespace vicos::privacy {

struct ReportInput;

enum class FactId {
  Participants,  // display name, role, microphone/camera/screen state, raised hand
  RoomNames,
  Media,  // audio, video, screen frames
  Chat,
  Reactions,   // which of six fixed tokens a participant sent
  TileViews,   // which videos a page shows and how large, for choosing what to send it
  Polls,       // who asked and who voted in which poll; questions and votes end-to-end encrypted
  Recording,   // a recording made in a moderator's browser, and everyone's consent to it (P25)
  Breakouts,   // breakout rooms' names, who is in which, moderators' broadcasts (encrypted)
  E2eeKeys,    // public keys and wrapped media keys of the end-to-end encryption
  PlainMedia,  // the moderator-approved exception for browsers that cannot encrypt
  Door,        // lobby, lock, waiting list (P12)
  MeetingPin,
  Moderation,  // roles, mutes, who was removed from the meeting
  ReconnectTokens,
  ConnectionData,    // addresses, ICE credentials, DTLS fingerprints
  ConnectionCounts,  // open connections per source address
  LoginThrottle,     // failed logins per account and per source address
  Accounts,
  LoginSessions,
  AuditLog,
  SecondFactors,   // TOTP keys, passkey public keys, recovery code hashes (P8)
  PendingLogins,   // a login between password and second factor, an enrolment under way
  SingleSignOn,    // issuer and subject of accounts made by OpenID Connect (P9)
  SingleSignOnLogins,  // state, nonce and PKCE verifier of a sign-on under way
  Log,
  Metrics,
  LoadSamples,  // the admin page's graphs: aggregate counts per minute
  Coordination,  // several nodes: what Redis holds (node entries, room owners, failure counts)
  TurnRelay,    // the built-in TURN server: allocations, permissions, relayed bytes per participant
};

// Where the data is while vicos processes it.
enum class Place {
  Memory,    // the server's memory only, gone with the meeting or after a stated time
  Relayed,   // passed on to other participants as it arrives, not kept
  Database,  // the SQLite file in the data directory
  Log,       // log files, or standard error to the service manager
  Redis,     // the coordination server of several nodes (cluster.redis_url), each key with a TTL
};

// The legal ground the report proposes; the operator decides (docs/dpo/legal-bases.en.md).
enum class Basis {
  Meeting,         // holding the meeting the person takes part in
  Organizers,      // the organizer's role: contract of employment or service, or a works agreement
  Security,        // protecting the service and its users (Art. 32)
  Accountability,  // showing who did what with accounts (Art. 5(2), 32)
  Operation,       // running and repairing the service
};

// Who gets to see the data apart from the server.
enum class Recipients {
  Meeting,     // the other participants of the same meeting
  Moderators,  // the meeting's moderators
  Nobody,      // nobody; the operator only through the server's machine
  Operator,    // the operator's administrators (database, journal, log files)
  Scrapers,    // whoever the operator lets read the metrics endpoint
};

struct Fact {
  FactId id;
  std::string_view key;  // stable identifier for JSON and tests
  Place place;
  Basis basis;
  Recipients recipients;
  // Configuration keys ("section.key") that switch the processing on or shape it.
  std::vector<std::string_view> settings;
  // Client signaling types that carry the data (signaling::clientMessageTypes()).
  std::vector<std::string_view> messages;
  // Store tables that hold it.
  std::vector<std::string_view> tables;
  // Processed in this configuration; a fact that is off is left out of the report.
  bool active = true;
};

// The catalogue for this configuration, in the report's order; inactive facts included.
std::vector<Fact> catalogue(const ReportInput& in);

// Technical and organisational measures (Art. 32 GDPR) the report describes.
enum class MeasureId {
  Transport,       // TLS, certificate and its reload
  MediaTransport,  // DTLS-SRTP
  EndToEnd,        // on by default; the plain-media exception
  MemoryOnly,      // meetings never reach the store or the logs (P29)
  Passwords,       // Argon2id, throttling
  Files,           // file modes, secure_delete
  Retention,       // the retention job
  Logging,         // what the log holds, where it goes
  Metrics,         // the metrics listener holds counts only
  NoThirdParties,  // no CDN, STUN, telemetry (P6, P28, P32)
  Updates,         // version, commit, security updates (P17)
};

std::vector<MeasureId> measures(const ReportInput& in);

}  // namespace vicos::privacy
