// The privacy report's words in German, the report's default language.
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

std::string daysDative(unsigned n) { return std::to_string(n) + (n == 1 ? " Tag" : " Tagen"); }

std::string seconds(unsigned n) { return std::to_string(n) + " Sekunden"; }

// Wo die Konten liegen: die SQLite-Datei oder die Datenbank aus storage.postgres_url (P33).
std::string databasePlace(const ReportInput& in) {
  if (in.postgresDatabase.empty()) return "SQLite-Datenbank " + in.dataDir + "/vicos.db";
  return "PostgreSQL-Datenbank " + in.postgresDatabase + " auf " +
         (in.postgresHost.empty() ? "diesem Rechner" : in.postgresHost);
}

std::string date(store::UnixSeconds t) {
  const time_t s = static_cast<time_t>(t);
  tm utc{};
  gmtime_r(&s, &utc);
  char text[40];
  strftime(text, sizeof text, "%d.%m.%Y, %H:%M UTC", &utc);
  return text;
}

class German final : public Words {
 public:
  std::string title() const override { return "Datenschutzbericht dieser vicos-Installation"; }

  std::string intro(const ReportInput& in) const override {
    return "Erstellt am " + date(in.generatedAt) + " von vicos " + in.version +
           " aus der laufenden Konfiguration, der Datenbank und den Fakten, mit denen der Code des Servers "
           "arbeitet. Er ist ein Entwurf für Ihr Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO) "
           "und Ihre Beschreibung der technischen und organisatorischen Maßnahmen (Art. 32 DSGVO). Die "
           "Rechtsgrundlagen sind Vorschläge: Wählen und dokumentieren Sie Ihre eigenen "
           "(docs/dpo/rechtsgrundlagen.de.md), und prüfen Sie das Ganze, bevor Sie es verwenden.";
  }

  std::string warning(WarningId id, const ReportInput& in) const override {
    switch (id) {
      case WarningId::LogToJournal:
        return "Die Protokolle gehen an die Standardfehlerausgabe, also an Ihren Dienstverwalter (z. B. "
               "systemd-journald), nicht in Dateien, die vicos selbst löscht. Wie lange sie aufbewahrt "
               "werden, liegt in Ihrer Verantwortung: Stellen Sie dort eine kurze Frist ein (z. B. "
               "MaxRetentionSec=7day in journald.conf) oder setzen Sie log.dir, damit vicos seine "
               "Logdateien nach retention.log_days löscht (P27).";
      case WarningId::SelfSignedCertificate:
        return "Es ist kein TLS-Zertifikat konfiguriert; der Server verwendet ein selbst signiertes. Browser "
               "warnen, und Teilnehmende können die Identität des Servers nicht prüfen. Konfigurieren Sie "
               "ein Zertifikat (http.cert_file, http.key_file).";
      case WarningId::LogRetentionLong:
        return "Logdateien werden " + days(in.retention.logDays) +
               " aufbewahrt (retention.log_days). "
               "Empfohlen sind höchstens 30 Tage; voreingestellt sind 7 Tage (P27).";
      case WarningId::AuditRetentionForever:
        return "Einträge im Audit-Protokoll werden nie gelöscht (retention.audit_days = 0). Legen Sie eine "
               "Frist fest.";
      case WarningId::AccountRetentionForever:
        return "Ungenutzte Konten von Organisatoren werden nie gelöscht (retention.accounts_unused_days = "
               "0). "
               "Legen Sie eine Frist fest.";
      case WarningId::NoticeUrlMissing:
        return "Es ist keine Adresse der Datenschutzerklärung konfiguriert (privacy.notice_url); Start- und "
               "Beitrittsseite können nicht darauf verweisen (P31).";
      case WarningId::ImprintUrlMissing:
        return "Es ist keine Adresse des Impressums konfiguriert (privacy.imprint_url) (P31).";
      case WarningId::ServerLocationMissing:
        return "Der Serverstandort ist nicht angegeben (privacy.server_location). Das Verzeichnis von "
               "Verarbeitungstätigkeiten und die Datenschutzerklärung brauchen ihn.";
      case WarningId::ControllerMissing:
        return "Der Verantwortliche ist nicht angegeben (privacy.controller, privacy.controller_contact).";
      case WarningId::OpenRooms:
        return "Wer einen Raumnamen kennt oder errät, kann eine Besprechung beginnen oder ihr beitreten "
               "(rooms.policy = \"open\"). Mit \"organizer\" beginnen Besprechungen erst, wenn ein "
               "angemeldeter Organisator beitritt (P12).";
    }
    return "";
  }

