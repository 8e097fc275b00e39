// Replaces the HTTPS server's certificate and key when their files change or on request (SIGHUP),
// without touching open connections; a broken or mismatched pair is refused and the old one kept.
#pragma once

#include <sys/types.h>

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "http/tls_setup.hpp"

namespace vicos::http {

class HttpServer;

class CertificateReloader {
 public:
  // `server` must outlive the reloader; everything runs on `io`'s thread (the control thread).
  // The files are looked at every `interval` (their identity, size and modification time).
  CertificateReloader(boost::asio::io_context& io, HttpServer& server, CertificatePaths paths,
                      std::chrono::milliseconds interval);

  void start();
  void stop() { mTimer.cancel(); }

  // Builds a context from the files as they are now and installs it for new connections. False,
  // with one log line saying why, when the pair cannot be loaded, does not match or has expired.
  bool reload();

 private:
  // What stat(2) says about one file, through symbolic links (certbot's live/ links).
  struct Stamp {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    int64_t modifiedNs = 0;
    bool operator==(const Stamp&) const = default;
  };
  using Stamps = std::array<Stamp, 2>;  // certificate, key
  Stamps stamps() const;
  void schedule();

  boost::asio::steady_timer mTimer;
  HttpServer& mServer;
  CertificatePaths mPaths;
  std::chrono::milliseconds mInterval;
  Stamps mSeen{};  // at the last reload attempt: a refused pair is tried again once it changes
};

// How often the certificate files are checked for changes.
inline constexpr std::chrono::seconds kCertificateCheckInterval{30};

}  // namespace vicos::http
