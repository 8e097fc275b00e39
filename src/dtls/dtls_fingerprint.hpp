// Certificate fingerprints as SDP carries them (RFC 8122 5: "sha-256 AB:CD:..."), and their
// constant-time comparison.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>
#include <string_view>

namespace vicos::dtls {

// The digest for an SDP hash-func name ("sha-1", "sha-256", "sha-384", "sha-512"), matched
// case-insensitively; nullptr for any other name.
const EVP_MD* fingerprintDigest(std::string_view sdpName);

// Upper-case hex bytes joined by colons over the DER form of `cert`; empty on failure.
std::string x509Fingerprint(X509* cert, const EVP_MD* digest);

// The sha-256 fingerprint of any certificate, in SDP form.
std::string x509FingerprintSha256(X509* cert);

// True when both are the same fingerprint, ignoring ASCII case. Runs in time that depends
// only on the lengths.
bool fingerprintsEqual(std::string_view a, std::string_view b);

}  // namespace vicos::dtls
