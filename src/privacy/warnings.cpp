// Which settings weaken privacy: the checks behind the report's warnings.
#include "privacy/privacy_report.hpp"

namespace vicos::privacy {

std::vector<WarningId> findWarnings(const ReportInput& input) {
  std::vector<WarningId> found;
  if (input.logDir.empty()) found.push_back(WarningId::LogToJournal);                   // P27
  if (!input.certificateConfigured) found.push_back(WarningId::SelfSignedCertificate);  // P1
  if (!input.logDir.empty() &&
      (input.retention.logDays == 0 || input.retention.logDays > kLongLogRetentionDays))
    found.push_back(WarningId::LogRetentionLong);  // P27
  if (input.retention.auditDays == 0) found.push_back(WarningId::AuditRetentionForever);
  if (input.retention.accountsUnusedDays == 0) found.push_back(WarningId::AccountRetentionForever);
  if (input.noticeUrl.empty()) found.push_back(WarningId::NoticeUrlMissing);    // P31
  if (input.imprintUrl.empty()) found.push_back(WarningId::ImprintUrlMissing);  // P31
  if (input.serverLocation.empty()) found.push_back(WarningId::ServerLocationMissing);
  if (input.controller.empty()) found.push_back(WarningId::ControllerMissing);
  if (input.openRooms) found.push_back(WarningId::OpenRooms);  // P12
  return found;
}

const char* warningKey(WarningId id) {
  switch (id) {
    case WarningId::LogToJournal: return "log_to_journal";
    case WarningId::SelfSignedCertificate: return "self_signed_certificate";
    case WarningId::LogRetentionLong: return "log_retention_long";
    case WarningId::AuditRetentionForever: return "audit_retention_forever";
    case WarningId::AccountRetentionForever: return "account_retention_forever";
    case WarningId::NoticeUrlMissing: return "privacy_notice_url_missing";
    case WarningId::ImprintUrlMissing: return "imprint_url_missing";
    case WarningId::ServerLocationMissing: return "server_location_missing";
    case WarningId::ControllerMissing: return "controller_missing";
    case WarningId::OpenRooms: return "open_rooms";
  }
  return "unknown";
}

}  // namespace vicos::privacy
