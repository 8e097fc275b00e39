// Certificate fingerprints in SDP form and their constant-time comparison.
#include "dtls/dtls_fingerprint.hpp"

#include <openssl/crypto.h>

#include <array>

namespace vicos::dtls {

namespace {

char asciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (asciiUpper(a[i]) != asciiUpper(b[i])) return false;
  return true;
}

}  // namespace

const EVP_MD* fingerprintDigest(std::string_view sdpName) {
  // RFC 8122 5 names the hash functions by their IANA "Hash Function Textual Names".
  if (equalsIgnoreCase(sdpName, "sha-256")) return EVP_sha256();
  if (equalsIgnoreCase(sdpName, "sha-1")) return EVP_sha1();
  if (equalsIgnoreCase(sdpName, "sha-384")) return EVP_sha384();
  if (equalsIgnoreCase(sdpName, "sha-512")) return EVP_sha512();
  return nullptr;
}

std::string x509Fingerprint(X509* cert, const EVP_MD* digest) {
  if (cert == nullptr || digest == nullptr) return {};
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int mdLen = 0;
  if (X509_digest(cert, digest, md.data(), &mdLen) != 1 || mdLen == 0) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(mdLen * 3);
  for (unsigned int i = 0; i < mdLen; ++i) {
    if (i != 0) out.push_back(':');
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0x0f]);
  }
  return out;
}

std::string x509FingerprintSha256(X509* cert) { return x509Fingerprint(cert, EVP_sha256()); }

bool fingerprintsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  // Fold the case first so that the comparison itself is a single CRYPTO_memcmp.
  std::string upperA(a.size(), '\0');
  std::string upperB(b.size(), '\0');
  for (size_t i = 0; i < a.size(); ++i) {
    upperA[i] = asciiUpper(a[i]);
    upperB[i] = asciiUpper(b[i]);
  }
  return CRYPTO_memcmp(upperA.data(), upperB.data(), upperA.size()) == 0;
}

}  // namespace vicos::dtls
