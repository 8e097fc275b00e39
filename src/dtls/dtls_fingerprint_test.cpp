// Tests of SDP fingerprints against values computed independently by `openssl x509`.
#include "dtls/dtls_fingerprint.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <memory>

namespace vicos::dtls {
namespace {

// A P-256 certificate made with `openssl req -x509 -newkey ec`; the expected fingerprints
// below come from `openssl x509 -noout -fingerprint -sha1/-sha256/-sha384` on it.
constexpr char kPem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBeDCCAR2gAwIBAgIUICS5gZ1oW1AF3oon+ZTz+mn0UgowCgYIKoZIzj0EAwIw\n"
    "ETEPMA0GA1UEAwwGdmVjdG9yMB4XDTI2MTEyNjE3MjkxMFoXDTM2MTEyMzE3Mjkx\n"
    "MFowETEPMA0GA1UEAwwGdmVjdG9yMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
    "qk2pSyiY0rCbYFe9sqjB2eeKwJuoRWsDqMu3dzetyJfTeOqvmvtxRhRSj9L1syTx\n"
    "mZL2Xyb9v6CoeFiUMDxOqaNTMFEwHQYDVR0OBBYEFHJjZiRzIFJBCxx2spRGSlsc\n"
    "EjQoMB8GA1UdIwQYMBaAFHJjZiRzIFJBCxx2spRGSlscEjQoMA8GA1UdEwEB/wQF\n"
    "MAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAL1TXoJD0MEiPGuo6PVxZDG2Tjv4uOx+\n"
    "AHWTFKmlBlnsAiEA+0px8p1y8UsJEjOH2UTOk2fBS9FXZW699wFHdigj/iM=\n"
    "-----END CERTIFICATE-----\n";

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};

std::unique_ptr<X509, X509Free> loadVector() {
  BIO* bio = BIO_new_mem_buf(kPem, -1);
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return std::unique_ptr<X509, X509Free>(cert);
}

TEST(DtlsFingerprint, MatchesOpensslCommandLine) {
  auto cert = loadVector();
  ASSERT_TRUE(cert);
  EXPECT_EQ(x509FingerprintSha256(cert.get()),
            "6E:6C:22:1D:EC:5B:CA:03:C3:B1:A5:FB:48:D3:63:36:BB:ED:FC:7A:04:71:7A:33:BA:C7:1B:A6:"
            "76:EB:3E:DD");
  EXPECT_EQ(x509Fingerprint(cert.get(), fingerprintDigest("sha-1")),
            "82:E0:36:76:57:DC:36:74:21:0C:31:06:21:EC:F6:84:C7:2A:1F:8E");
  EXPECT_EQ(x509Fingerprint(cert.get(), fingerprintDigest("SHA-384")),
            "8D:0F:1B:54:2C:A8:22:C3:EA:1D:0A:28:EE:DA:65:02:88:A6:CA:AC:87:52:41:66:29:1A:36:A4:"
            "6A:DA:CA:C2:62:9F:C0:63:B5:79:10:07:CC:B4:1B:E8:C1:4E:79:EC");
  EXPECT_EQ(x509Fingerprint(cert.get(), fingerprintDigest("sha-512")).size(), 64u * 3 - 1);
}

TEST(DtlsFingerprint, UnknownAlgorithmsAndNullCertificates) {
  EXPECT_EQ(fingerprintDigest("md5"), nullptr);
  EXPECT_EQ(fingerprintDigest("sha256"), nullptr);  // SDP spells it with a hyphen
  EXPECT_EQ(fingerprintDigest(""), nullptr);
  EXPECT_EQ(x509FingerprintSha256(nullptr), "");
  auto cert = loadVector();
  EXPECT_EQ(x509Fingerprint(cert.get(), nullptr), "");
}

TEST(DtlsFingerprint, ComparisonIgnoresCaseOnly) {
  EXPECT_TRUE(fingerprintsEqual("AB:CD:EF:01", "ab:cd:ef:01"));
  EXPECT_TRUE(fingerprintsEqual("ab:CD:eF:01", "AB:cd:Ef:01"));
  EXPECT_FALSE(fingerprintsEqual("AB:CD:EF:01", "AB:CD:EF:02"));
  EXPECT_FALSE(fingerprintsEqual("AB:CD:EF:01", "AB:CD:EF:0"));
  EXPECT_FALSE(fingerprintsEqual("AB:CD:EF:01", "AB:CD:EF:01:"));
  EXPECT_FALSE(fingerprintsEqual("", ""));
  // Only letters fold: '[' (0x5B) and '{' (0x7B) differ by the case bit but are not letters.
  EXPECT_FALSE(fingerprintsEqual("[", "{"));
}

}  // namespace
}  // namespace vicos::dtls
