// The SSL_CTX that every DtlsTransport of one media worker shares: DTLS 1.2 only, ECDHE with
// AEAD ciphers, our ECDSA certificate, use_srtp (RFC 5764 4.1), and peers authenticated by
// fingerprint rather than by a CA (RFC 5763 5).
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "dtls/dtls_certificate.hpp"

namespace vicos::dtls {

// Our SRTP profiles in order of preference: GCM (RFC 7714) first, then the profile every
// browser supports (RFC 5764 4.1.2).
inline constexpr char kDefaultSrtpProfiles[] = "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80";

struct DtlsContextOptions {
  // OpenSSL profile names, colon-separated, in order of preference.
  std::string srtpProfiles = kDefaultSrtpProfiles;
};

class DtlsContext {
 public:
  // Nullptr if OpenSSL refuses the certificate or a setting.
  static std::unique_ptr<DtlsContext> create(const DtlsCertificate& certificate,
                                             const DtlsContextOptions& options = {});

  ~DtlsContext();
  DtlsContext(const DtlsContext&) = delete;
  DtlsContext& operator=(const DtlsContext&) = delete;

  SSL_CTX* native() const { return mCtx; }
  // The sha-256 fingerprint of our certificate, for the SDP offer.
  const std::string& localFingerprintSha256() const { return mFingerprint; }

 private:
  DtlsContext(SSL_CTX* ctx, std::string fingerprint)
      : mCtx(ctx), mFingerprint(std::move(fingerprint)) {}

  SSL_CTX* mCtx;
  std::string mFingerprint;
};

}  // namespace vicos::dtls
