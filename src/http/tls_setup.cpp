// TLS server context and the self-signed localhost certificate, over OpenSSL 3.
#include "http/tls_setup.hpp"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/ssl/context.hpp>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "http/tls_setup_detail.hpp"

namespace vicos::http {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

constexpr long kValiditySeconds = 365L * 24 * 3600;
// Regenerate a little before expiry so that a running server does not cross it soon.
constexpr time_t kRenewMargin = 24 * 3600;

std::string opensslError(const char* what) {
  std::string out = what;
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    out += ": ";
    out += buf;
  }
  ERR_clear_error();
  return out;
}

X509Ptr readCertificate(const std::filesystem::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return nullptr;
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

PkeyPtr readKey(const std::filesystem::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return nullptr;
  return PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

bool addExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// Writes `write(bio)` to path via a temporary file created with `mode` and renamed into
// place, so a crash never leaves half a key and the key is never world-readable.
template <typename F>
bool writePem(const std::filesystem::path& path, mode_t mode, F write, std::string& error) {
  const std::string tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0 || ::fchmod(fd, mode) != 0) {
    error = "cannot create " + tmp + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  BioPtr bio(BIO_new_fd(fd, BIO_CLOSE));
  if (!bio) {
    ::close(fd);
    error = opensslError("BIO_new_fd");
    return false;
  }
  const bool ok = write(bio.get()) == 1 && BIO_flush(bio.get()) == 1;
  bio.reset();
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = ok ? "cannot rename " + tmp : opensslError("PEM write");
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

// True when cert and key load, belong together and stay valid beyond the renewal margin.
bool usable(const CertificatePaths& paths, bool checkExpiry) {
  const X509Ptr cert = readCertificate(paths.cert);
  const PkeyPtr key = readKey(paths.key);
  if (!cert || !key || X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return false;
  }
  if (!checkExpiry) return true;
  time_t horizon = std::time(nullptr) + kRenewMargin;
  return X509_cmp_time(X509_get0_notAfter(cert.get()), &horizon) > 0;
}

}  // namespace

namespace detail {

bool writeSelfSignedCertificate(const CertificatePaths& paths, long notBeforeOffset,
                                long validSeconds, std::string& error) {
  const PkeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr cert(X509_new());
  if (!key || !cert) {
    error = opensslError("key generation");
    return false;
  }
  // A random positive 127-bit serial (RFC 5280 4.1.2.2 allows up to 20 octets).
  uint8_t serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) {
    error = opensslError("RAND_bytes");
    return false;
  }
  serial[0] &= 0x7f;
  const BnPtr bn(BN_bin2bn(serial, sizeof serial, nullptr));
  X509_NAME* name = X509_get_subject_name(cert.get());
  const bool ok =
      bn && X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
      BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) != nullptr &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), notBeforeOffset) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), notBeforeOffset + validSeconds) != nullptr &&
      X509_set_pubkey(cert.get(), key.get()) == 1 &&
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>("vicos"), -1, -1, 0) == 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                                 0) == 1 &&
      X509_set_issuer_name(cert.get(), name) == 1 &&
      addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
      addExtension(cert.get(), NID_key_usage, "critical,digitalSignature") &&
      addExtension(cert.get(), NID_ext_key_usage, "serverAuth") &&
      addExtension(cert.get(), NID_subject_key_identifier, "hash") &&
      addExtension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") &&
      X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) {
    error = opensslError("certificate generation");
    return false;
  }
  // Key first: a certificate without its key is never left behind as "usable".
  return writePem(
             paths.key, 0600,
             [&](BIO* bio) {
               return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr,
                                               nullptr);
             },
             error) &&
         writePem(
             paths.cert, 0644, [&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); },
             error);
}

}  // namespace detail

std::optional<CertificatePaths> loadOrCreateCertificate(
    const std::filesystem::path& dataDir, const std::optional<std::filesystem::path>& certPath,
    const std::optional<std::filesystem::path>& keyPath, std::string& error) {
  if (certPath || keyPath) {
    if (!certPath || !keyPath) {
      error = "a TLS certificate needs both a certificate and a key file";
      return std::nullopt;
    }
    CertificatePaths paths{*certPath, *keyPath};
    // A configured certificate is the operator's to renew; it is only checked to load.
    if (!usable(paths, false)) {
      error = "cannot load certificate " + certPath->string() + " with key " +
              keyPath->string() + " (missing, unreadable or not a pair)";
      return std::nullopt;
    }
    return paths;
  }

  const std::filesystem::path dir = dataDir / "tls";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || ::chmod(dir.c_str(), 0700) != 0) {
    error = "cannot create " + dir.string() + (ec ? ": " + ec.message() : "");
    return std::nullopt;
  }
  CertificatePaths paths{dir / "cert.pem", dir / "key.pem"};
  if (usable(paths, true)) return paths;
  if (!detail::writeSelfSignedCertificate(paths, -3600, kValiditySeconds, error))
    return std::nullopt;
  return paths;
}

std::unique_ptr<boost::asio::ssl::context> makeServerTlsContext(const CertificatePaths& paths,
                                                                std::string& error) {
  auto ctx = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  // BSI TR-02102-2 3.2/3.3: TLS 1.2 and 1.3 only; in 1.2 only ECDHE with GCM or
  // ChaCha20-Poly1305; no compression (CRIME), no renegotiation.
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE);
  // An idle connection (a WebSocket between messages) gives its 16-34 KiB record buffers back
  // (docs/security.md "Connections, logins and sessions").
  SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
  const bool ok =
      SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) == 1 &&
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) == 1 &&
      SSL_CTX_set_ciphersuites(
          native, "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256") ==
          1 &&
      SSL_CTX_set1_groups_list(native, "P-256:P-384:X25519") == 1;
  if (!ok) {
    error = opensslError("TLS parameters");
    return nullptr;
  }
  if (SSL_CTX_use_certificate_chain_file(native, paths.cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(native, paths.key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(native) != 1) {
    error = opensslError(("certificate " + paths.cert.string()).c_str());
    return nullptr;
  }
  return ctx;
}

}  // namespace vicos::http
