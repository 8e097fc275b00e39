// Certificate reload: a new SSL_CTX per accepted pair. Each open connection's SSL object holds a
// reference to the SSL_CTX it was made from (SSL_new), so swapping the server's context leaves
// open connections, and the meetings on them, exactly as they were.
#include "http/certificate_reloader.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <boost/asio/ssl/context.hpp>

#include "common/log.hpp"
#include "http/http_server.hpp"

namespace vicos::http {

CertificateReloader::CertificateReloader(boost::asio::io_context& io, HttpServer& server,
                                         CertificatePaths paths, std::chrono::milliseconds interval)
    : mTimer(io), mServer(server), mPaths(std::move(paths)), mInterval(interval) {}

void CertificateReloader::start() {
  mSeen = stamps();
  schedule();
}

CertificateReloader::Stamps CertificateReloader::stamps() const {
  Stamps out{};
  const std::filesystem::path* files[] = {&mPaths.cert, &mPaths.key};
  for (size_t i = 0; i < out.size(); ++i) {
    struct stat st {};
    if (::stat(files[i]->c_str(), &st) != 0) continue;  // missing: all zero, a change when it returns
    out[i] = Stamp{st.st_dev, st.st_ino, st.st_size,
                   int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
  }
  return out;
}

void CertificateReloader::schedule() {
  mTimer.expires_after(mInterval);
  mTimer.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // stopped
    if (stamps() != mSeen) reload();
    schedule();
  });
}

bool CertificateReloader::reload() {
  mSeen = stamps();
  std::string error;
  auto context = makeServerTlsContext(mPaths, error);
  if (context) {
    const X509* leaf = SSL_CTX_get0_certificate(context->native_handle());
    if (leaf == nullptr || X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
      error = "certificate " + mPaths.cert.string() + " has expired";
      context.reset();
    }
  }
  if (!context) {
    LOG_ERROR("http", "TLS certificate not reloaded, the previous one stays in use: %s", error.c_str());
    return false;
  }
  mServer.setTlsContext(std::move(context));
  LOG_INFO("http", "TLS certificate reloaded from %s; new connections use it", mPaths.cert.string().c_str());
  return true;
}

}  // namespace vicos::http
