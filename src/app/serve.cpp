// Start-up order: logging, data directory, database (and the retention job), TLS certificate, media worker (binds the UDP port), rooms,
// HTTPS server; shutdown in reverse on a signal.
#include "app/serve.hpp"

#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "app/admin_api.hpp"
#include "app/admin_commands.hpp"
#include "app/cluster_setup.hpp"
#include "app/build_info.hpp"
#include "app/connection_budget.hpp"
#include "app/load_monitor.hpp"
#include "app/login_api.hpp"
#include "app/metrics.hpp"
#include "app/oidc_api.hpp"
#include "app/password_workers.hpp"
#include "app/privacy_report_api.hpp"
#include "app/readiness.hpp"
#include "app/service_notify.hpp"
#include "app/service_watchdog.hpp"
#include "app/signaling_bridge.hpp"
#include "app/site_api.hpp"
#include "common/log.hpp"
#include "http/certificate_reloader.hpp"
#include "http/http_server.hpp"
#include "http/metrics_listener.hpp"
#include "http/tls_setup.hpp"
#include "relay/turn_relay.hpp"
#include "relay/turn_secret.hpp"
#include "room/room_manager.hpp"
#include "sfu/worker_media_plane.hpp"
#include "store/database.hpp"
#include "store/postgres_database.hpp"

namespace vicos::app {
namespace {

bool prepareDataDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    LOG_ERROR("app", "cannot create the data directory %s: %s", dir.c_str(), ec.message().c_str());
    return false;
  }
  ::chmod(dir.c_str(), 0700);  // holds the TLS key
  return true;
}

// The retention job runs at start and then every kRetentionInterval on the control thread (P27, P30).
void runRetentionNow(store::Database& db, const Config& config) {
  auto report = runRetentionJob(db, config, store::systemNow());
  if (report) LOG_INFO("store", "retention run: %s", report->summary().c_str());
  else LOG_ERROR("store", "retention run failed: %s", report.error().message.c_str());
}

void scheduleRetention(boost::asio::steady_timer& timer, store::Database& db, const Config& config) {
  timer.expires_after(kRetentionInterval);
  timer.async_wait([&timer, &db, &config](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled at shutdown
    runRetentionNow(db, config);
    scheduleRetention(timer, db, config);
  });
}

// Participants whose grace period ended are removed, and whoever waited too long is turned away,
// on this beat (docs/protocol.md "Reconnecting", docs/security.md "The door").
constexpr std::chrono::seconds kRoomSweepInterval{1};

void scheduleRoomSweep(boost::asio::steady_timer& timer, room::RoomManager& rooms) {
  timer.expires_after(kRoomSweepInterval);
  timer.async_wait([&timer, &rooms](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled at shutdown
    rooms.expire();
    scheduleRoomSweep(timer, rooms);
  });
}

// The built-in TURN server's settings (docs/security.md "TURN relay"): relays bind the media
// bind address and reach only the announced media addresses on the workers' ports.
relay::TurnRelaySettings turnSettings(const Config& config, std::string secret, uint16_t firstMediaPort,
                                      size_t workers) {
  relay::TurnRelaySettings s;
  s.bindAddress = config.mediaBind;
  if (config.turnPort != 0) s.udpPort = config.turnPort;
  s.relayAddress = config.mediaBind;
  s.relayAnnounce = config.mediaAnnounce.empty() ? std::string() : config.mediaAnnounce.front();
  s.secret = std::move(secret);
  s.mediaAddresses = relay::mediaPeerAddresses(config.mediaAnnounce, firstMediaPort, workers);
  s.limits.maxAllocationsPerUser = config.turnMaxAllocations;
  s.limits.bytesPerSecondPerUser = uint64_t{config.turnBandwidthKbps} * 1000 / 8;
  return s;
}

