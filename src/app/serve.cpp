// Start-up order: data directory, TLS certificate, media worker (binds the UDP port), rooms,
// HTTPS server; shutdown in reverse on a signal.
#include "app/serve.hpp"

#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <filesystem>

#include "app/signaling_bridge.hpp"
#include "common/log.hpp"
#include "http/http_server.hpp"
#include "http/tls_setup.hpp"
#include "room/room_manager.hpp"
#include "sfu/worker_media_plane.hpp"

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

}  // namespace

int serve(const Config& config) {
  log::setLevel(config.logLevel);
  log::setAddressMode(config.logAddresses);
  if (config.logAddresses == log::AddressMode::Full)
    LOG_WARN("app", "full IP addresses are written to the log (log.addresses = full); use this only to debug");
  if (!prepareDataDir(config.dataDir)) return 1;

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
        sfu::WorkerOptions{config.mediaBind, config.mediaPort}, config.mediaAnnounce,
        [&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); });
  } catch (const std::exception& e) {
    LOG_ERROR("app", "media: %s", e.what());
    return 1;
  }
  room::RoomManager rooms(*media, room::RoomLimits{config.maxParticipants});
  media->setEventHandler([&rooms](const std::string& room, const std::string& participant, sfu::PeerEvent event) {
    rooms.onPeerEvent(room, participant, event);
  });

  http::HttpServer::Options options;
  options.address = config.listenAddress;
  options.port = config.port;
  options.frameAncestors = config.frameAncestors;
  if (config.webRoot) options.webRoot = *config.webRoot;
  options.handlerFactory = makeSignalingFactory(rooms);
  http::HttpServer server(io, *tls, options);
  if (!server.start(error)) {
    LOG_ERROR("app", "HTTPS: %s", error.c_str());
    return 1;
  }
  media->start();
  LOG_INFO("app", "vicos %s listening on https port %u, media on UDP port %u", VICOS_VERSION,
           server.port(), media->worker().port());

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    LOG_INFO("app", "shutting down");
    server.stop();
    media->stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace vicos::app
