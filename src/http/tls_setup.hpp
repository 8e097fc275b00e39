// The server's TLS configuration (BSI TR-02102-2) and its certificate: the configured one, or a
// self-signed localhost certificate generated on first start and kept in the data directory.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace vicos::http {

struct CertificatePaths {
  std::filesystem::path cert;  // PEM chain, leaf first
  std::filesystem::path key;   // PEM private key
};

// With certPath and keyPath given, checks they are readable and returns them. Otherwise uses
// <dataDir>/tls/cert.pem and key.pem: generated (ECDSA P-256, SAN localhost, 127.0.0.1, ::1,
// valid one year; directory 0700, key 0600) when missing, unreadable, not matching or
// expired, reused otherwise. On failure returns nullopt and says why in `error`.
std::optional<CertificatePaths> loadOrCreateCertificate(
    const std::filesystem::path& dataDir, const std::optional<std::filesystem::path>& certPath,
    const std::optional<std::filesystem::path>& keyPath, std::string& error);

// Server context: TLS 1.3 preferred, TLS 1.2 minimum with ECDHE + AEAD suites only, server
// cipher preference, no compression, no renegotiation. nullptr and `error` on failure.
std::unique_ptr<boost::asio::ssl::context> makeServerTlsContext(const CertificatePaths& paths,
                                                                std::string& error);

// The TLS 1.2 suites allowed (OpenSSL names); TLS 1.3 suites are all AEAD.
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";

}  // namespace vicos::http