  FactWords fact(FactId id, const ReportInput& in) const override {
    // Mit storage.postgres_url halten alle Knoten dieselben Tabellen dort, mit denselben Fristen.
    const std::string shared =
        in.postgresDatabase.empty() ? "" : ", gemeinsam für die Knoten dieser Installation";
    const std::string db = databasePlace(in) + shared;
    switch (id) {
      case FactId::Participants:
        return {"Teilnehmende",
                "Anzeigename (erreicht den Server nur Ende-zu-Ende-verschlüsselt), Rolle, "
                "Zustand von Mikrofon, Kamera und Bildschirmfreigabe, gehobene Hand",
                "Anzeigen, wer an der Besprechung teilnimmt (P13)", "Arbeitsspeicher des Servers",
                "bis die Person die Besprechung verlässt; nach einem Verbindungsabbruch noch " +
                    seconds(in.reconnectGraceSeconds) + " (rooms.reconnect_grace_seconds)"};
      case FactId::RoomNames:
        return {"Raumnamen", "Name des Besprechungsraums aus dem Link", "Zuordnung zur Besprechung",
                "Arbeitsspeicher des Servers", "bis die letzte Person den Raum verlässt"};
      case FactId::Media:
        return {"Audio, Video und Bildschirmfreigaben",
                "Medienrahmen, von den Browsern Ende-zu-Ende-verschlüsselt; der Server liest nur die "
                "RTP-Kopfzeilen (darunter den Audiopegel für den Sprecher des Augenblicks und für die Wahl der "
                "lautesten Stimmen, die jede Person hört)",
                "Weiterleitung an die anderen Teilnehmenden",
                "weitergeleitet, sobald sie ankommen; ein Puffer "
                "von wenigen Sekunden für Neuübertragungen; keine Aufzeichnung",
                "Sekunden"};
      case FactId::Reactions:
        return {"Reaktionen", "welche von sechs festen Reaktionen (etwa Applaus) jemand gesendet hat",
                "Anzeige der Reaktion für einige Sekunden über der Kachel des Absenders",
                "beim Eintreffen an die Besprechung weitergeleitet, nicht Ende-zu-Ende-verschlüsselt (ein "
                "festes Kennzeichen); nie aufbewahrt",
                "nur für die Weiterleitung"};
      case FactId::TileViews:
        return {"Kachelansicht",
                "welche Videos die Seite einer teilnehmenden Person zeigt, die Größe jeder Kachel in "
                "Pixeln und ob sie die sprechende oder angeheftete Person zeigt",
                "jeder Person nur die Videos senden, die sie zeigt, und nicht größer als ihre Kacheln "
                "(spart Bandbreite auf langsamen Leitungen)",
                "Arbeitsspeicher des Servers, nur die letzte Ansicht; nie protokolliert, nie weitergegeben",
                "bis zur nächsten Ansicht oder zum Ende der Teilnahme"};
      case FactId::Polls:
        return {"Umfragen",
                "Frage, Antworten und Stimmen, Ende-zu-Ende-verschlüsselt (der Server kann sie nicht lesen); "
                "wer eine Umfrage gestellt hat, ob sie anonym ist, wer darin wann abgestimmt hat",
                "Fragen während der Besprechung stellen und das Ergebnis zeigen",
                "beim Eintreffen an die Besprechung weitergeleitet; im Arbeitsspeicher des Servers je "
                "Umfrage ihre Kennung, wer sie gestellt hat, ob sie offen ist und wer welchen Stimmzettel "
                "hat; bei anonymen Umfragen erfahren die anderen nicht, wer abgestimmt hat; nie auf der "
                "Festplatte, nicht in Protokollen",
                "bis die Besprechung endet"};
      case FactId::Recording:
        return {"Aufzeichnung mit Einwilligung",
                "dass eine moderierende Person die Besprechung aufzeichnet, und die Antwort jeder "
                "teilnehmenden Person auf die Frage, ob sie aufgezeichnet werden darf; die Aufzeichnung "
                "selbst (Bild und Ton der moderierenden Person und derer, die zugestimmt haben) entsteht "
                "und wird gespeichert nur in deren Browser (P25)",
                "alle vor und während einer Aufzeichnung informieren und wer ablehnt, bleibt außen vor; "
                "auf diesem Server ist Aufzeichnen " +
                    std::string(in.recording ? "erlaubt" : "aus") + " (rooms.recording, Voreinstellung aus)",
                "der Server leitet Beginn, Ende und jede Antwort beim Eintreffen weiter (Antworten nur an "
                "die aufzeichnende Person) und hält im Arbeitsspeicher nur, wessen Browser aufzeichnet; "
                "die Aufzeichnung selbst erhält, speichert und protokolliert er nie",
                "bis die Aufzeichnung endet; die Datei: solange die moderierende Person sie aufbewahrt"};
      case FactId::Breakouts:
        return {"Gruppenräume",
                "die Namen der Gruppenräume, die eine Moderatorin angelegt hat, und wer in welchem ist; "
                "für die Grenzen bei Wechseln und Nachrichten ein Füllstand und eine Zeit; Nachrichten "
                "einer Moderatorin an alle Räume, Ende-zu-Ende-verschlüsselt",
                "Aufteilen der Besprechung in kleinere Gruppen und ihre Rückkehr",
                "Arbeitsspeicher des Servers; die Nachricht an alle Räume wird beim Eintreffen "
                "weitergeleitet und nie aufbewahrt",
                "bis die Person die Besprechung verlässt oder die Besprechung endet"};
      case FactId::Chat:
        return {"Chat-Nachrichten", "Nachrichten an alle und private Nachrichten, Ende-zu-Ende-verschlüsselt",
                "Austausch während der Besprechung (P26)",
                "an die Empfänger weitergeleitet, sobald sie "
                "ankommen; nie aufbewahrt, weder auf Datenträgern noch in Protokollen",
                "keine über die Weiterleitung hinaus"};
      case FactId::E2eeKeys:
        return {
            "Schlüssel der Ende-zu-Ende-Verschlüsselung",
            "öffentlicher Schlüssel jeder Person für diese "
            "Besprechung, Medienschlüssel, für je einen Empfänger verpackt; der Schlüssel im Fragment des "
            "Links erreicht den Server nie",
            "Ende-zu-Ende-Verschlüsselung von Medien, Namen und Chat (P3)",
            "an die Teilnehmenden "
            "weitergeleitet; der Server kann sie nicht entpacken",
            "bis die Person die Besprechung verlässt"};
      case FactId::PlainMedia:
        return {"Teilnehmende ohne Ende-zu-Ende-verschlüsselte Medien",
                "dass ein Browser Medien nicht verschlüsseln kann, die signierte Entscheidung einer "
                "Moderatorin oder eines Moderators, ihn einzulassen; die Medien dieser Person erreichen den "
                "Server dann nur durch DTLS-SRTP geschützt",
                "Teilnahme trotz eines Browsers ohne Verschlüsselung, nur durch ausdrückliche Entscheidung "
                "der Moderation, die alle sehen (P5)",
                "Arbeitsspeicher des Servers", "bis zum Ende der Besprechung"};
      case FactId::Door:
        return {"Warteraum und Warteliste",
                "wer an der Tür wartet (verschlüsselter Anzeigename) und warum, "
                "ob der Warteraum eingeschaltet (Voreinstellung für neue Räume: " +
                    std::string(in.lobbyDefault ? "ein" : "aus") + ", rooms.lobby) und der Raum gesperrt ist",
                "Moderatoren lassen jede neue Person ein oder weisen sie ab (P12)",
                "Arbeitsspeicher des Servers",
                "während des Wartens, höchstens " + seconds(in.waitingTimeoutSeconds) +
                    " (rooms.waiting_timeout_seconds)"};
      case FactId::MeetingPin:
        return {"Besprechungs-PIN",
                "die von der Moderation gesetzte PIN, Fehlversuche je Verbindung und je Raum",
                "Fernhalten von Personen ohne PIN (P11)", "Arbeitsspeicher des Servers; nie protokolliert",
                "bis zum Ende der Besprechung; Fehlversuche eines Raums eine Stunde lang"};
      case FactId::Moderation:
        return {"Moderation",
                "Rollen, Stummschaltungen und angehaltene Kameras, wer entfernt wurde (bei "
                "Organisatoren: das Login)",
                "Moderation der Besprechung (P19)", "Arbeitsspeicher des Servers",
                "bis zum Ende der Besprechung"};
      case FactId::ReconnectTokens:
        return {"Wiederverbindungs-Token",
                "128 Zufallsbits je Person, mit denen eine abgebrochene Verbindung "
                "ihren Platz zurückerhält",
                "Fortsetzen nach einem Netzwechsel ohne neuen Beitritt",
                "Arbeitsspeicher des Servers; nie protokolliert",
                "bis zur Verwendung oder zum Ende der Teilnahme"};
      case FactId::ConnectionData:
        return {"Verbindungsdaten",
                "IP-Adresse und Port (für Medien: bis zu " + std::to_string(in.mediaAddressesPerPeer) +
                    " geprüfte Adressen je Person), ICE-Zugangsdaten, DTLS-Fingerabdruck, die Ankunftszeiten "
                    "der letzten 2.048 Medienpakete, die eine Person gesendet hat (an ihren Browser als "
                    "Transport-CC-Rückmeldung für seine Bandbreitenschätzung zurückgegeben), Größe und Sendezeit "
                    "der letzten 2.048 Medienpakete an eine Person mit den Ankunftszeiten, die ihr Browser "
                    "meldet (für die Schätzung ihrer Empfangsbandbreite)",
                "Aufbau und Betrieb der verschlüsselten Verbindungen",
                "Arbeitsspeicher des Servers; nie protokolliert",
                "für die Dauer der Verbindung; eine nicht mehr genutzte Medienadresse " +
                    seconds(in.mediaAddressForgetSeconds) +
                    " nach ihrer letzten Prüfung; eine "
                    "Medienverbindung über TCP ohne bestandene Prüfung " +
                    seconds(in.mediaTcpCheckSeconds) + " nach ihrem Aufbau"};
      case FactId::ConnectionCounts:
        return {"Verbindungszähler je Adresse",
                "Absenderadresse (IPv4; bei IPv6 ihr /64-Präfix) offener "
                "Verbindungen, deren Anzahl",
                "Begrenzen, wie viele Verbindungen eine Adresse halten darf "
                "(Schutz vor Überlastung)",
                "Arbeitsspeicher des Servers; nie protokolliert",
                "solange eine Verbindung von der Adresse offen ist"};
      case FactId::LoginThrottle:
        return {"Bremse für Anmeldeversuche",
                "fehlgeschlagene Anmeldeversuche je Konto, je Absenderadresse "
                "(bei IPv6 ihr /64-Präfix) und je Paar aus beiden, mit dem Zeitpunkt des nächsten erlaubten "
                "Versuchs; laufende Passwortprüfungen je Absenderadresse",
                "Erschweren des Erratens von Passwörtern (P7)",
                "Arbeitsspeicher des Servers; nie protokolliert",
                "Fehlversuche bis " + std::to_string(in.loginForgetMinutes) +
                    " Minuten nach dem letzten, Prüfungen bis zu ihrem Ende; oder bis zum Neustart"};
      case FactId::Accounts:
        return {"Konten von Organisatoren",
                "Login, Anzeigename, Argon2id-Passwort-Hash, Zeitpunkte der Anlage "
                "und der letzten Anmeldung, Admin-Rolle, Sperrvermerk",
                "Anmeldung von Organisatoren (P7)", db,
                "bis zur Löschung; ungenutzte Konten nach " + daysDative(in.retention.accountsUnusedDays) +
                    " (retention.accounts_unused_days)"};
      case FactId::LoginSessions:
        return {"Anmeldesitzungen von Organisatoren",
                "SHA-256 des zufälligen Tokens im Sitzungs-Cookie, Login, "
                "Zeitpunkte der Anmeldung und des Ablaufs",
                "Angemeldet-Bleiben von Organisatoren (P7)", db,
                std::to_string(in.retention.sessionHours) +
                    " Stunden nach der Anmeldung; mit dem Konto gelöscht"};
      case FactId::AuditLog:
        return {"Audit-Protokoll",
                "Zeitpunkt, Handelnde (Betreiber, Löschlauf oder Login), Aktion (auch "
                "Anmeldungen und zweite Faktoren), betroffenes Konto (ein gelöschtes durch ein "
                "Zufallskennzeichen, das nichts zurückführt); keine IP-Adressen, keine Besprechungsinhalte",
                "Nachvollziehbarkeit administrativer Handlungen und Anmeldungen (P20); sind Organisatoren Beschäftigte, "
                "können die Anmeldeeinträge Verhalten und Leistung zeigen: Betriebsrat beteiligen (§ 87 Abs. 1 Nr. 6 "
                "BetrVG)",
                db,
                days(in.retention.auditDays) + " (retention.audit_days)"};
      case FactId::SecondFactors:
        return {"Zweite Faktoren von Organisatoren",
                "für eine Authenticator-App der TOTP-Schlüssel und der zuletzt genutzte Zeitschritt; für "
                "einen Passkey Kennung, öffentlicher Schlüssel, Algorithmus und Signaturzähler; Bezeichnung, "
                "Anlage und letzte Nutzung; SHA-256 von bis zu 10 Einmal-Wiederherstellungscodes. Kein "
                "Gerätemodell, keine Biometrie",
                std::string("zweiter Faktor bei der Anmeldung von Organisatoren (P8); ") +
                    (in.secondFactorRequired ? "für alle Organisatoren vorgeschrieben (login.require_second_factor)"
                                             : "für jeden Organisator freiwillig (login.require_second_factor)"),
                db,
                "bis der Organisator oder der Betreiber ihn entfernt (vicos user reset-2fa); mit dem Konto gelöscht"};
      case FactId::PendingLogins:
        return {"Anmeldungen, die auf den zweiten Faktor warten",
                "SHA-256 eines Zufallskennzeichens, Login, Passkey-Challenge, Fehlversuche; beim Einrichten "
                "der neue TOTP-Schlüssel oder die Passkey-Challenge",
                "zweiter Schritt der Anmeldung von Organisatoren (P8)",
                "nur im Arbeitsspeicher des Servers; nie protokolliert",
                "höchstens 5 Minuten; gelöscht bei Erfolg, nach 5 Fehlversuchen oder bei einem Neustart"};
      case FactId::SingleSignOn:
        return {"Konten aus Single Sign-on",
                "vom Identitätsanbieter der Organisation: Aussteller, Subjekt-Kennung und Anzeigename; "
                "Gruppen- oder Rollenangaben werden einmal für die Entscheidung gelesen und nicht "
                "gespeichert; Tokens werden nie gespeichert",
                "Anmeldung von Organisatoren über den Identitätsanbieter der Organisation (P9)", db,
                "wie Konten von Organisatoren: bis zur Löschung; ungenutzte Konten nach " +
                    daysDative(in.retention.accountsUnusedDays) + " (retention.accounts_unused_days)"};
      case FactId::SingleSignOnLogins:
        return {"Laufende Single-Sign-on-Anmeldungen",
                "zufälliger State, Nonce und PKCE-Verifier, die Absenderadresse (IPv6: ihr /64) für eine "
                "Obergrenze, Startzeit",
                "Schutz der Anmeldung vor gefälschten und wiederholten Antworten",
                "nur im Arbeitsspeicher des Servers; nie protokolliert",
                "höchstens 10 Minuten; gelöscht, wenn die Anmeldung endet"};
      case FactId::Log:
        return {"Betriebsprotokoll",
                "Zeitpunkt, Stufe, Komponente, Meldung; nie eine IP-Adresse, ein Login, "
                "ein Anzeigename oder ein Raumname (P27)",
                "Betrieb und Fehlersuche",
                in.logDir.empty() ? "Standardfehlerausgabe, an den Dienstverwalter (z. B. systemd-journald)"
                                  : "tägliche Dateien vicos-JJJJ-MM-TT.log in " + in.logDir,
                in.logDir.empty()
                    ? "so lange der Dienstverwalter sie aufbewahrt: Ihre Pflicht (siehe Warnungen)"
                    : days(in.retention.logDays) + " (retention.log_days)"};
      case FactId::Metrics:
        return {
            "Betriebskennzahlen",
            "Zählerstände über den ganzen Server oder einen Medien-Thread; keine "
            "Person, kein Raum, keine Adresse",
            "Überwachen des Betriebs (P28)",
            "beim Abruf unter http://" + in.metricsListen + "/metrics berechnet; von vicos nicht gespeichert",
            "von vicos nicht aufbewahrt; so lange Ihre Überwachung sie aufbewahrt"};
      case FactId::LoadSamples:
        return {"Lastverlauf der Admin-Seite",
                "je Minute: offene Räume, Teilnehmende, empfangene und weitergeleitete Pakete je Sekunde, "
                "wartende Aufgaben; nur Zählerstände, keine Person, kein Raum, keine Adresse",
                "Verlaufsgrafiken der letzten Stunden für Admins (/admin)", "nur im Arbeitsspeicher des Servers",
                "6 Stunden (360 Werte), dann überschrieben; bei einem Neustart verloren"};
      case FactId::Coordination:
        return {"Koordination mehrerer Knoten",
                "in Redis (cluster.redis_url), jeder Schlüssel mit Ablaufzeit: je Knoten Kennung, öffentliche "
                "Adresse, Medienadressen und Last; je offenem Raum sein Eigentümer-Knoten, unter einem "
                "HMAC-SHA256 des Raumnamens (Schlüssel in cluster.secret_file), nie der Name, und wie viele "
                "Menschen je Knoten darin sind; fehlgeschlagene "
                "Anmelde- und PIN-Versuche, gezählt unter HMACs des Kontos, der Adresse (IPv6: ihr /64), "
                "beider zusammen oder des Raums. Kein Anzeigename, keine IP-Adresse von Teilnehmenden, kein "
                "Inhalt",
                "ein Raum auf einem Knoten; Bremsen von Passwort- und PIN-Raten über alle Knoten (P7, P11)",
                "Redis (TLS, rediss://, sobald es auf einer anderen Maschine läuft); nie protokolliert",
                "Knoteneinträge und Raumeigentümer " + std::to_string(in.clusterTtlSeconds) +
                    " Sekunden nach dem letzten Herzschlag (alle paar Sekunden erneuert, solange der Knoten "
                    "läuft und der Raum offen ist); Fehlversuche " +
                    std::to_string(in.loginForgetMinutes) + " Minuten nach dem letzten"};
      case FactId::TurnRelay:
        return {"TURN-Relay",
                "für Teilnehmende, deren Netz direkte Medienverbindungen sperrt: ihre Adresse und ihr Port, "
                "ein Zugangsdatum mit zufälligem Kennzeichen und Ablaufzeit (nie ihr Name oder ihre "
                "Kennung), der ihnen zugeteilte Relay-Port, welche Medienadressen dieses Servers sie "
                "erreichen dürfen, und wie viele Bytes sie in der letzten Sekunde weitergeleitet haben (für "
                "die Obergrenze); die Medien selbst laufen weiter verschlüsselt hindurch (DTLS-SRTP, und "
                "Ende-zu-Ende, wo eingeschaltet)",
                "Teilnahme aus Netzen, die nur HTTPS oder einen Proxy zulassen",
                "nur im Arbeitsspeicher des Servers; nie protokolliert; Relays erreichen nur die "
                "Medienadressen dieses Servers",
                "solange das Relay genutzt wird, höchstens seine Laufzeit (1 Stunde, verlängerbar) und die "
                "4 Stunden des Zugangsdatums; bei TURN über TCP oder TLS mit der Verbindung"};
    }
    return {};
  }

