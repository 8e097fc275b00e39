// The privacy report's words in English, for operators and auditors who do not read German.
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

std::string seconds(unsigned n) { return std::to_string(n) + (n == 1 ? " second" : " seconds"); }

// Where the accounts are kept: the SQLite file, or storage.postgres_url's database (P33).
std::string databasePlace(const ReportInput& in) {
  if (in.postgresDatabase.empty()) return "SQLite database " + in.dataDir + "/vicos.db";
  return "PostgreSQL database " + in.postgresDatabase + " on " +
         (in.postgresHost.empty() ? "this machine" : in.postgresHost);
}

std::string date(store::UnixSeconds t) {
  const time_t s = static_cast<time_t>(t);
  tm utc{};
  gmtime_r(&s, &utc);
  char text[40];
  strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

class English final : public Words {
 public:
  std::string title() const override { return "Privacy report of this vicos installation"; }

  std::string intro(const ReportInput& in) const override {
    return "Generated on " + date(in.generatedAt) + " by vicos " + in.version +
           " from the running configuration, the database and the facts the server's code works with. "
           "It is a draft for your record of processing activities (Art. 30 GDPR) and your description of "
           "technical and organisational measures (Art. 32 GDPR). The legal bases are proposals: choose "
           "and document your own (docs/dpo/legal-bases.en.md), and review the whole before you use it.";
  }

  std::string warning(WarningId id, const ReportInput& in) const override {
    switch (id) {
      case WarningId::LogToJournal:
        return "Logs go to standard error, that is to your service manager (e.g. systemd-journald), "
               "not to files vicos deletes itself. How long they are kept is your duty: set a short "
               "retention there (e.g. MaxRetentionSec=7day in journald.conf), or set log.dir so that "
               "vicos deletes its log files after retention.log_days (P27).";
      case WarningId::SelfSignedCertificate:
        return "No TLS certificate is configured; the server uses a self-signed one. Browsers warn, and "
               "participants cannot verify the server's identity. Configure a certificate "
               "(http.cert_file, http.key_file).";
      case WarningId::LogRetentionLong:
        return "Log files are kept " + days(in.retention.logDays) +
               " (retention.log_days). At most 30 "
               "days are recommended; the default is 7 days (P27).";
      case WarningId::AuditRetentionForever:
        return "Audit log entries are never deleted (retention.audit_days = 0). Set a period.";
      case WarningId::AccountRetentionForever:
        return "Unused organizer accounts are never deleted (retention.accounts_unused_days = 0). Set a "
               "period.";
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

  FactWords fact(FactId id, const ReportInput& in) const override {
    // With storage.postgres_url every node keeps the same tables there, with the same retention.
    const std::string shared =
        in.postgresDatabase.empty() ? "" : ", shared by the nodes of this installation";
    const std::string db = databasePlace(in) + shared;
    switch (id) {
      case FactId::Participants:
        return {"Participants",
                "display name (reaches the server only end-to-end encrypted), role, "
                "microphone, camera and screen state, raised hand",
                "showing who takes part in the meeting (P13)", "server memory",
                "until the participant leaves; after a dropped connection " +
                    seconds(in.reconnectGraceSeconds) + " more (rooms.reconnect_grace_seconds)"};
      case FactId::RoomNames:
        return {"Room names", "the meeting room's name from the link",
                "matching participants to their meeting", "server memory",
                "until the last participant leaves"};
      case FactId::Media:
        return {"Audio, video and screen sharing",
                "media frames, end-to-end encrypted by the browsers; the server reads only the RTP headers "
                "(including the audio level, for the active speaker of the moment and for choosing the loudest "
                "voices each participant hears)",
                "forwarding to the other participants",
                "forwarded as they arrive; a buffer of a few seconds "
                "for retransmissions; never recorded",
                "seconds"};
      case FactId::Reactions:
        return {"Reactions", "which of six fixed reactions (for example applause) a participant sent",
                "showing a reaction over the sender's tile for a few seconds",
                "relayed to the meeting as it arrives, not end-to-end encrypted (a fixed token); never kept",
                "none beyond relaying"};
      case FactId::TileViews:
        return {"Tile views",
                "which participants' videos a participant's page shows, each tile's size in pixels and "
                "whether it is the speaker's or pinned",
                "sending each participant only the videos it shows, no larger than their tiles "
                "(saves bandwidth on slow links)",
                "server memory, only the latest view; never logged, never passed on",
                "until the next view or the end of the participation"};
      case FactId::Polls:
        return {"Polls",
                "question, answers and votes, end-to-end encrypted (the server cannot read them); "
                "who asked each poll, whether it is anonymous, who voted in it and when",
                "asking questions during the meeting and showing the results",
                "relayed to the meeting as they arrive; in server memory per poll its id, asker, "
                "whether it is open, and who holds which ballot; for anonymous polls the others are "
                "not told who voted; never on disk, not in logs",
                "until the meeting ends"};
      case FactId::Recording:
        return {"Recording with consent",
                "that a moderator records the meeting, and each participant's answer to the question "
                "whether they may be recorded; the recording itself (the video and audio of the moderator "
                "and of those who agreed) is made and saved only in that moderator's browser (P25)",
                "telling everyone before and while a meeting is recorded, and leaving out whoever declines; "
                "on this server recording is " +
                    std::string(in.recording ? "allowed" : "off") + " (rooms.recording, default off)",
                "the server relays the start, the stop and each answer as they arrive (answers to the "
                "recording moderator only) and keeps in memory only whose browser records; it never "
                "receives, stores or logs the recording",
                "until the recording stops; the file: as long as the moderator keeps it"};
      case FactId::Breakouts:
        return {"Breakout rooms",
                "the names of the breakout rooms a moderator created and which participant is in which; "
                "for the limits on moves and messages a fill level and a time; a moderator's message to "
                "all rooms, end-to-end encrypted",
                "splitting the meeting into smaller groups and bringing them back",
                "server memory; the message to all rooms is relayed as it arrives and never kept",
                "until the participant leaves or the meeting ends"};
      case FactId::Chat:
        return {"Chat messages", "messages to everyone and private ones, end-to-end encrypted",
                "exchange during the meeting (P26)",
                "relayed to the recipients as they arrive; never kept, "
                "not on disk, not in logs",
                "none beyond relaying"};
      case FactId::E2eeKeys:
        return {"End-to-end encryption keys",
                "each participant's public key for this meeting, media keys "
                "wrapped for one recipient each; the key in the link's fragment never reaches the server",
                "end-to-end encryption of media, names and chat (P3)",
                "relayed to the participants; "
                "the server cannot unwrap them",
                "until the participant leaves"};
      case FactId::PlainMedia:
        return {"Participants without end-to-end encrypted media",
                "the fact that a browser cannot encrypt media, a moderator's signed decision to let it in; "
                "that participant's media then reaches the server decrypted by DTLS-SRTP only",
                "letting someone whose browser cannot encrypt take part, only by a moderator's explicit "
                "decision that every participant sees (P5)",
                "server memory", "until the meeting ends"};
      case FactId::Door:
        return {"Lobby and waiting list",
                "who waits at the door (encrypted display name) and why, whether the "
                "lobby is on (default for new rooms: " +
                    std::string(in.lobbyDefault ? "on" : "off") + ", rooms.lobby) and the room is locked",
                "moderators admit or deny each newcomer (P12)", "server memory",
                "while waiting, at most " + seconds(in.waitingTimeoutSeconds) +
                    " (rooms.waiting_timeout_seconds)"};
      case FactId::MeetingPin:
        return {"Meeting PIN", "the PIN a moderator sets, wrong attempts per connection and per room",
                "keeping people without the PIN out (P11)", "server memory; never logged",
                "until the meeting ends; wrong attempts of a room for an hour"};
      case FactId::Moderation:
        return {"Moderation", "roles, mutes and stopped cameras, who was removed (for organizers: the login)",
                "moderating the meeting (P19)", "server memory", "until the meeting ends"};
      case FactId::ReconnectTokens:
        return {"Reconnect tokens",
                "128 random bits per participant that let a dropped connection take its "
                "place back",
                "resuming after a network change without a new join", "server memory; never logged",
                "until used or the participation ends"};
      case FactId::ConnectionData:
        return {"Connection data",
                "IP address and port (for media: up to " + std::to_string(in.mediaAddressesPerPeer) +
                    " checked addresses per participant), ICE credentials, DTLS fingerprint, the arrival "
                    "times of the last 2,048 media packets a participant sent (returned to their browser as "
                    "transport-cc feedback for its bandwidth estimate), the size and send time of the last 2,048 "
                    "media packets sent to a participant with the arrival times their browser reports (for "
                    "the estimate of their downlink)",
                "setting up and running the encrypted connections", "server memory; never logged",
                "while connected; a media address no longer used, " + seconds(in.mediaAddressForgetSeconds) +
                    " after its last check; a media connection over TCP that passes no check, " +
                    seconds(in.mediaTcpCheckSeconds) + " after it opened"};
      case FactId::ConnectionCounts:
        return {"Connection counts per address",
                "source address (IPv4; IPv6: its /64) of open connections, "
                "how many are open",
                "limiting how many connections one address may hold (overload protection)",
                "server memory; never logged", "as long as a connection from the address is open"};
      case FactId::LoginThrottle:
        return {
            "Login throttling",
            "failed login attempts per account, per source address (IPv6: its /64) "
            "and per pair of both, with the time of the next allowed attempt; password checks in progress "
            "per source address",
            "slowing down password guessing (P7)", "server memory; never logged",
            "failed attempts until " + std::to_string(in.loginForgetMinutes) +
                " minutes after the last one, checks until done; or a restart"};
      case FactId::Accounts:
        return {"Organizer accounts",
                "login, display name, Argon2id password hash, creation and last login time, "
                "admin role, disabled flag",
                "organizer login (P7)", db,
                "until deleted; unused accounts after " + days(in.retention.accountsUnusedDays) +
                    " (retention.accounts_unused_days)"};
      case FactId::LoginSessions:
        return {"Organizer login sessions",
                "SHA-256 of the session cookie's random token, login, creation and "
                "expiry time",
                "keeping an organizer logged in (P7)", db,
                std::to_string(in.retention.sessionHours) + " hours after login; deleted with the account"};
      case FactId::AuditLog:
        return {"Audit log",
                "time, actor (operator, retention job or login), action (including logins and second "
                "factors), affected account (an erased one by a random token nothing links back); no IP "
                "addresses, no meeting content",
                "accountability of administrative actions and logins (P20); where organizers are employees, the login "
                "entries can show behaviour and performance: involve the works council (§ 87(1) no. 6 BetrVG)",
                db,
                days(in.retention.auditDays) + " (retention.audit_days)"};
      case FactId::SecondFactors:
        return {"Second factors of organizers",
                "for an authenticator app the TOTP key and the last time step used; for a passkey the "
                "credential id, public key, algorithm and signature counter; label, creation and last "
                "use; SHA-256 of up to 10 one-time recovery codes. No device model, no biometrics",
                std::string("a second factor at organizer login (P8); ") +
                    (in.secondFactorRequired ? "required for every organizer (login.require_second_factor)"
                                             : "optional for each organizer (login.require_second_factor)"),
                db, "until removed by the organizer or the operator (vicos user reset-2fa); deleted with the account"};
      case FactId::PendingLogins:
        return {"Logins waiting for the second factor",
                "SHA-256 of a random handle, the login, a passkey challenge, the wrong attempts; during "
                "enrolment the new TOTP key or passkey challenge",
                "the second step of an organizer login (P8)", "server memory; never logged",
                "at most 5 minutes; gone on success, after 5 wrong attempts or at a restart"};
      case FactId::SingleSignOn:
        return {"Single sign-on accounts",
                "from the organization's identity provider: issuer, subject identifier and display name; "
                "group or role claims are read once for the decision and not kept; tokens are never stored",
                "organizer login with the organization's identity provider (P9)", db,
                "as organizer accounts: until deleted; unused accounts after " +
                    days(in.retention.accountsUnusedDays) + " (retention.accounts_unused_days)"};
      case FactId::SingleSignOnLogins:
        return {"Single sign-ons under way",
                "random state, nonce and PKCE verifier, the source address (IPv6: its /64) for a bound, "
                "start time",
                "protecting the sign-on against forged and replayed answers", "server memory; never logged",
                "at most 10 minutes; gone when the sign-on ends"};
      case FactId::Log:
        return {"Operational log",
                "time, level, component, message; never an IP address, login, display name "
                "or room name (P27)",
                "operation and debugging",
                in.logDir.empty() ? "standard error, to the service manager (e.g. systemd-journald)"
                                  : "daily files vicos-YYYY-MM-DD.log in " + in.logDir,
                in.logDir.empty() ? "as your service manager keeps it: your duty (see Warnings)"
                                  : days(in.retention.logDays) + " (retention.log_days)"};
      case FactId::Metrics:
        return {"Operational metrics",
                "counts summed over the server or a media worker; no person, room or "
                "address",
                "watching the service's health (P28)",
                "computed when read at http://" + in.metricsListen + "/metrics; not stored by vicos",
                "not kept by vicos; as long as your monitoring keeps it"};
      case FactId::LoadSamples:
        return {"Load history of the admin page",
                "per minute: rooms open, participants, packets received and forwarded per second, "
                "queued tasks; counts only, no person, room or address",
                "graphs of the last hours for admins (/admin)", "server memory only",
                "6 hours (360 samples), then overwritten; gone at a restart"};
      case FactId::Coordination:
        return {"Coordination of several nodes",
                "in Redis (cluster.redis_url), every key with a time to live: each node's id, public "
                "address, media addresses and load; per open room its owner node, under an HMAC-SHA256 "
                "of the room name (key in cluster.secret_file), never the name, and how many people are in "
                "it on each node; failed login and PIN "
                "attempts counted under HMACs of the account, the address (IPv6: its /64), both together "
                "or the room. No display name, no IP address of a participant, no content",
                "one room on one node; throttling password and PIN guessing across all nodes (P7, P11)",
                "Redis (TLS, rediss://, whenever it runs on another machine); never logged",
                "node entries and room owners " + std::to_string(in.clusterTtlSeconds) +
                    " seconds after the last heartbeat (renewed every few seconds while the node runs and "
                    "the room is open); failure counts " +
                    std::to_string(in.loginForgetMinutes) + " minutes after the last failure"};
      case FactId::TurnRelay:
        return {"TURN relay",
                "for participants whose network blocks direct media: their address and port, a "
                "credential with a random tag and its expiry (never their name or id), the relay port "
                "given to them, which media addresses of this server they may reach, and how many bytes "
                "they relayed in the last second (for the cap); the media itself passes through still "
                "encrypted (DTLS-SRTP, and end-to-end where on)",
                "reaching the meeting from networks that allow nothing but HTTPS or a proxy",
                "server memory; never logged; relays reach only this server's media addresses",
                "while the relay is in use, at most its lifetime (1 hour, refreshed) and the credential's "
                "4 hours; with the connection for TURN over TCP or TLS"};
    }
    return {};
  }

  std::string place(Place p) const override {
    switch (p) {
      case Place::Memory: return "memory only";
      case Place::Relayed: return "relayed, not kept";
      case Place::Database: return "database";
      case Place::Log: return "log";
      case Place::Redis: return "Redis (coordination of the nodes)";
    }
    return "";
  }

  std::string basis(Basis b) const override {
    switch (b) {
      case Basis::Meeting: return "Art. 6(1)(b), (e) or (f) GDPR: holding the meeting (your choice)";
      case Basis::Organizers: return "Art. 6(1)(b) GDPR or a works agreement: the organizer's role";
      case Basis::Security: return "Art. 6(1)(f) with Art. 32 GDPR: security of the service";
      case Basis::Accountability: return "Art. 6(1)(c) or (f) with Art. 5(2) GDPR: accountability";
      case Basis::Operation: return "Art. 6(1)(f) GDPR: operating the service";
    }
    return "";
  }

  std::string recipients(Recipients r) const override {
    switch (r) {
      case Recipients::Meeting: return "the other participants of the meeting";
      case Recipients::Moderators: return "the meeting's moderators";
      case Recipients::Nobody: return "nobody";
      case Recipients::Operator: return "your administrators";
      case Recipients::Scrapers: return "whoever you let read the metrics";
    }
    return "";
  }

  std::string heading(SectionId id) const override {
    switch (id) {
      case SectionId::Controller: return "Controller and server location";
      case SectionId::Recipients: return "Recipients and third-country transfers";
      case SectionId::Measures: return "Technical and organisational measures";
      case SectionId::Logging: return "Logging";
      case SectionId::Rights: return "Data subject rights";
    }
    return "";
  }

  std::vector<std::string> controller(const ReportInput& in) const override {
    return {"Controller: " + orMissing(in.controller, "privacy.controller"),
            "Contact: " + orMissing(in.controllerContact, "privacy.controller_contact"),
            "Server location: " + orMissing(in.serverLocation, "privacy.server_location"),
            "Data directory: " + in.dataDir,
            "Accounts and audit log: " + databasePlace(in),
            "Stored organizer accounts: " + std::to_string(in.accountCount),
            "Privacy notice: " + orMissing(in.noticeUrl, "privacy.notice_url"),
            "Imprint: " + orMissing(in.imprintUrl, "privacy.imprint_url"),
            "Software: vicos " + in.version};
  }

  std::string recipientsParagraph(Recipients r, const std::string& names) const override {
    switch (r) {
      case Recipients::Meeting: return "The other participants of the same meeting receive: " + names + ".";
      case Recipients::Moderators: return "Only the meeting's moderators see: " + names + ".";
      case Recipients::Nobody: return "Nobody receives, and only the server's memory holds: " + names + ".";
      case Recipients::Operator:
        return "Only your administrators, through the server's files, can read: " + names + ".";
      case Recipients::Scrapers:
        return "Whoever you let reach metrics.listen reads: " + names +
               " (keep it on loopback or a "
               "management network).";
    }
    return "";
  }

  std::string noThirdCountries() const override {
    return "There are no recipients outside your own infrastructure and no transfers to third countries: "
           "vicos runs entirely on the server you chose, with no licence server, no callback and no "
           "telemetry (P28, P32).";
  }

  std::string measure(MeasureId id, const ReportInput& in) const override {
    switch (id) {
      case MeasureId::Transport:
        return "Transport encryption: HTTPS and signaling only over TLS 1.3, or TLS 1.2 with ECDHE and AEAD "
               "ciphers, following BSI TR-02102-2; no plaintext access (P1). Certificate: " +
               std::string(
                   in.certificateConfigured
                       ? "configured by the operator; a renewed one is taken up on SIGHUP without a restart."
                       : "self-signed (none configured).");
      case MeasureId::MediaTransport:
        return "Media transport: audio and video over DTLS-SRTP, preferring AEAD_AES_128_GCM (RFC 7714), "
               "otherwise AES_CM_128_HMAC_SHA1_80 (RFC 3711).";
      case MeasureId::EndToEnd:
        return "End-to-end encryption is on by default for every meeting and cannot be switched off by the "
               "server: media frames, chat and display names are encrypted in the browsers with keys derived "
               "from the link's fragment (never sent to the server) and each participant's own keys; "
               "participants can compare safety codes (P3, P5). Only a moderator can let in someone whose "
               "browser cannot encrypt media (e2ee-plain-media); everyone sees it, and that person's media "
               "is then protected by DTLS-SRTP to the server only. Residual risk: the browser code that "
               "encrypts is served by this server, so whoever controls the server could serve code that "
               "leaks keys (docs/dpo/dpia.en.md).";
      case MeasureId::MemoryOnly:
        return "Meetings: rooms, participant lists, names, lobby, PIN and chat exist in memory only and "
               "disappear with the meeting; the meeting code cannot reach the database, and no log line "
               "names a person, a room or an address (P27, P29).";
      case MeasureId::Passwords:
        return "Passwords: Argon2id (t = 3, m = 64 MiB, p = 1) with a random salt; an unknown login costs as "
               "much as a known one; failed logins are throttled per account, per address and per both (P7).";
      case MeasureId::Files:
        return "Files: the database and log files are readable only by the server's user account (mode "
               "0600, directories 0700); deleted rows are overwritten in the database file.";
      case MeasureId::Retention:
        return "Retention: a retention job deletes expired accounts, sessions, audit entries and log files "
               "at start and every " +
               std::to_string(in.retentionIntervalHours) +
               " hours and records each run in the audit log (P30). Last run: " +
               (in.lastRetentionRun ? date(*in.lastRetentionRun) : std::string("none yet")) + ".";
      case MeasureId::Logging:
        return "Logs: no IP address, login, display name or room name in any log line, at every level; "
               "a test checks every log statement of the source (P27).";
      case MeasureId::Metrics:
        return "Metrics: " + in.metricsListen +
               " serves counts only, over plain HTTP; restrict who can "
               "reach it (P28).";
      case MeasureId::NoThirdParties:
        return "No third parties: browsers load pages, scripts and fonts from this server only; no CDN, "
               "web fonts, analytics, error reporting or public STUN server (P6); the server opens no "
               "connection to anyone but the participants' browsers.";
      case MeasureId::Updates:
        return "Updates: this is vicos " + in.version +
               "; releases and security fixes are listed in "
               "CHANGELOG.md, and docs/operations.md says how to learn of and apply them (P17).";
    }
    return "";
  }

  std::vector<std::string> logging(const ReportInput& in) const override {
    std::vector<std::string> out{
        "Content: time, level, component and message. No log line names an IP address, a login, a display "
        "name or a room, at any log level (P27)."};
    if (in.logDir.empty()) {
      out.push_back(
          "Destination: standard error, collected by your service manager (e.g. systemd-journald). "
          "vicos cannot delete these lines: the journal keeps them as long as it is configured to.");
      out.push_back(
          "⚠ Your duty: limit the journal's retention (e.g. MaxRetentionSec=7day, or a LogNamespace "
          "of its own for vicos) and document it in your record of processing; or set log.dir.");
    } else {
      out.push_back("Destination: daily files vicos-YYYY-MM-DD.log in " + in.logDir +
                    "; the retention job "
                    "deletes them after " +
                    days(in.retention.logDays) + ".");
    }
    return out;
  }

  std::vector<std::string> rights() const override {
    return {
        "Access and portability (Art. 15 and 20 GDPR): `vicos user export <login>` prints everything "
        "stored about an account as JSON.",
        "Erasure (Art. 17 GDPR): `vicos user delete <login>` erases the account and every entry naming it; "
        "its audit entries keep only a random token that nothing in the database links back to the person "
        "(P30).",
        "Guests have no account; nothing about them is stored, so there is nothing to export or erase "
        "(P10)."};
  }

  std::string noticeHeading() const override { return "Template: privacy notice for video meetings"; }

  std::string notice(const ReportInput& in) const override {
    const std::string contact = orMissing(in.controllerContact, "privacy.controller_contact");
    std::string logSentence = "Our server logs contain no IP addresses and no names.";
    if (!in.logDir.empty() && in.retention.logDays > 0)
      logSentence += " Logs are deleted after " + days(in.retention.logDays) + ".";
    return "The controller is " + orMissing(in.controller, "privacy.controller") + " (" + contact +
           ").\n\n"
           "For video meetings we use vicos, which we run ourselves on a server in " +
           orMissing(in.serverLocation, "privacy.server_location") +
           ". We transfer no data to third parties or third countries.\n\n"
           "When you take part in a meeting, we process the display name you choose, your IP address, your "
           "audio and video and your chat messages to hold the meeting. Audio, video, chat and names are "
           "end-to-end encrypted in your browser; our server forwards them without being able to read "
           "them (a moderator may let in someone whose browser cannot encrypt media; everyone sees that). We "
           "process all this in memory only, without storing it; it is gone when you leave. You "
           "need neither an account nor an e-mail address to take part. " +
           logSentence +
           "\n\n"
           "For organizers we store the login, display name, a password hash, login sessions and the times "
           "of creation and last login. " +
           (in.retention.accountsUnusedDays == 0
                ? std::string("Accounts are kept until they are deleted. ")
                : "Accounts unused for " + days(in.retention.accountsUnusedDays) + " are deleted. ") +
           "We keep logins and administrative actions in the audit log for " + days(in.retention.auditDays) +
           ".\n\n"
           "Legal basis: [to be completed by the controller, e.g. Art. 6(1)(b), (e) or (f) GDPR].\n\n"
           "You have the right of access, rectification, erasure, restriction of processing, data "
           "portability "
           "and objection, and the right to lodge a complaint with a supervisory authority. Contact " +
           contact + " for these.";
  }
};

}  // namespace

const Words& englishWords() {
  static const English words;
  return words;
}

}  // namespace vicos::privacy::detail
