// Der Datenschutzbericht auf Deutsch (Sie-Form): die Hauptsprache, denn er richtet sich an
// Datenschutzbeauftragte deutscher Betreiber.
#include <ctime>

#include "privacy/report_language.hpp"

namespace vicos::privacy::detail {
namespace {

std::string orMissing(const std::string& value, const char* key) {
  return value.empty() ? std::string("[nicht konfiguriert: ") + key + "]" : value;
}

std::string days(unsigned n) {
  if (n == 0) return "unbegrenzt (keine automatische Löschung)";
  return std::to_string(n) + (n == 1 ? " Tag" : " Tage");
}

std::string date(store::UnixSeconds t) {
  const time_t seconds = static_cast<time_t>(t);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  strftime(text, sizeof text, "%d.%m.%Y, %H:%M UTC", &utc);
  return text;
}

std::string addressMode(log::AddressMode mode) {
  switch (mode) {
    case log::AddressMode::Hidden: return "keine IP-Adressen (Voreinstellung)";
    case log::AddressMode::Shortened: return "gekürzte IP-Adressen (IPv4 /24, IPv6 /48)";
    case log::AddressMode::Full: return "vollständige IP-Adressen (Fehlersuche)";
  }
  return "";
}

std::string warning(WarningId id, const ReportInput& in) {
  switch (id) {
    case WarningId::LogAddressesFull:
      return "Vollständige IP-Adressen werden protokolliert (log.addresses = full). Diese Einstellung "
             "ist nur zur Fehlersuche gedacht; stellen Sie sie danach wieder auf „hidden“ (P27).";
    case WarningId::LogAddressesShortened:
      return "IP-Adressen werden gekürzt protokolliert (log.addresses = shortened). Das ist zur "
             "Abwehr von Missbrauch vertretbar, wenn Sie diesen Zweck dokumentieren; sonst verwenden "
             "Sie „hidden“ (P27).";
    case WarningId::SelfSignedCertificate:
      return "Es ist kein TLS-Zertifikat konfiguriert; der Server verwendet ein selbst signiertes. "
             "Browser warnen dann, und Teilnehmende können die Identität des Servers nicht prüfen. "
             "Hinterlegen Sie ein Zertifikat (http.cert_file, http.key_file).";
    case WarningId::LogRetentionLong:
      return "Logdateien werden " + days(in.retention.logDays) + " aufbewahrt (retention.log_days). "
             "Empfohlen sind höchstens 30 Tage, voreingestellt sind 7 Tage (P27).";
    case WarningId::AuditRetentionForever:
      return "Einträge des Audit-Protokolls werden nie gelöscht (retention.audit_days = 0). "
             "Legen Sie eine Frist fest.";
    case WarningId::AccountRetentionForever:
      return "Ungenutzte Konten von Organisatoren werden nie gelöscht "
             "(retention.accounts_unused_days = 0). Legen Sie eine Frist fest.";
    case WarningId::NoticeUrlMissing:
      return "Es ist keine Adresse Ihrer Datenschutzerklärung konfiguriert (privacy.notice_url); die "
             "Start- und die Beitrittsseite können nicht auf sie verweisen (P31).";
    case WarningId::ImprintUrlMissing:
      return "Es ist keine Adresse Ihres Impressums konfiguriert (privacy.imprint_url) (P31).";
    case WarningId::ServerLocationMissing:
      return "Der Serverstandort ist nicht angegeben (privacy.server_location). Das Verzeichnis von "
             "Verarbeitungstätigkeiten und die Datenschutzerklärung benötigen ihn.";
    case WarningId::ControllerMissing:
      return "Der Verantwortliche ist nicht angegeben (privacy.controller, privacy.controller_contact).";
    case WarningId::OpenRooms:
      return "Jede Person, die einen Raumnamen kennt oder errät, kann eine Besprechung beginnen oder "
             "ihr beitreten (rooms.policy = \"open\"). Mit \"organizer\" beginnen Besprechungen erst, "
             "wenn eine angemeldete Organisatorin oder ein angemeldeter Organisator beitritt (P12).";
  }
  return "";
}

}  // namespace

Report buildReportDe(const ReportInput& in) {
  Report r;
  r.title = "Datenschutzbericht dieser vicos-Installation";
  r.intro = "Erzeugt am " + date(in.generatedAt) + " von vicos " + in.version +
            " aus der laufenden Konfiguration und der Datenbank. Dieser Bericht ist ein Entwurf für Ihr "
            "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO) und Ihre Beschreibung der "
            "technischen und organisatorischen Maßnahmen (Art. 32 DSGVO). Bitte prüfen und ergänzen Sie "
            "ihn, insbesondere um die Rechtsgrundlagen, bevor Sie ihn verwenden.";
  for (WarningId id : findWarnings(in)) r.warnings.push_back(warning(id, in));

  const std::string db = in.dataDir + "/vicos.db";
  r.categories = {
      {"Anzeigenamen der Teilnehmenden", "frei gewählter Name, Rolle, Status von Mikrofon und Kamera",
       "Anzeige in der Besprechung", "nur Arbeitsspeicher",
       "bis zum Verlassen der Besprechung; wer darauf wartet, eingelassen zu werden, höchstens " +
           std::to_string(in.waitingTimeoutSeconds) + " Sekunden (rooms.waiting_timeout_seconds)",
       false},
      {"Verbindungsdaten",
       "IP-Adresse und Port (für Medien: bis zu 8 geprüfte Adressen je Teilnehmer), ICE-Zugangsdaten, "
       "DTLS-Fingerabdruck",
       "Aufbau und Betrieb der verschlüsselten Verbindung", "nur Arbeitsspeicher",
       "für die Dauer der Verbindung; eine nicht mehr genutzte Medienadresse 30 Sekunden nach ihrer "
       "letzten Prüfung",
       false},
      {"Audio, Video und Bildschirmfreigaben", "Medienströme der Teilnehmenden",
       "Weiterleitung an die anderen Teilnehmenden", "nur Arbeitsspeicher (kurzer Puffer für "
       "Neuübertragungen); keine Aufzeichnung", "wenige Sekunden", false},
      {"Raumnamen", "Name des Besprechungsraums aus dem Link", "Zuordnung zur Besprechung",
       "nur Arbeitsspeicher", "bis zum Ende der Besprechung", false},
      {"Chat-Nachrichten", "noch nicht verfügbar; vorgesehen: Nachrichten der Besprechung (P26)",
       "Austausch während der Besprechung", "nur Arbeitsspeicher", "bis zum Ende der Besprechung", false},
      {"Konten von Organisatoren", "Login, Anzeigename, Argon2id-Passwort-Hash, Zeitpunkte der Anlage "
       "und der letzten Anmeldung", "Anmeldung von Organisatoren (P7)", "SQLite-Datenbank " + db,
       "bis zur Löschung; ungenutzte Konten nach " + days(in.retention.accountsUnusedDays), true},
      {"Audit-Protokoll", "Zeitpunkt, Handelnde (Betreiber, Löschlauf oder Login), Aktion, betroffenes "
       "Konto; keine IP-Adressen, keine Besprechungsinhalte", "Nachvollziehbarkeit administrativer "
       "Handlungen (P20)", "SQLite-Datenbank " + db, days(in.retention.auditDays), true},
      {"Anmeldesitzungen von Organisatoren", "SHA-256 des zufälligen Tokens im Sitzungs-Cookie, Login, "
       "Zeitpunkte der Anmeldung und des Ablaufs", "Angemeldet-Bleiben von Organisatoren (P7)",
       "SQLite-Datenbank " + db,
       std::to_string(in.retention.sessionHours) + " Stunden nach der Anmeldung; abgelaufene löscht der Löschlauf",
       true},
      {"Bremse für Anmeldeversuche", "fehlgeschlagene Anmeldeversuche je Konto, je Absenderadresse "
       "(bei IPv6 ihr /64-Präfix) und je Paar aus beiden, mit dem Zeitpunkt des nächsten erlaubten "
       "Versuchs; laufende Passwortprüfungen je Absenderadresse",
       "Erschweren des Erratens von Passwörtern (P7)", "nur Arbeitsspeicher; nie protokolliert",
       "Fehlversuche bis eine Stunde nach dem letzten, Prüfungen bis zu ihrem Ende; oder bis zum Neustart",
       false},
      {"Verbindungszähler je Adresse", "Absenderadresse (IPv4; bei IPv6 ihr /64-Präfix) offener "
       "Verbindungen, deren Anzahl", "Begrenzen, wie viele Verbindungen eine Adresse halten darf "
       "(Schutz vor Überlastung)", "nur Arbeitsspeicher; nie protokolliert",
       "solange eine Verbindung von der Adresse offen ist", false},
  };
  if (!in.logDir.empty())
    r.categories.push_back({"Logdateien", "Zeitpunkt, Komponente, Meldung; " + addressMode(in.logAddresses),
                            "Betrieb und Fehlersuche", "tägliche Dateien in " + in.logDir,
                            days(in.retention.logDays), true});
  else
    r.categories.push_back({"Betriebsprotokoll", "Zeitpunkt, Komponente, Meldung; " + addressMode(in.logAddresses),
                            "Betrieb und Fehlersuche", "Standardfehlerausgabe (an den Dienstverwalter, "
                            "z. B. systemd-journald)", "wie im Dienstverwalter eingestellt", true});

  r.sections.push_back(
      {"Verantwortlicher und Serverstandort",
       {"Verantwortlicher: " + orMissing(in.controller, "privacy.controller"),
        "Kontakt: " + orMissing(in.controllerContact, "privacy.controller_contact"),
        "Serverstandort: " + orMissing(in.serverLocation, "privacy.server_location"),
        "Datenverzeichnis: " + in.dataDir,
        "Gespeicherte Konten von Organisatoren: " + std::to_string(in.accountCount),
        "Datenschutzerklärung: " + orMissing(in.noticeUrl, "privacy.notice_url"),
        "Impressum: " + orMissing(in.imprintUrl, "privacy.imprint_url")}});
  r.sections.push_back(
      {"Empfänger und Übermittlung in Drittländer",
       {"Es gibt keine Empfänger außerhalb Ihrer eigenen Infrastruktur und keine Übermittlung in "
        "Drittländer. vicos läuft vollständig auf dem von Ihnen gewählten Server, ohne Lizenzserver "
        "und ohne Rückmeldung an Dritte (P32); es sendet keine Telemetrie (P28).",
        "Browser laden Seiten, Skripte und Schriften ausschließlich von diesem Server. Es gibt keine "
        "Anfragen an Dritte: kein CDN, keine Web-Schriften, keine Analyse- oder Fehlerdienste und "
        "keinen öffentlichen STUN-Server (P6)."}});
  r.sections.push_back(
      {"Technische und organisatorische Maßnahmen",
       {"Transportverschlüsselung: HTTPS und Signalisierung nur über TLS 1.3 oder TLS 1.2 mit ECDHE "
        "und AEAD-Verfahren (AES-GCM, ChaCha20-Poly1305) gemäß BSI TR-02102-2; ältere Protokolle sind "
        "abgeschaltet, einen unverschlüsselten Zugang gibt es nicht (P1). Zertifikat: " +
            std::string(in.certificateConfigured ? "vom Betreiber konfiguriert."
                                                 : "selbst signiert (keines konfiguriert)."),
        "Medienverschlüsselung: Audio und Video über DTLS-SRTP, bevorzugt mit AEAD_AES_128_GCM "
        "(RFC 7714), sonst AES_CM_128_HMAC_SHA1_80 (RFC 3711). Die Verschlüsselung besteht zwischen "
        "Browser und Server; der Server entschlüsselt die Medien, um sie weiterzuleiten, speichert sie "
        "aber nicht. Eine Ende-zu-Ende-Verschlüsselung (P3) ist noch nicht umgesetzt.",
        "Besprechungen: Räume, Teilnehmerlisten und Anzeigenamen bestehen nur im Arbeitsspeicher und "
        "verschwinden mit der Besprechung; nichts davon wird auf Datenträger oder in Logs geschrieben (P29).",
        "Passwörter: Argon2id (t = 3, m = 64 MiB, p = 1) mit zufälligem Salt; die Prüfung dauert für "
        "unbekannte Logins gleich lang wie für bekannte (P7).",
        "Dateien: Datenbank und Logdateien sind nur für das Benutzerkonto des Servers lesbar (Modus "
        "0600, Verzeichnisse 0700). Gelöschte Datensätze werden in der Datenbankdatei überschrieben.",
        "Löschfristen: Ein Löschlauf entfernt abgelaufene Daten beim Start und danach alle 6 Stunden "
        "und vermerkt jeden Lauf im Audit-Protokoll (P30). Letzter Lauf: " +
            (in.lastRetentionRun ? date(*in.lastRetentionRun) : std::string("noch keiner")) + "."}});
  std::vector<std::string> logging = {
      "IP-Adressen in Logs: " + addressMode(in.logAddresses) + ". Anzeigenamen und Inhalte von "
      "Besprechungen werden nie protokolliert (P27).",
      in.logDir.empty() ? "Ziel: Standardfehlerausgabe. Die Aufbewahrung bestimmt Ihr Dienstverwalter "
                          "(z. B. systemd-journald); stellen Sie dort eine kurze Frist ein."
                        : "Ziel: tägliche Dateien vicos-JJJJ-MM-TT.log in " + in.logDir +
                              "; Aufbewahrung: " + days(in.retention.logDays) + "."};
  r.sections.push_back({"Protokollierung", logging});
  r.sections.push_back(
      {"Rechte der betroffenen Personen",
       {"Auskunft und Datenübertragbarkeit (Art. 15 und 20 DSGVO): `vicos user export <login>` gibt "
        "alles, was zu einem Konto gespeichert ist, als JSON aus.",
        "Löschung (Art. 17 DSGVO): `vicos user delete <login>` löscht das Konto und alle Einträge, die "
        "es nennen; es bleibt nur ein pseudonymer Eintrag im Audit-Protokoll (P30).",
        "Gäste haben kein Konto; über sie wird nichts gespeichert (P10)."}});

  const std::string location = orMissing(in.serverLocation, "privacy.server_location");
  const std::string contact = orMissing(in.controllerContact, "privacy.controller_contact");
  std::string logSentence;
  switch (in.logAddresses) {
    case log::AddressMode::Hidden: logSentence = "Unsere Server-Protokolle enthalten keine IP-Adressen."; break;
    case log::AddressMode::Shortened:
      logSentence = "Zur Abwehr von Missbrauch speichern wir gekürzte IP-Adressen (IPv4 /24, IPv6 /48) in "
                    "Server-Protokollen."; break;
    case log::AddressMode::Full:
      logSentence = "Zur Fehlersuche speichern wir derzeit vollständige IP-Adressen in Server-Protokollen."; break;
  }
  if (!in.logDir.empty() && in.retention.logDays > 0)
    logSentence += " Die Protokolle werden nach " + std::to_string(in.retention.logDays) +
                   (in.retention.logDays == 1 ? " Tag" : " Tagen") + " gelöscht.";
  r.noticeHeading = "Vorlage: Datenschutzhinweise für Videokonferenzen";
  r.notice =
      "Verantwortlich für die Verarbeitung ist " + orMissing(in.controller, "privacy.controller") + " (" +
      contact + ").\n\n"
      "Für Videokonferenzen nutzen wir vicos, das wir selbst auf einem Server in " + location +
      " betreiben. Wir übermitteln keine Daten an Dritte oder in Drittländer.\n\n"
      "Wenn Sie an einer Besprechung teilnehmen, verarbeiten wir Ihren selbst gewählten Anzeigenamen, "
      "Ihre IP-Adresse sowie Ihre Audio- und Videodaten, um die Besprechung durchzuführen. Diese Daten "
      "verarbeiten wir nur im Arbeitsspeicher, ohne sie zu speichern; sie sind mit dem Ende Ihrer "
      "Teilnahme gelöscht. Für die Teilnahme benötigen Sie weder ein Konto noch eine E-Mail-Adresse. " +
      logSentence + "\n\n"
      "Für Organisatoren speichern wir Login, Anzeigenamen, einen Passwort-Hash sowie die Zeitpunkte der "
      "Anlage und der letzten Anmeldung. " +
      (in.retention.accountsUnusedDays == 0
           ? std::string("Konten bleiben gespeichert, bis sie gelöscht werden. ")
           : "Konten, die " + days(in.retention.accountsUnusedDays) + " nicht genutzt wurden, werden gelöscht. ") +
      "Administrative Handlungen bewahren wir " +
      days(in.retention.auditDays) + " im Audit-Protokoll auf.\n\n"
      "Rechtsgrundlage: [vom Verantwortlichen zu ergänzen, z. B. Art. 6 Abs. 1 lit. b oder f DSGVO].\n\n"
      "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, "
      "Datenübertragbarkeit und Widerspruch sowie das Recht, sich bei einer Datenschutz-Aufsichtsbehörde "
      "zu beschweren. Wenden Sie sich dazu an " + contact + ".";
  return r;
}

}  // namespace vicos::privacy::detail