  std::string place(Place p) const override {
    switch (p) {
      case Place::Memory: return "nur Arbeitsspeicher";
      case Place::Relayed: return "weitergeleitet, nicht aufbewahrt";
      case Place::Database: return "Datenbank";
      case Place::Log: return "Protokoll";
      case Place::Redis: return "Redis (Koordination der Knoten)";
    }
    return "";
  }

  std::string basis(Basis b) const override {
    switch (b) {
      case Basis::Meeting:
        return "Art. 6 Abs. 1 lit. b, e oder f DSGVO: Durchführung der Besprechung (Ihre Wahl)";
      case Basis::Organizers:
        return "Art. 6 Abs. 1 lit. b DSGVO oder Betriebsvereinbarung: Rolle als Organisator";
      case Basis::Security: return "Art. 6 Abs. 1 lit. f i. V. m. Art. 32 DSGVO: Sicherheit des Dienstes";
      case Basis::Accountability:
        return "Art. 6 Abs. 1 lit. c oder f i. V. m. Art. 5 Abs. 2 DSGVO: Rechenschaft";
      case Basis::Operation: return "Art. 6 Abs. 1 lit. f DSGVO: Betrieb des Dienstes";
    }
    return "";
  }

  std::string recipients(Recipients r) const override {
    switch (r) {
      case Recipients::Meeting: return "die anderen Teilnehmenden der Besprechung";
      case Recipients::Moderators: return "die Moderation der Besprechung";
      case Recipients::Nobody: return "niemand";
      case Recipients::Operator: return "Ihre Administratoren";
      case Recipients::Scrapers: return "wen Sie die Kennzahlen lesen lassen";
    }
    return "";
  }

