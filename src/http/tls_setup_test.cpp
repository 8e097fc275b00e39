// Tests of the self-signed certificate life cycle and the server TLS context parameters.
#include "http/tls_setup.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/ssl/context.hpp>
#include <fstream>
#include <sstream>

#include "http/tls_setup_detail.hpp"

namespace vicos::http {
namespace {

std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

mode_t modeOf(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
std::unique_ptr<X509, X509Free> loadCert(const std::filesystem::path& p) {
  FILE* f = std::fopen(p.c_str(), "r");
  if (f == nullptr) return nullptr;
  X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return std::unique_ptr<X509, X509Free>(x);
}

class TlsSetup : public ::testing::Test {
 protected:
  void SetUp() override {
    mDir = std::filesystem::temp_directory_path() /
           ("vicos-tls-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(mDir);
  }
  void TearDown() override { std::filesystem::remove_all(mDir); }
  std::filesystem::path mDir;
};

TEST_F(TlsSetup, GeneratesOnceWithPrivateModesAndReuses) {
  std::string error;
  const auto first = loadOrCreateCertificate(mDir, std::nullopt, std::nullopt, error);
  ASSERT_TRUE(first) << error;
  EXPECT_EQ(first->cert, mDir / "tls" / "cert.pem");
  EXPECT_EQ(first->key, mDir / "tls" / "key.pem");
  EXPECT_EQ(modeOf(first->key), 0600u);
  EXPECT_EQ(modeOf(mDir / "tls"), 0700u);
  const std::string certPem = readAll(first->cert);
  const std::string keyPem = readAll(first->key);
  EXPECT_NE(certPem.find("BEGIN CERTIFICATE"), std::string::npos);

  const auto second = loadOrCreateCertificate(mDir, std::nullopt, std::nullopt, error);
  ASSERT_TRUE(second) << error;
  EXPECT_EQ(readAll(second->cert), certPem);
  EXPECT_EQ(readAll(second->key), keyPem);
}

TEST_F(TlsSetup, CertificateIsP256ForLocalhostForAYear) {
  std::string error;
  const auto paths = loadOrCreateCertificate(mDir, std::nullopt, std::nullopt, error);
  ASSERT_TRUE(paths) << error;
  const auto cert = loadCert(paths->cert);
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_host(cert.get(), "example.com", 0, 0, nullptr), 1);
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  ASSERT_NE(key, nullptr);
  char group[32] = {};
  size_t len = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(key, group, sizeof group, &len), 1);
  EXPECT_STREQ(group, "prime256v1");
  int days = 0;
  int secs = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &secs, nullptr, X509_get0_notAfter(cert.get())), 1);
  EXPECT_GE(days, 363);
  EXPECT_LE(days, 366);
}

TEST_F(TlsSetup, ExpiredCertificateIsRegenerated) {
  std::filesystem::create_directories(mDir / "tls");
  const CertificatePaths paths{mDir / "tls" / "cert.pem", mDir / "tls" / "key.pem"};
  std::string error;
  ASSERT_TRUE(detail::writeSelfSignedCertificate(paths, -2 * 86400, 3600, error)) << error;
  const std::string expiredPem = readAll(paths.cert);

  const auto renewed = loadOrCreateCertificate(mDir, std::nullopt, std::nullopt, error);
  ASSERT_TRUE(renewed) << error;
  EXPECT_NE(readAll(renewed->cert), expiredPem);
  const auto cert = loadCert(renewed->cert);
  ASSERT_TRUE(cert);
  EXPECT_GT(X509_cmp_current_time(X509_get0_notAfter(cert.get())), 0);
}

TEST_F(TlsSetup, MismatchedKeyIsRegenerated) {
  std::string error;
  const auto a = loadOrCreateCertificate(mDir / "a", std::nullopt, std::nullopt, error);
  const auto b = loadOrCreateCertificate(mDir / "b", std::nullopt, std::nullopt, error);
  ASSERT_TRUE(a && b) << error;
  std::filesystem::copy_file(b->key, a->key, std::filesystem::copy_options::overwrite_existing);
  const std::string oldCert = readAll(a->cert);
  ASSERT_TRUE(loadOrCreateCertificate(mDir / "a", std::nullopt, std::nullopt, error)) << error;
  EXPECT_NE(readAll(a->cert), oldCert);
}

TEST_F(TlsSetup, ConfiguredFilesMustExistAndPair) {
  std::string error;
  EXPECT_FALSE(loadOrCreateCertificate(mDir, mDir / "nope.pem", mDir / "nope.key", error));
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_FALSE(loadOrCreateCertificate(mDir, mDir / "only-cert.pem", std::nullopt, error));
  EXPECT_FALSE(error.empty());

  const auto generated = loadOrCreateCertificate(mDir, std::nullopt, std::nullopt, error);
  ASSERT_TRUE(generated) << error;
  const auto configured =
      loadOrCreateCertificate(mDir / "other", generated->cert, generated->key, error);
  ASSERT_TRUE(configured) << error;
  EXPECT_EQ(configured->cert, generated->cert);
  EXPECT_FALSE(std::filesystem::exists(mDir / "other" / "tls"));
}

TEST_F(TlsSetup, ServerContextParameters) {
  std::string error;
  const auto paths = loadOrCreateCertificate(mDir, std::nullopt, std::nullopt, error);
  ASSERT_TRUE(paths) << error;
  const auto ctx = makeServerTlsContext(*paths, error);
  ASSERT_TRUE(ctx) << error;
  SSL_CTX* native = ctx->native_handle();
  EXPECT_EQ(SSL_CTX_get_min_proto_version(native), TLS1_2_VERSION);
  const uint64_t options = SSL_CTX_get_options(native);
  EXPECT_TRUE(options & SSL_OP_NO_COMPRESSION);
  EXPECT_TRUE(options & SSL_OP_NO_RENEGOTIATION);
  EXPECT_TRUE(options & SSL_OP_CIPHER_SERVER_PREFERENCE);
  // Every TLS 1.2 suite offered is ECDHE with an AEAD cipher.
  STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(native);
  ASSERT_NE(ciphers, nullptr);
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
    EXPECT_TRUE(SSL_CIPHER_is_aead(c)) << SSL_CIPHER_get_name(c);
    const int kx = SSL_CIPHER_get_kx_nid(c);
    EXPECT_TRUE(kx == NID_kx_ecdhe || kx == NID_kx_any) << SSL_CIPHER_get_name(c);
  }

  EXPECT_FALSE(makeServerTlsContext({mDir / "missing.pem", paths->key}, error));
}

}  // namespace
}  // namespace vicos::http
