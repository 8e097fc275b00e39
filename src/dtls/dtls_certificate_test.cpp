// Tests of the generated self-signed DTLS certificate.
#include "dtls/dtls_certificate.hpp"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>

#include <ctime>
#include <regex>

namespace vicos::dtls {
namespace {

TEST(DtlsCertificate, IsSelfSignedP256WithTheAgreedFields) {
  auto generated = DtlsCertificate::generate();
  ASSERT_TRUE(generated);
  X509* cert = generated->certificate();
  ASSERT_NE(cert, nullptr);
  ASSERT_NE(generated->privateKey(), nullptr);

  EXPECT_EQ(EVP_PKEY_get_base_id(generated->privateKey()), EVP_PKEY_EC);
  char group[32] = {};
  size_t groupLen = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(generated->privateKey(), group, sizeof(group), &groupLen), 1);
  EXPECT_STREQ(group, "prime256v1");

  EXPECT_EQ(X509_get_version(cert), X509_VERSION_3);
  char cn[32] = {};
  ASSERT_GT(X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof(cn)),
            0);
  EXPECT_STREQ(cn, "vicos");
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)), 0);
  EXPECT_EQ(X509_verify(cert, generated->privateKey()), 1);
  EXPECT_EQ(X509_check_private_key(cert, generated->privateKey()), 1);

  // Valid from about a day ago until about 30 days from now.
  const time_t now = std::time(nullptr);
  int days = 0, seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)), 1);
  EXPECT_EQ(days, 31);
  time_t dayAgoPlus = now - 24 * 60 * 60 + 60;
  time_t dayAgoMinus = now - 24 * 60 * 60 - 60;
  EXPECT_LT(X509_cmp_time(X509_get0_notBefore(cert), &dayAgoPlus), 0);
  EXPECT_GT(X509_cmp_time(X509_get0_notBefore(cert), &dayAgoMinus), 0);

  const BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  ASSERT_NE(serial, nullptr);
  EXPECT_FALSE(BN_is_negative(serial));
  EXPECT_FALSE(BN_is_zero(serial));
  BN_free(const_cast<BIGNUM*>(serial));
}

TEST(DtlsCertificate, FingerprintIsSdpFormAndMatchesTheCertificate) {
  auto generated = DtlsCertificate::generate();
  ASSERT_TRUE(generated);
  const std::string& fp = generated->fingerprintSha256();
  EXPECT_TRUE(std::regex_match(fp, std::regex("([0-9A-F]{2}:){31}[0-9A-F]{2}"))) << fp;
  EXPECT_EQ(fp, x509FingerprintSha256(generated->certificate()));
}

TEST(DtlsCertificate, EachCertificateIsNew) {
  auto a = DtlsCertificate::generate();
  auto b = DtlsCertificate::generate();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->fingerprintSha256(), b->fingerprintSha256());
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(a->certificate()),
                             X509_get0_serialNumber(b->certificate())),
            0);
}

}  // namespace
}  // namespace vicos::dtls