  std::string heading(SectionId id) const override {
    switch (id) {
      case SectionId::Controller: return "Verantwortlicher und Serverstandort";
      case SectionId::Recipients: return "Empfänger und Übermittlung in Drittländer";
      case SectionId::Measures: return "Technische und organisatorische Maßnahmen";
      case SectionId::Logging: return "Protokollierung";
      case SectionId::Rights: return "Rechte der betroffenen Personen";
    }
    return "";
  }

  std::vector<std::string> controller(const ReportInput& in) const override {
    return {"Verantwortlicher: " + orMissing(in.controller, "privacy.controller"),
            "Kontakt: " + orMissing(in.controllerContact, "privacy.controller_contact"),
            "Serverstandort: " + orMissing(in.serverLocation, "privacy.server_location"),
            "Datenverzeichnis: " + in.dataDir,
            "Konten und Audit-Protokoll: " + databasePlace(in),
            "Gespeicherte Konten von Organisatoren: " + std::to_string(in.accountCount),
            "Datenschutzerklärung: " + orMissing(in.noticeUrl, "privacy.notice_url"),
            "Impressum: " + orMissing(in.imprintUrl, "privacy.imprint_url"),
            "Software: vicos " + in.version};
  }

  std::string recipientsParagraph(Recipients r, const std::string& names) const override {
    switch (r) {
      case Recipients::Meeting:
        return "Die anderen Teilnehmenden derselben Besprechung erhalten: " + names + ".";
      case Recipients::Moderators: return "Nur die Moderation der Besprechung sieht: " + names + ".";
      case Recipients::Nobody:
        return "Niemand erhält, und nur der Arbeitsspeicher des Servers enthält: " + names + ".";
      case Recipients::Operator:
        return "Nur Ihre Administratoren können über die Dateien des Servers lesen: " + names + ".";
      case Recipients::Scrapers:
        return "Wer metrics.listen erreichen darf, liest: " + names +
               " (halten Sie es auf Loopback oder in "
               "einem Verwaltungsnetz).";
    }
    return "";
  }

