// A self-signed ECDSA P-256 certificate made in memory for DTLS-SRTP (RFC 5763 5: the
// certificate is authenticated by its fingerprint in the SDP, not by a CA).
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>

#include "dtls/dtls_fingerprint.hpp"

namespace vicos::dtls {

struct X509Deleter {
  void operator()(X509* p) const { X509_free(p); }
};
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

class DtlsCertificate {
 public:
  static constexpr long kValidDays = 30;

  // A new key pair and certificate: random 63-bit serial, CN "vicos", valid from one day
  // ago (clock skew) for kValidDays. Empty if OpenSSL fails.
  static std::optional<DtlsCertificate> generate();

  X509* certificate() const { return mCert.get(); }
  EVP_PKEY* privateKey() const { return mKey.get(); }

  // "AB:CD:..." as it goes after "a=fingerprint:sha-256 " in SDP.
  const std::string& fingerprintSha256() const { return mFingerprint; }

 private:
  DtlsCertificate(X509Ptr cert, EvpPkeyPtr key, std::string fingerprint)
      : mCert(std::move(cert)), mKey(std::move(key)), mFingerprint(std::move(fingerprint)) {}

  X509Ptr mCert;
  EvpPkeyPtr mKey;
  std::string mFingerprint;
};

}  // namespace vicos::dtls
