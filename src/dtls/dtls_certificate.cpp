// Generation of the in-memory self-signed ECDSA P-256 DTLS certificate.
#include "dtls/dtls_certificate.hpp"

#include <openssl/bn.h>
#include <openssl/rand.h>

#include <array>

namespace vicos::dtls {

namespace {

struct BnDeleter {
  void operator()(BIGNUM* p) const { BN_free(p); }
};

bool setRandomSerial(X509* cert) {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return false;
  bytes[0] &= 0x7f;  // RFC 5280 4.1.2.2: the serial is a positive integer
  bytes[0] |= 0x01;  // and never zero
  std::unique_ptr<BIGNUM, BnDeleter> bn(
      BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  return bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

}  // namespace

std::optional<DtlsCertificate> DtlsCertificate::generate() {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return std::nullopt;
  X509Ptr cert(X509_new());
  if (!cert) return std::nullopt;

  constexpr long kDay = 24 * 60 * 60;
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>("vicos");
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1 || !setRandomSerial(cert.get()) ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kDay) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidDays * kDay) == nullptr ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key.get()) != 1 ||
      X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    return std::nullopt;
  }
  std::string fingerprint = x509FingerprintSha256(cert.get());
  if (fingerprint.empty()) return std::nullopt;
  return DtlsCertificate(std::move(cert), std::move(key), std::move(fingerprint));
}

}  // namespace vicos::dtls