  std::string noThirdCountries() const override {
    return "Es gibt keine Empfänger außerhalb Ihrer eigenen Infrastruktur und keine Übermittlung in "
           "Drittländer: vicos läuft vollständig auf dem von Ihnen gewählten Server, ohne Lizenzserver, "
           "ohne Rückmeldung an Dritte und ohne Telemetrie (P28, P32).";
  }

  std::string measure(MeasureId id, const ReportInput& in) const override {
    switch (id) {
      case MeasureId::Transport:
        return "Transportverschlüsselung: HTTPS und Signalisierung nur über TLS 1.3 oder TLS 1.2 mit ECDHE "
               "und AEAD-Verfahren gemäß BSI TR-02102-2; kein unverschlüsselter Zugang (P1). Zertifikat: " +
               std::string(in.certificateConfigured ? "vom Betreiber konfiguriert; ein erneuertes wird auf "
                                                      "SIGHUP ohne Neustart übernommen."
                                                    : "selbst signiert (keines konfiguriert).");
      case MeasureId::MediaTransport:
        return "Medientransport: Audio und Video über DTLS-SRTP, bevorzugt mit AEAD_AES_128_GCM (RFC 7714), "
               "sonst AES_CM_128_HMAC_SHA1_80 (RFC 3711).";
      case MeasureId::EndToEnd:
        return "Ende-zu-Ende-Verschlüsselung ist für jede Besprechung voreingestellt und kann vom Server "
               "nicht "
               "abgeschaltet werden: Medienrahmen, Chat und Anzeigenamen werden in den Browsern "
               "verschlüsselt, "
               "mit Schlüsseln aus dem Fragment des Links (das nie an den Server geht) und den eigenen "
               "Schlüsseln jeder Person; Teilnehmende können Sicherheitscodes vergleichen (P3, P5). Nur die "
               "Moderation kann jemanden einlassen, dessen Browser Medien nicht verschlüsseln kann "
               "(e2ee-plain-media); alle sehen es, und die Medien dieser Person sind dann nur per DTLS-SRTP "
               "bis zum Server geschützt. Restrisiko: Der Browser-Code, der verschlüsselt, kommt von diesem "
               "Server; wer den Server beherrscht, könnte Code ausliefern, der Schlüssel preisgibt "
               "(docs/dpo/dsfa.de.md).";
      case MeasureId::MemoryOnly:
        return "Besprechungen: Räume, Teilnehmerlisten, Namen, Warteraum, PIN und Chat bestehen nur im "
               "Arbeitsspeicher und verschwinden mit der Besprechung; der Besprechungs-Code erreicht die "
               "Datenbank nicht, und keine Protokollzeile nennt eine Person, einen Raum oder eine Adresse "
               "(P27, P29).";
      case MeasureId::Passwords:
        return "Passwörter: Argon2id (t = 3, m = 64 MiB, p = 1) mit zufälligem Salt; ein unbekanntes Login "
               "kostet so viel wie ein bekanntes; Fehlversuche werden je Konto, je Adresse und je Paar aus "
               "beiden gebremst (P7).";
      case MeasureId::Files:
        return "Dateien: Datenbank und Logdateien sind nur für das Benutzerkonto des Servers lesbar (Modus "
               "0600, Verzeichnisse 0700); gelöschte Datensätze werden in der Datenbankdatei überschrieben.";
      case MeasureId::Retention:
        return "Löschfristen: Ein Löschlauf entfernt abgelaufene Konten, Sitzungen, Audit-Einträge und "
               "Logdateien beim Start und danach alle " +
               std::to_string(in.retentionIntervalHours) +
               " Stunden und vermerkt jeden Lauf im Audit-Protokoll (P30). Letzter Lauf: " +
               (in.lastRetentionRun ? date(*in.lastRetentionRun) : std::string("noch keiner")) + ".";
      case MeasureId::Logging:
        return "Protokolle: keine IP-Adresse, kein Login, kein Anzeigename und kein Raumname in irgendeiner "
               "Protokollzeile, auf jeder Stufe; ein Test prüft jede Protokollanweisung des Quelltexts "
               "(P27).";
      case MeasureId::Metrics:
        return "Kennzahlen: " + in.metricsListen +
               " liefert nur Zählerstände über unverschlüsseltes HTTP; "
               "beschränken Sie, wer es erreicht (P28).";
      case MeasureId::NoThirdParties:
        return "Keine Dritten: Browser laden Seiten, Skripte und Schriften nur von diesem Server; kein CDN, "
               "keine Web-Schriften, keine Analyse- oder Fehlerdienste, kein öffentlicher STUN-Server (P6); "
               "der Server baut zu niemandem außer den Browsern der Teilnehmenden Verbindungen auf.";
      case MeasureId::Updates:
        return "Aktualisierungen: Dies ist vicos " + in.version +
               "; Versionen und Sicherheitskorrekturen "
               "stehen in CHANGELOG.md, und docs/operations.md beschreibt, wie Sie davon erfahren und sie "
               "einspielen (P17).";
    }
    return "";
  }