room::RoomLimits roomLimits(const Config& config) {
  room::RoomLimits limits;
  limits.maxParticipants = config.maxParticipants;
  limits.policy = config.roomPolicy == "open" ? room::RoomPolicy::Open : room::RoomPolicy::Organizer;
  limits.reconnectGraceMs = int64_t{config.reconnectGraceSeconds} * 1000;
  limits.maxWaiting = config.maxWaiting;
  limits.waitingTimeoutMs = int64_t{config.waitingTimeoutSeconds} * 1000;
  limits.maxRooms = config.maxRooms;
  limits.maxTotalParticipants = config.maxTotalParticipants;
  limits.lobby = config.lobby;
  limits.simulcast = config.mediaSimulcast;
  limits.recording = config.recording;
  return limits;
}

size_t mediaWorkerCount(const Config& config) {
  if (config.mediaWorkers > 0) return config.mediaWorkers;
  return std::max(1u, std::thread::hardware_concurrency());
}

// The connection limits from the configuration and the open-file limit, which is raised first
// as far as the hard limit allows (docs/security.md "Connections, logins and sessions").
http::ConnectionLimits connectionLimits(const Config& config) {
  const size_t workers = mediaWorkerCount(config);
  const size_t wanted = config.maxConnections > 0 ? config.maxConnections : kDefaultMaxConnections;
  const uint64_t openFiles = raiseOpenFileLimit(wanted + reservedFiles(workers));
  http::ConnectionLimits limits;
  limits.total = connectionBudget(openFiles, workers, config.maxConnections);
  limits.perAddress = config.maxConnectionsPerAddress;
  limits.webSocketsPerAddress = config.maxWebSocketsPerAddress;
  if (config.maxConnections > 0 && limits.total < wanted)
    LOG_WARN("app", "the open-file limit %llu allows %zu connections, fewer than %zu; raise LimitNOFILE",
             static_cast<unsigned long long>(openFiles), limits.total, wanted);
  LOG_INFO(
      "app",
      "connection limits: %zu in total (open-file limit %llu), %zu per address, %zu WebSockets per address",
      limits.total, static_cast<unsigned long long>(openFiles), limits.perAddress,
      limits.webSocketsPerAddress);
  return limits;
}

// How many password checks may wait for a worker; more are answered 503 at once.
constexpr size_t kPasswordQueuePerWorker = 4;
// Single sign-on steps waiting for the identity provider; each takes at most a few seconds
// (oidc/https_client.hpp), further logins are sent back with "busy".
constexpr size_t kOidcQueue = 16;

std::vector<Readiness::Poster> workerPosters(sfu::WorkerMediaPlane& media) {
  std::vector<Readiness::Poster> posters;
  for (size_t i = 0; i < media.workerCount(); ++i)
    posters.emplace_back(
        [&worker = media.worker(i)](std::function<void()> task) { worker.post(std::move(task)); });
  return posters;
}

}  // namespace

