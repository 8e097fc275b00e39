// The processing facts and measures for one configuration; the words for them are in
// report_de.cpp and report_en.cpp.
#include "privacy/facts.hpp"

#include "privacy/privacy_report.hpp"

namespace vicos::privacy {

std::vector<Fact> catalogue(const ReportInput& in) {
  using enum FactId;
  // One row per fact, as the report lists them; a table reads better than one field a line.
  // clang-format off
  std::vector<Fact> facts{
      {Participants, "participants", Place::Memory, Basis::Meeting, Recipients::Meeting,
       {"rooms.policy", "rooms.max_participants", "rooms.max_total_participants"},
       {"join", "media", "hand", "leave"}, {}},
      {RoomNames, "room-names", Place::Memory, Basis::Meeting, Recipients::Meeting,
       {"rooms.max_rooms"}, {"join"}, {}},
      {Media, "media", Place::Relayed, Basis::Meeting, Recipients::Meeting, {}, {"keyframe"}, {}},
      {Chat, "chat", Place::Relayed, Basis::Meeting, Recipients::Meeting, {}, {"chat"}, {}},
      {Reactions, "reactions", Place::Relayed, Basis::Meeting, Recipients::Meeting, {}, {"reaction"}, {}},
      {TileViews, "tile-views", Place::Memory, Basis::Meeting, Recipients::Nobody, {}, {"view"}, {}},
      {Polls, "polls", Place::Memory, Basis::Meeting, Recipients::Meeting, {},
       {"poll-create", "poll-vote", "poll-close"}, {}},
      {Recording, "recording", Place::Relayed, Basis::Meeting, Recipients::Meeting, {"rooms.recording"},
       {"recording-start", "recording-stop", "recording-consent"}, {}},
      {Breakouts, "breakouts", Place::Memory, Basis::Meeting, Recipients::Meeting, {},
       {"breakout-create", "breakout-assign", "breakout-open", "breakout-close", "breakout-broadcast",
        "breakout-move"}, {}},
      {E2eeKeys, "e2ee-keys", Place::Relayed, Basis::Security, Recipients::Meeting, {},
       {"e2ee-announce", "e2ee-key"}, {}},
      {PlainMedia, "plain-media", Place::Memory, Basis::Meeting, Recipients::Meeting, {},
       {"e2ee-plain-media"}, {}},
      {Door, "door", Place::Memory, Basis::Meeting, Recipients::Moderators,
       {"rooms.lobby", "rooms.policy", "rooms.max_waiting", "rooms.waiting_timeout_seconds"},
       {"room-access", "admit", "deny", "admit-all"}, {}},
      {MeetingPin, "meeting-pin", Place::Memory, Basis::Security, Recipients::Nobody, {},
       {"pin", "join"}, {}},
      {Moderation, "moderation", Place::Memory, Basis::Meeting, Recipients::Meeting, {},
       {"mute", "mute-all", "allow-unmute", "stop-camera", "remove", "set-role", "end-meeting",
        "room-settings", "lower-hand", "lower-hands"}, {}},
      {ReconnectTokens, "reconnect-tokens", Place::Memory, Basis::Meeting, Recipients::Nobody,
       {"rooms.reconnect_grace_seconds"}, {"resume"}, {}},
      {ConnectionData, "connection-data", Place::Memory, Basis::Meeting, Recipients::Nobody,
       {"http.listen", "http.port", "http.join_timeout_seconds", "media.bind", "media.port",
        "media.announce"},
       {"answer", "restart-media"}, {}},
      {ConnectionCounts, "connection-counts", Place::Memory, Basis::Security, Recipients::Nobody,
       {"http.max_connections", "http.max_connections_per_address", "http.max_websockets_per_address"},
       {}, {}},
      {LoginThrottle, "login-throttle", Place::Memory, Basis::Security, Recipients::Nobody,
       {"login.password_workers"}, {}, {}},
      {Accounts, "accounts", Place::Database, Basis::Organizers, Recipients::Operator,
       {"storage.data_dir", "storage.postgres_url", "storage.postgres_password_file",
        "retention.accounts_unused_days"},
       {}, {"users"}},
      {LoginSessions, "login-sessions", Place::Database, Basis::Security, Recipients::Operator, {}, {},
       {"sessions"}},
      {AuditLog, "audit-log", Place::Database, Basis::Accountability, Recipients::Operator,
       {"retention.audit_days"}, {}, {"audit_log"}},
      {SecondFactors, "second-factors", Place::Database, Basis::Security, Recipients::Operator,
       {"login.require_second_factor", "login.second_factor_issuer"}, {}, {"second_factors", "recovery_codes"}},
      {PendingLogins, "pending-logins", Place::Memory, Basis::Security, Recipients::Nobody, {}, {}, {}},
      {SingleSignOn, "single-sign-on", Place::Database, Basis::Organizers, Recipients::Operator,
       {"oidc.issuer", "oidc.client_id", "oidc.client_secret", "oidc.public_origin", "oidc.provider_name",
        "oidc.scopes", "oidc.organizer_claim", "oidc.organizer_values", "oidc.display_name_claim",
        "oidc.client_auth", "oidc.ca_file"},
       {}, {"sso_identities"}},
      {SingleSignOnLogins, "single-sign-on-logins", Place::Memory, Basis::Security, Recipients::Nobody, {}, {}, {}},
      {Log, "log", Place::Log, Basis::Operation, Recipients::Operator,
       {"log.level", "log.dir", "retention.log_days"}, {}, {}},
      {Metrics, "metrics", Place::Memory, Basis::Operation, Recipients::Scrapers, {"metrics.listen", "metrics.token"},
       {}, {}},
      {LoadSamples, "load-samples", Place::Memory, Basis::Operation, Recipients::Operator, {}, {}, {}},
      {Coordination, "cluster-coordination", Place::Redis, Basis::Security, Recipients::Operator,
       {"cluster.redis_url", "cluster.redis_password_file", "cluster.secret_file", "cluster.node_id",
        "cluster.public_address"},
       {}, {}},
      {TurnRelay, "turn-relay", Place::Relayed, Basis::Meeting, Recipients::Nobody,
       {"turn.enabled", "turn.port", "turn.secret", "turn.bandwidth_kbps", "turn.max_allocations",
        "turn.external_url", "turn.external_secret"}, {}, {}},
  };
  // clang-format on
  for (auto& fact : facts) {
    if (fact.id == Metrics) fact.active = !in.metricsListen.empty();
    if (fact.id == SingleSignOn || fact.id == SingleSignOnLogins) fact.active = in.singleSignOn;
    if (fact.id == Coordination) fact.active = in.cluster;
    if (fact.id == TurnRelay) fact.active = in.turnRelay;
  }
  return facts;
}

std::vector<MeasureId> measures(const ReportInput& in) {
  using enum MeasureId;
  std::vector<MeasureId> all{Transport, MediaTransport, EndToEnd,  MemoryOnly,
                             Passwords, Files,          Retention, Logging};
  if (!in.metricsListen.empty()) all.push_back(Metrics);
  all.push_back(NoThirdParties);
  all.push_back(Updates);
  return all;
}

}  // namespace vicos::privacy
