// The privacy report (P33): from the running configuration and the database, a draft of the
// record of processing activities (Art. 30 GDPR), the technical and organisational measures
// and a privacy notice, in German and English, with a warning for every setting that
// weakens privacy.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "room/room_limits.hpp"  // the default waiting time only (header-only)
#include "store/retention.hpp"
#include "store/wall_clock.hpp"

namespace vicos::privacy {

enum class Language { De, En };

// Everything the report states; the caller fills it from the configuration, the database and
// the constants the server itself uses (src/app/admin_commands.cpp).
struct ReportInput {
  std::string version;  // "0.2.0 (commit 1a2b3c4d5e6f)" (P17)
  store::UnixSeconds generatedAt = 0;
  // [privacy]
  std::string serverLocation;  // e.g. "Frankfurt am Main, Germany"
  std::string controller;      // name of the controller (Art. 4 No. 7 GDPR)
  std::string controllerContact;
  std::string noticeUrl;   // privacy notice (P31)
  std::string imprintUrl;  // imprint (P31)
  // [http]
  bool certificateConfigured = false;  // false: a self-signed certificate is used
  // [rooms]
  bool openRooms = false;  // rooms.policy = "open": anyone with a room name may start a meeting
  bool lobbyDefault = room::kDefaultLobby;  // rooms.lobby (P12)
  bool recording = room::kDefaultRecording;  // rooms.recording (P25)
  // rooms.waiting_timeout_seconds: the longest anyone waits at the door
  unsigned waitingTimeoutSeconds = room::kDefaultWaitingTimeoutSeconds;
  unsigned reconnectGraceSeconds = room::kDefaultReconnectGraceSeconds;
  // [login], [oidc]
  bool secondFactorRequired = false;  // login.require_second_factor (P8)
  bool singleSignOn = false;          // oidc.issuer set (P9)
  // [turn]
  bool turnRelay = true;  // turn.enabled: the built-in TURN server relays for participants
  // [metrics]
  std::string metricsListen;  // empty: no metrics listener
  // [log], [retention], [storage]
  std::string logDir;  // empty: standard error only, kept by the service manager
  store::RetentionPolicy retention;
  std::string dataDir;
  // storage.postgres_url's database and host (empty: this machine); postgresDatabase empty: SQLite.
  std::string postgresDatabase;
  std::string postgresHost;
  // [cluster]: several nodes coordinated over Redis (cluster.redis_url set).
  bool cluster = false;
  unsigned clusterTtlSeconds = 0;  // cluster::NodeTiming::ttl: node entries and room claims
  // Constants of the server, from where the code keeps them.
  unsigned loginForgetMinutes =
      0;  // app::ThrottlePolicy: a login key is forgotten this long after its last failure
  unsigned mediaAddressesPerPeer = 0;      // ice::CandidatePairs::kMaxPairs
  unsigned mediaAddressForgetSeconds = 0;  // ice::CandidatePairs::kConsentTimeout
  unsigned mediaTcpCheckSeconds = 0;       // sfu::TcpLimits::checkTimeout (media over TCP)
  unsigned retentionIntervalHours = 0;     // how often `vicos serve` runs the retention job
  // From the database.
  int64_t accountCount = 0;
  std::optional<store::UnixSeconds> lastRetentionRun;
};

// Settings that weaken privacy, in the order the report lists them.
enum class WarningId {
  LogToJournal,  // P27: the service manager's retention applies, which vicos cannot see
  SelfSignedCertificate,
  LogRetentionLong,  // log files kept over 30 days, or forever
  AuditRetentionForever,
  AccountRetentionForever,
  NoticeUrlMissing,   // P31
  ImprintUrlMissing,  // P31
  ServerLocationMissing,
  ControllerMissing,
  OpenRooms,  // P12
};

constexpr unsigned kLongLogRetentionDays = 30;

std::vector<WarningId> findWarnings(const ReportInput& input);
// Stable identifier for JSON ("log_to_journal", ...).
const char* warningKey(WarningId id);

// One row of the record of processing: a processing fact (privacy/facts.hpp) in words.
struct Category {
  std::string key;  // Fact::key
  std::string name;
  std::string data;  // which fields
  std::string purpose;
  std::string basis;      // proposed legal basis
  std::string place;      // memory, relayed, database, log
  std::string storage;    // where exactly
  std::string retention;  // how long
  std::string recipients;
  std::vector<std::string> settings;  // configuration keys that switch it on or shape it
  bool stored = false;                // false: never written to disk by vicos
};

struct Section {
  std::string key;  // stable identifier ("measures", "logging", ...)
  std::string heading;
  std::vector<std::string> paragraphs;
};

struct Report {
  std::string title;
  std::string intro;
  std::vector<std::string> warnings;
  std::vector<Category> categories;
  std::vector<Section> sections;
  std::string noticeHeading;
  std::string notice;  // privacy notice template, filled from the configuration
};

Report buildReport(const ReportInput& input, Language language);
std::string renderMarkdown(const ReportInput& input, Language language);
nlohmann::json renderJson(const ReportInput& input, Language language);

}  // namespace vicos::privacy