  std::vector<std::string> logging(const ReportInput& in) const override {
    std::vector<std::string> out{
        "Inhalt: Zeitpunkt, Stufe, Komponente und Meldung. Keine Protokollzeile nennt eine IP-Adresse, ein "
        "Login, einen Anzeigenamen oder einen Raum, auf keiner Stufe (P27)."};
    if (in.logDir.empty()) {
      out.push_back(
          "Ziel: Standardfehlerausgabe, gesammelt von Ihrem Dienstverwalter (z. B. systemd-journald). "
          "vicos kann diese Zeilen nicht löschen: Das Journal bewahrt sie so lange auf, wie es "
          "eingestellt ist.");
      out.push_back(
          "⚠ Ihre Pflicht: Begrenzen Sie die Aufbewahrung im Journal (z. B. MaxRetentionSec=7day oder "
          "ein eigener LogNamespace für vicos) und dokumentieren Sie sie im Verzeichnis von "
          "Verarbeitungstätigkeiten; oder setzen Sie log.dir.");
    } else {
      out.push_back("Ziel: tägliche Dateien vicos-JJJJ-MM-TT.log in " + in.logDir +
                    "; der Löschlauf entfernt "
                    "sie nach " +
                    daysDative(in.retention.logDays) + ".");
    }
    return out;
  }

