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

#include "common/log.hpp"
#include "room/room_limits.hpp"  // the default waiting time only (header-only)
#include "store/retention.hpp"
#include "store/wall_clock.hpp"

namespace vicos::privacy {

enum class Language { De, En };

// Everything the report states; the caller fills it from the configuration and database.
struct ReportInput {
  std::string version;
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
  // rooms.waiting_timeout_seconds: the longest anyone waits at the door
  unsigned waitingTimeoutSeconds = room::kDefaultWaitingTimeoutSeconds;
  // [log], [retention], [storage]
  log::AddressMode logAddresses = log::AddressMode::Hidden;
  std::string logDir;  // empty: standard error only
  store::RetentionPolicy retention;
  std::string dataDir;
  // From the database.
  int64_t accountCount = 0;
  std::optional<store::UnixSeconds> lastRetentionRun;
};

// Settings that weaken privacy, in the order the report lists them.
enum class WarningId {
  LogAddressesFull,
  LogAddressesShortened,
  SelfSignedCertificate,
  LogRetentionLong,     // log files kept over 30 days, or forever
  AuditRetentionForever,
  AccountRetentionForever,
  NoticeUrlMissing,     // P31
  ImprintUrlMissing,    // P31
  ServerLocationMissing,
  ControllerMissing,
  OpenRooms,            // P12
};

constexpr unsigned kLongLogRetentionDays = 30;

std::vector<WarningId> findWarnings(const ReportInput& input);
// Stable identifier for JSON ("log_addresses_full", ...).
const char* warningKey(WarningId id);

// One row of the record of processing: a category of personal data.
struct Category {
  std::string name;
  std::string data;       // which fields
  std::string purpose;
  std::string storage;    // where
  std::string retention;  // how long
  bool stored = false;    // false: in memory only
};

struct Section {
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
