// The privacy report in English, for operators and auditors who do not read German.
#include <ctime>

#include "privacy/report_language.hpp"

namespace vicos::privacy::detail {
namespace {

std::string orMissing(const std::string& value, const char* key) {
  return value.empty() ? std::string("[not configured: ") + key + "]" : value;
}

std::string days(unsigned n) {
  if (n == 0) return "without limit (no automatic deletion)";
  return std::to_string(n) + (n == 1 ? " day" : " days");
}

std::string date(store::UnixSeconds t) {
  const time_t seconds = static_cast<time_t>(t);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

std::string addressMode(log::AddressMode mode) {
  switch (mode) {
    case log::AddressMode::Hidden: return "no IP addresses (default)";
    case log::AddressMode::Shortened: return "shortened IP addresses (IPv4 /24, IPv6 /48)";
    case log::AddressMode::Full: return "full IP addresses (debugging)";
  }
  return "";
}

std::string warning(WarningId id, const ReportInput& in) {
  switch (id) {
    case WarningId::LogAddressesFull:
      return "Full IP addresses are logged (log.addresses = full). This setting is meant for debugging "
             "only; set it back to \"hidden\" afterwards (P27).";
    case WarningId::LogAddressesShortened:
      return "IP addresses are logged shortened (log.addresses = shortened). This is justifiable for "
             "handling abuse if you document that purpose; otherwise use \"hidden\" (P27).";
    case WarningId::SelfSignedCertificate:
      return "No TLS certificate is configured; the server uses a self-signed one. Browsers warn, and "
             "participants cannot verify the server's identity. Configure a certificate "
             "(http.cert_file, http.key_file).";
    case WarningId::LogRetentionLong:
      return "Log files are kept " + days(in.retention.logDays) + " (retention.log_days). At most 30 "
             "days are recommended; the default is 7 days (P27).";
    case WarningId::AuditRetentionForever:
      return "Audit log entries are never deleted (retention.audit_days = 0). Set a period.";
    case WarningId::AccountRetentionForever:
      return "Unused organizer accounts are never deleted (retention.accounts_unused_days = 0). Set a period.";
    case WarningId::NoticeUrlMissing:
      return "No privacy notice address is configured (privacy.notice_url); the start and pre-join pages "
             "cannot link to it (P31).";
    case WarningId::ImprintUrlMissing:
      return "No imprint address is configured (privacy.imprint_url) (P31).";
    case WarningId::ServerLocationMissing:
      return "The server location is not set (privacy.server_location). The record of processing "
             "activities and the privacy notice need it.";
    case WarningId::ControllerMissing:
      return "The controller is not set (privacy.controller, privacy.controller_contact).";
    case WarningId::OpenRooms:
      return "Anyone who knows or guesses a room name can start or join a meeting (rooms.policy = "
             "\"open\"). With \"organizer\", meetings start only when a logged-in organizer joins (P12).";
  }
  return "";
}

}  // namespace

Report buildReportEn(const ReportInput& in) {
  Report r;
  r.title = "Privacy report of this vicos installation";
  r.intro = "Generated on " + date(in.generatedAt) + " by vicos " + in.version +
            " from the running configuration and the database. This report is a draft for your record "
            "of processing activities (Art. 30 GDPR) and your description of technical and "
            "organisational measures (Art. 32 GDPR). Review and complete it, in particular with the "
            "legal bases, before you use it.";
  for (WarningId id : findWarnings(in)) r.warnings.push_back(warning(id, in));

  const std::string db = in.dataDir + "/vicos.db";
  r.categories = {
      {"Participants' display names", "freely chosen name, role, microphone and camera state",
       "shown in the meeting", "memory only",
       "until the participant leaves; whoever waits to be let in, at most " +
           std::to_string(in.waitingTimeoutSeconds) + " seconds (rooms.waiting_timeout_seconds)",
       false},
      {"Connection data",
       "IP address and port (for media: up to 8 checked addresses per participant), ICE credentials, "
       "DTLS fingerprint",
       "setting up and running the encrypted connection", "memory only",
       "while connected; a media address no longer used, 30 seconds after its last check", false},
      {"Audio, video and screen sharing", "participants' media streams", "forwarding to the other participants",
       "memory only (a short buffer for retransmissions); no recording", "a few seconds", false},
      {"Room names", "the meeting room's name from the link", "matching participants to the meeting",
       "memory only", "until the meeting ends", false},
      {"Chat messages", "not available yet; planned: messages of the meeting (P26)", "exchange during the meeting",
       "memory only", "until the meeting ends", false},
      {"Organizer accounts", "login, display name, Argon2id password hash, creation and last login time",
       "organizer login (P7)", "SQLite database " + db,
       "until deleted; unused accounts after " + days(in.retention.accountsUnusedDays), true},
      {"Audit log", "time, actor (operator, retention job or login), action, affected account; no IP "
       "addresses, no meeting content", "accountability of administrative actions (P20)", "SQLite database " + db,
       days(in.retention.auditDays), true},
      {"Organizer login sessions", "SHA-256 of the session cookie's random token, login, creation and expiry time",
       "keeping an organizer logged in (P7)", "SQLite database " + db,
       std::to_string(in.retention.sessionHours) + " hours after login; expired ones are deleted by the retention job",
       true},
      {"Login throttling", "failed login attempts per account, per source address (IPv6: its /64) "
       "and per pair of both, with the time of the next allowed attempt; password checks in progress "
       "per source address", "slowing down password guessing (P7)", "memory only; never logged",
       "failed attempts until an hour after the last one, checks until done; or a restart", false},
      {"Connection counts per address", "source address (IPv4; IPv6: its /64) of open connections, "
       "how many are open", "limiting how many connections one address may hold (overload protection)",
       "memory only; never logged", "as long as a connection from the address is open", false},
  };
  if (!in.logDir.empty())
    r.categories.push_back({"Log files", "time, component, message; " + addressMode(in.logAddresses),
                            "operation and debugging", "daily files in " + in.logDir, days(in.retention.logDays),
                            true});
  else
    r.categories.push_back({"Operational log", "time, component, message; " + addressMode(in.logAddresses),
                            "operation and debugging", "standard error (to the service manager, e.g. "
                            "systemd-journald)", "as set in the service manager", true});

  r.sections.push_back({"Controller and server location",
                        {"Controller: " + orMissing(in.controller, "privacy.controller"),
                         "Contact: " + orMissing(in.controllerContact, "privacy.controller_contact"),
                         "Server location: " + orMissing(in.serverLocation, "privacy.server_location"),
                         "Data directory: " + in.dataDir,
                         "Stored organizer accounts: " + std::to_string(in.accountCount),
                         "Privacy notice: " + orMissing(in.noticeUrl, "privacy.notice_url"),
                         "Imprint: " + orMissing(in.imprintUrl, "privacy.imprint_url")}});
  r.sections.push_back(
      {"Recipients and third-country transfers",
       {"There are no recipients outside your own infrastructure and no transfers to third countries. "
        "vicos runs entirely on the server you chose, with no licence server and no callback to anyone "
        "(P32); it sends no telemetry (P28).",
        "Browsers load pages, scripts and fonts from this server only. There are no requests to third "
        "parties: no CDN, no web fonts, no analytics or error reporting, no public STUN server (P6)."}});
  r.sections.push_back(
      {"Technical and organisational measures",
       {"Transport encryption: HTTPS and signaling only over TLS 1.3, or TLS 1.2 with ECDHE and AEAD "
        "ciphers (AES-GCM, ChaCha20-Poly1305), following BSI TR-02102-2; older protocols are disabled and "
        "there is no plaintext access (P1). Certificate: " +
            std::string(in.certificateConfigured ? "configured by the operator." : "self-signed (none configured)."),
        "Media encryption: audio and video over DTLS-SRTP, preferring AEAD_AES_128_GCM (RFC 7714), "
        "otherwise AES_CM_128_HMAC_SHA1_80 (RFC 3711). Encryption runs between browser and server; the "
        "server decrypts media to forward it but never stores it. End-to-end encryption (P3) is not "
        "implemented yet.",
        "Meetings: rooms, participant lists and display names exist in memory only and disappear with "
        "the meeting; none of it is written to disk or to logs (P29).",
        "Passwords: Argon2id (t = 3, m = 64 MiB, p = 1) with a random salt; checking an unknown login "
        "takes as long as checking a known one (P7).",
        "Files: the database and log files are readable only by the server's user account (mode 0600, "
        "directories 0700). Deleted rows are overwritten in the database file.",
        "Retention: a retention job deletes expired data at start and every 6 hours and records each run "
        "in the audit log (P30). Last run: " +
            (in.lastRetentionRun ? date(*in.lastRetentionRun) : std::string("none yet")) + "."}});
  r.sections.push_back(
      {"Logging",
       {"IP addresses in logs: " + addressMode(in.logAddresses) + ". Display names and meeting content "
        "are never logged (P27).",
        in.logDir.empty() ? "Destination: standard error. Your service manager (e.g. systemd-journald) "
                            "decides how long it is kept; set a short period there."
                          : "Destination: daily files vicos-YYYY-MM-DD.log in " + in.logDir +
                                "; kept " + days(in.retention.logDays) + "."}});
  r.sections.push_back(
      {"Data subject rights",
       {"Access and portability (Art. 15 and 20 GDPR): `vicos user export <login>` prints everything "
        "stored about an account as JSON.",
        "Erasure (Art. 17 GDPR): `vicos user delete <login>` erases the account and every entry naming "
        "it; only a pseudonymous audit entry remains (P30).",
        "Guests have no account; nothing about them is stored (P10)."}});

  const std::string contact = orMissing(in.controllerContact, "privacy.controller_contact");
  std::string logSentence;
  switch (in.logAddresses) {
    case log::AddressMode::Hidden: logSentence = "Our server logs contain no IP addresses."; break;
    case log::AddressMode::Shortened:
      logSentence = "To handle abuse, we keep shortened IP addresses (IPv4 /24, IPv6 /48) in server logs."; break;
    case log::AddressMode::Full:
      logSentence = "For debugging, we currently keep full IP addresses in server logs."; break;
  }
  if (!in.logDir.empty() && in.retention.logDays > 0)
    logSentence += " Logs are deleted after " + days(in.retention.logDays) + ".";
  r.noticeHeading = "Template: privacy notice for video meetings";
  r.notice =
      "The controller is " + orMissing(in.controller, "privacy.controller") + " (" + contact + ").\n\n"
      "For video meetings we use vicos, which we run ourselves on a server in " +
      orMissing(in.serverLocation, "privacy.server_location") +
      ". We transfer no data to third parties or third countries.\n\n"
      "When you take part in a meeting, we process the display name you choose, your IP address and your "
      "audio and video to hold the meeting. We process these in memory only, without storing them; they "
      "are gone when you leave. You need neither an account nor an e-mail address to take part. " +
      logSentence + "\n\n"
      "For organizers we store the login, display name, a password hash and the times of creation and "
      "last login. " +
      (in.retention.accountsUnusedDays == 0
           ? std::string("Accounts are kept until they are deleted. ")
           : "Accounts unused for " + days(in.retention.accountsUnusedDays) + " are deleted. ") +
      "We keep administrative actions in the audit log for " + days(in.retention.auditDays) + ".\n\n"
      "Legal basis: [to be completed by the controller, e.g. Art. 6(1)(b) or (f) GDPR].\n\n"
      "You have the right of access, rectification, erasure, restriction of processing, data portability "
      "and objection, and the right to lodge a complaint with a supervisory authority. Contact " + contact +
      " for these.";
  return r;
}

}  // namespace vicos::privacy::detail