int serve(const Config& config) {
  log::setLevel(config.logLevel);
  if (!config.logDir.empty()) {
    std::string logError;
    if (!log::setLogDirectory(config.logDir, logError)) {
      LOG_ERROR("app", "%s", logError.c_str());
      return 1;
    }
    std::fprintf(stderr, "vicos: logging to daily files in %s\n", config.logDir.c_str());
  }
  if (!prepareDataDir(config.dataDir)) return 1;
  auto database = store::openStorage(storageSettings(config), config.dataDir);
  if (!database) {
    LOG_ERROR("app", "database: %s", database.error().message.c_str());
    return 1;
  }
  // Where, never the URL's user or the password file's content.
  if (!config.postgresUrl.empty())
    LOG_INFO("store", "accounts and audit log in the %s",
             store::postgresPlace(config.postgresUrl).words().c_str());
  store::Database& db = **database;

  std::string error;
  std::optional<std::filesystem::path> certFile, keyFile;
  if (config.certFile) certFile = *config.certFile;
  if (config.keyFile) keyFile = *config.keyFile;
  const auto certificate = http::loadOrCreateCertificate(config.dataDir, certFile, keyFile, error);
  if (!certificate) {
    LOG_ERROR("app", "TLS certificate: %s", error.c_str());
    return 1;
  }
  auto tls = http::makeServerTlsContext(*certificate, error);
  if (!tls) {
    LOG_ERROR("app", "TLS: %s", error.c_str());
    return 1;
  }

  boost::asio::io_context io;
  std::unique_ptr<sfu::WorkerMediaPlane> media;
  try {
    media = std::make_unique<sfu::WorkerMediaPlane>(
        sfu::WorkerOptions{config.mediaBind, config.mediaPort}, mediaWorkerCount(config), config.mediaAnnounce,
        [&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); }, config.mediaRoomSplit);
  } catch (const std::exception& e) {
    LOG_ERROR("app", "media: %s", e.what());
    return 1;
  }
  // TURN (docs/architecture.md "TURN"): the secret is never logged.
  std::string turnSecret = config.turnSecret;
  if (config.turnEnabled && turnSecret.empty()) {
    auto made = relay::loadOrCreateTurnSecret(config.dataDir, error);
    if (!made) {
      LOG_ERROR("app", "TURN secret: %s", error.c_str());
      return 1;
    }
    turnSecret = std::move(*made);
  }
  std::unique_ptr<relay::TurnRelay> turnRelay;
  room::RoomLimits limits = roomLimits(config);
  if (config.turnEnabled) {
    turnRelay = std::make_unique<relay::TurnRelay>(
        io, turnSettings(config, turnSecret, media->worker(0).port(), media->workerCount()));
    if (!turnRelay->start(error)) {
      LOG_ERROR("app", "%s", error.c_str());
      return 1;
    }
    if (config.turnPort != 0) LOG_INFO("app", "TURN on UDP port %u and on the HTTPS port", config.turnPort);
    else LOG_INFO("app", "TURN over TCP and TLS on the HTTPS port (turn.port = 0: no UDP)");
    limits.turnSecret = turnSecret;
    limits.turnUdpPort = config.turnPort;
  }
  if (!config.turnExternalUrl.empty()) {  // the operator's TURN server is named instead
    limits.turnSecret = config.turnExternalSecret;
    limits.turnUdpPort = 0;
    limits.turnUrl = config.turnExternalUrl;
  }
  room::RoomManager rooms(*media, limits);
  // Several nodes (README "Several nodes"): off without cluster.redis_url.
  std::unique_ptr<ClusterSetup> clusterSetup;
  const LoadMonitor* loadForCluster = nullptr;  // set once the load monitor exists, below
  if (!config.clusterRedisUrl.empty()) {
    auto started = ClusterSetup::start(config, io, [&rooms, &loadForCluster] {
      return ClusterLoad{rooms.peopleCount(), rooms.roomCount(),
                         loadForCluster ? loadForCluster->current().busiestCpu() : 0.0, rooms.peoplePerRoom()};
    });
    if (auto* problem = std::get_if<std::string>(&started)) {
      LOG_ERROR("app", "cluster: %s", problem->c_str());
      return 1;
    }
    clusterSetup = std::move(std::get<0>(started));
    rooms.sharePinFailures(cluster::shareThrough(clusterSetup->node().counter()));
    rooms.countPeopleElsewhere(
        [&node = clusterSetup->node()](const std::string& roomName) { return node.peopleElsewhere(roomName); });
    rooms.setRoomObserver([&node = clusterSetup->node()](const std::string& roomName, bool open) {
      if (open)
        node.roomOpened(roomName);
      else
        node.roomClosed(roomName);
    });
  }

  http::HttpServer::Options options;
  options.address = config.listenAddress;
  options.port = config.port;
  options.frameAncestors = config.frameAncestors;
  if (config.webRoot) options.webRoot = *config.webRoot;
  options.connections = connectionLimits(config);
  options.webSocket.joinTimeout = std::chrono::seconds(config.joinTimeoutSeconds);
  // Organizer login (P7): the API under /api/ and the organizer behind each WebSocket.
  store::AuditLog audit(db);
  store::UserStore users(db, audit, store::systemNow);
  store::SessionStore sessions(db, store::systemNow);
  LoginThrottle loginThrottle;
  if (clusterSetup) loginThrottle.share(cluster::shareThrough(clusterSetup->node().counter()));
  // Argon2id off the control thread (security audit, issue 12, finding 7); declared after `io`,
  // so that its threads are joined before `io` goes.
  PasswordWorkers passwordWorkers(
      config.passwordWorkers, kPasswordQueuePerWorker * config.passwordWorkers,
      [&io](std::function<void()> done) { boost::asio::post(io, std::move(done)); });
  store::SecondFactorStore secondFactors(db, store::systemNow);
  LoginApi loginApi(users, sessions, secondFactors, audit, loginThrottle, passwordWorkers, store::systemNow,
                    SecondFactorPolicy{config.requireSecondFactor, config.secondFactorIssuer});
  // Single sign-on (P9), when [oidc] is configured: its own worker, so a slow identity provider
  // delays only other single sign-ons, never password logins or the control thread.
  store::SsoAccounts ssoAccounts(db, audit, store::systemNow);
  std::unique_ptr<PasswordWorkers> oidcWorkers;
  std::unique_ptr<OidcApi> oidcApi;
  if (!config.oidc.issuer.empty()) {
    oidc::initHttpsClients();
    oidcWorkers = std::make_unique<PasswordWorkers>(
        1, kOidcQueue, [&io](std::function<void()> done) { boost::asio::post(io, std::move(done)); });
    oidcApi = std::make_unique<OidcApi>(config.oidc, oidc::HttpsClient(config.oidc.caFile), ssoAccounts,
                                        sessions, audit, *oidcWorkers, store::systemNow);
  }
  const ReportInputSource reportSource = [&db, &config] {
    return reportInput(db, config, store::systemNow(), versionText());
  };
  // The admin page's API (docs/operations.md "Admin page"); made once the metrics it reads exist,
  // before the first request.
  std::unique_ptr<AdminApi> adminApi;
  options.apiHandler = [&loginApi, &oidcApi, &config, &reportSource, &adminApi](const http::ApiRequest& request,
                                                                                const http::ApiResponder& respond) {
    if (auto site = handleSiteApi(request, config)) return respond(std::move(*site));
    if (adminApi && adminApi->handle(request, respond)) return;
    if (oidcApi && OidcApi::handles(request)) return oidcApi->handle(request, respond);
    const bool organizer = request.path.starts_with("api/privacy-report/") && loginApi.organizerFor(request.cookie);
    if (auto report = handlePrivacyReportApi(request, organizer, reportSource))
      return respond(std::move(*report));
    loginApi.handle(request, respond);
  };
  options.handlerFactory = makeSignalingFactory(rooms, [&loginApi](std::string_view cookie) -> std::optional<room::Organizer> {
    auto organizer = loginApi.organizerFor(cookie);
    if (!organizer) return std::nullopt;
    return room::Organizer{organizer->login, organizer->name};
  });
  // /readyz and the systemd watchdog (docs/operations.md "Health").
  // A failed database probe is logged when it begins to fail, not at every check.
  const auto databaseWritable = [&db, failing = false]() mutable {
    auto written = db.probeWrite(kDatabaseProbeWait);
    if (!written && !failing) LOG_WARN("store", "readiness: %s", written.error().message.c_str());
    failing = !written;
    return !failing;
  };
  Readiness readiness(io, workerPosters(*media), databaseWritable, kReadinessDeadline);
  options.readiness = [&readiness](http::ProbeResponder respond) {
    readiness.check([respond = std::move(respond)](const ReadinessResult& result) {
      respond(result.ready() ? 200 : 503, result.json());
    });
  };
  // One port for everything (docs/architecture.md "Media over TCP"): ICE-TCP connections to the
  // HTTPS port go to the worker their first check names, and offers announce the port.
  options.iceTcp = [&media](int fd, std::vector<uint8_t> firstFrame) {
    media->adoptTcp(fd, std::move(firstFrame));
  };
  media->setHttpsTcpPort(config.port);
  if (turnRelay) {
    options.turnTcp = [&turnRelay](int fd) { turnRelay->adoptTcp(fd); };
    options.turnTls = [&turnRelay](http::SslStream stream, std::vector<uint8_t> first) {
      turnRelay->adoptTls(std::move(stream), std::move(first));
    };
  }
  http::HttpServer server(io, *tls, options);
  if (!server.start(error)) {
    LOG_ERROR("app", "HTTPS: %s", error.c_str());
    return 1;
  }
  // Renewed certificates (certbot) are taken up for new connections without a restart: on SIGHUP
  // and when the files change (docs/operations.md "TLS certificate renewal").
  http::CertificateReloader certificateReloader(io, server, *certificate, http::kCertificateCheckInterval);
  certificateReloader.start();
  // Prometheus metrics on their own listener (docs/operations.md "Metrics").
  std::vector<MetricsCollector::Worker> metricsWorkers;
  for (size_t i = 0; i < media->workerCount(); ++i)
    metricsWorkers.push_back(metricsWorker(media->worker(i)));
  MetricsCollector metrics(io, std::move(metricsWorkers), [&rooms, &server, &loginApi, &turnRelay] {
    std::optional<ControlSnapshot::Turn> turn;
    if (turnRelay) turn = ControlSnapshot::Turn{turnRelay->allocationCount(), turnRelay->refusedStreams(),
                                                turnRelay->counters()};
    return ControlSnapshot{rooms.roomCount(), rooms.peopleCount(), server.connectionCount(),
                           server.refusalCounts(), loginApi.counts(), turn};
  }, VICOS_VERSION, kMetricsDeadline);
  LoadMonitor loadMonitor(io, metrics, store::systemNow, LoadMonitor::Timing{});
  loadForCluster = &loadMonitor;
  AdminSources adminSources;
  adminSources.checkHealth = [&readiness](Readiness::Done done) { readiness.check(std::move(done)); };
  adminSources.load = [&loadMonitor] { return loadMonitor.current(); };
  adminSources.history = [&loadMonitor] { return loadMonitor.history().samples(); };
  adminSources.retention = retentionPolicy(config);
  adminApi = std::make_unique<AdminApi>(db, users, sessions, audit, passwordWorkers, std::move(adminSources));
  std::optional<http::MetricsListener> metricsListener;
  if (const auto endpoint = parseListenEndpoint(config.metricsListen)) {
    auto scrape = [&metrics](std::function<void(std::string)> done) { metrics.collect(std::move(done)); };
    metricsListener.emplace(io, endpoint->address, endpoint->port, std::move(scrape), config.metricsToken);
    if (!metricsListener->start(error)) {
      LOG_ERROR("app", "metrics: %s", error.c_str());
      return 1;
    }
    // The port only: log lines carry no IP address, not even our own (P27).
    const bool bearer = !config.metricsToken.empty();
    LOG_INFO("app", "Prometheus metrics on port %u at /metrics (metrics.listen)%s", metricsListener->port(),
             bearer ? ", bearer required (metrics.token)" : "");
  }
  media->start();
  loadMonitor.start();
  runRetentionNow(db, config);
  boost::asio::steady_timer retentionTimer(io);
  scheduleRetention(retentionTimer, db, config);
  boost::asio::steady_timer roomTimer(io);
  scheduleRoomSweep(roomTimer, rooms);
  LOG_INFO("app", "vicos %s listening on https port %u, media on UDP and TCP port %u (%zu worker%s)",
           versionText().c_str(), server.port(), media->worker(0).port(), media->workerCount(),
           media->workerCount() == 1 ? "" : "s");

  const ServiceNotifier notifier = ServiceNotifier::fromEnvironment();
  notifier.send("READY=1");
  std::optional<ServiceWatchdog> watchdog;
  if (notifier.watchdog()) {
    watchdog.emplace(io, notifier, readiness, *notifier.watchdog());
    watchdog->start();
  }

  boost::asio::signal_set reloadSignal(io, SIGHUP);
  std::function<void()> awaitReload = [&] {
    reloadSignal.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      LOG_INFO("app", "SIGHUP: reloading the TLS certificate");
      certificateReloader.reload();
      awaitReload();
    });
  };
  awaitReload();

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    LOG_INFO("app", "shutting down");
    notifier.send("STOPPING=1");
    if (watchdog) watchdog->stop();
    server.stop();
    retentionTimer.cancel();
    roomTimer.cancel();
    certificateReloader.stop();
    reloadSignal.cancel();
    if (metricsListener) metricsListener->stop();
    loadMonitor.stop();
    if (clusterSetup) clusterSetup->stop();
    media->stop();
    if (turnRelay) turnRelay->stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace vicos::app