  std::vector<std::string> rights() const override {
    return {
        "Auskunft und Datenübertragbarkeit (Art. 15 und 20 DSGVO): `vicos user export <login>` gibt alles, "
        "was zu einem Konto gespeichert ist, als JSON aus.",
        "Löschung (Art. 17 DSGVO): `vicos user delete <login>` löscht das Konto und jeden Eintrag, der es "
        "nennt; seine Audit-Einträge behalten nur ein Zufallskennzeichen, das nichts in der Datenbank auf "
        "die Person zurückführt (P30).",
        "Gäste haben kein Konto; über sie wird nichts gespeichert, also gibt es nichts auszugeben oder zu "
        "löschen (P10)."};
  }

  std::string noticeHeading() const override { return "Vorlage: Datenschutzhinweise für Videobesprechungen"; }

  std::string notice(const ReportInput& in) const override {
    const std::string contact = orMissing(in.controllerContact, "privacy.controller_contact");
    std::string logSentence = "Unsere Server-Protokolle enthalten keine IP-Adressen und keine Namen.";
    if (!in.logDir.empty() && in.retention.logDays > 0)
      logSentence += " Die Protokolle werden nach " + daysDative(in.retention.logDays) + " gelöscht.";
    return "Verantwortlich ist " + orMissing(in.controller, "privacy.controller") + " (" + contact +
           ").\n\n"
           "Für Videobesprechungen nutzen wir vicos, das wir selbst auf einem Server in " +
           orMissing(in.serverLocation, "privacy.server_location") +
           " betreiben. Wir übermitteln keine Daten an Dritte oder in Drittländer.\n\n"
           "Wenn Sie an einer Besprechung teilnehmen, verarbeiten wir den von Ihnen gewählten Anzeigenamen, "
           "Ihre IP-Adresse, Ihr Audio und Video und Ihre Chat-Nachrichten, um die Besprechung "
           "durchzuführen. "
           "Audio, Video, Chat und Namen werden in Ihrem Browser Ende-zu-Ende-verschlüsselt; unser Server "
           "leitet sie weiter, ohne sie lesen zu können (die Moderation kann jemanden einlassen, dessen "
           "Browser Medien nicht verschlüsseln kann; das sehen alle). Wir verarbeiten all dies nur im "
           "Arbeitsspeicher, "
           "ohne es zu speichern; es ist weg, sobald Sie die Besprechung verlassen. Sie brauchen weder ein "
           "Konto noch eine E-Mail-Adresse. " +
           logSentence +
           "\n\n"
           "Für Organisatoren speichern wir Login, Anzeigenamen, einen Passwort-Hash, Anmeldesitzungen und "
           "die "
           "Zeitpunkte der Anlage und der letzten Anmeldung. " +
           (in.retention.accountsUnusedDays == 0
                ? std::string("Konten bleiben bis zu ihrer Löschung gespeichert. ")
                : "Konten, die " + days(in.retention.accountsUnusedDays) +
                      " nicht genutzt wurden, werden "
                      "gelöscht. ") +
           "Anmeldungen und administrative Handlungen bewahren wir " + days(in.retention.auditDays) +
           " im Audit-Protokoll auf.\n\n"
           "Rechtsgrundlage: [vom Verantwortlichen zu ergänzen, z. B. Art. 6 Abs. 1 lit. b, e oder f "
           "DSGVO].\n\n"
           "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, "
           "Datenübertragbarkeit und Widerspruch sowie das Recht, sich bei einer Aufsichtsbehörde zu "
           "beschweren. Wenden Sie sich dafür an " +
           contact + ".";
  }
};

}  // namespace

const Words& germanWords() {
  static const German words;
  return words;
}

}  // namespace vicos::privacy::detail
