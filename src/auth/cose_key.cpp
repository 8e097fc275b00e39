// COSE keys to OpenSSL keys through EVP_PKEY_fromdata (OpenSSL 3), checked with
// EVP_PKEY_public_check, so that a point off the curve never reaches a verification.
#include "auth/cose_key.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <memory>

#include "auth/cbor_item.hpp"

namespace vicos::auth {
namespace {

constexpr int64_t kKeyType = 1, kAlgorithm = 3, kParam1 = -1, kParam2 = -2, kParam3 = -3;
constexpr int64_t kKeyTypeEc2 = 2, kKeyTypeRsa = 3, kCurveP256 = 1;
constexpr size_t kP256CoordinateBytes = 32;
constexpr size_t kRsaMinBytes = 256, kRsaMaxBytes = 512;

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

Owned<EVP_PKEY> fromParams(const char* type, OSSL_PARAM_BLD* builder) {
  Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
  Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return nullptr;
  Owned<EVP_PKEY> owned(key);
  Owned<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return owned;
}

Owned<EVP_PKEY> ecKey(const cbor_item_t* map) {
  const auto curve = cborInt(mapMember(map, kParam1));
  const auto x = cborBytes(mapMember(map, kParam2));
  const auto y = cborBytes(mapMember(map, kParam3));
  if (curve != kCurveP256 || !x || !y || x->size() != kP256CoordinateBytes ||
      y->size() != kP256CoordinateBytes)
    return nullptr;
  std::vector<uint8_t> point{0x04};  // SEC 1 section 2.3.3: uncompressed point
  point.insert(point.end(), x->begin(), x->end());
  point.insert(point.end(), y->begin(), y->end());
  Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) !=
          1)
    return nullptr;
  return fromParams("EC", builder.get());
}

Owned<EVP_PKEY> rsaKey(const cbor_item_t* map) {
  const auto n = cborBytes(mapMember(map, kParam1));
  const auto e = cborBytes(mapMember(map, kParam2));
  if (!n || !e || n->size() < kRsaMinBytes || n->size() > kRsaMaxBytes || e->empty() || e->size() > 8)
    return nullptr;
  Owned<BIGNUM> bnN(BN_bin2bn(n->data(), static_cast<int>(n->size()), nullptr));
  Owned<BIGNUM> bnE(BN_bin2bn(e->data(), static_cast<int>(e->size()), nullptr));
  Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (!bnN || !bnE || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bnN.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bnE.get()) != 1)
    return nullptr;
  return fromParams("RSA", builder.get());
}

}  // namespace

WebAuthnResult<PublicKey> parseCoseKey(std::span<const uint8_t> cbor) {
  auto loaded = loadCbor(cbor);
  if (!loaded || loaded->read != cbor.size() || !cbor_isa_map(loaded->item.get()))
    return WebAuthnError::BadPublicKey;
  const cbor_item_t* map = loaded->item.get();
  const auto type = cborInt(mapMember(map, kKeyType));
  const auto algorithm = cborInt(mapMember(map, kAlgorithm));
  if (!type || !algorithm) return WebAuthnError::BadPublicKey;
  Owned<EVP_PKEY> key;
  if (*algorithm == kCoseEs256 && *type == kKeyTypeEc2)
    key = ecKey(map);
  else if (*algorithm == kCoseRs256 && *type == kKeyTypeRsa)
    key = rsaKey(map);
  else
    return WebAuthnError::UnsupportedAlgorithm;
  if (!key) return WebAuthnError::BadPublicKey;
  const int size = i2d_PUBKEY(key.get(), nullptr);
  if (size <= 0) return WebAuthnError::BadPublicKey;
  PublicKey out{*algorithm, std::vector<uint8_t>(static_cast<size_t>(size))};
  unsigned char* p = out.spki.data();
  i2d_PUBKEY(key.get(), &p);
  return out;
}

bool verifySignature(const PublicKey& key, std::span<const uint8_t> message,
                     std::span<const uint8_t> signature) {
  if (key.algorithm != kCoseEs256 && key.algorithm != kCoseRs256) return false;
  const unsigned char* p = key.spki.data();
  Owned<EVP_PKEY> pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(key.spki.size())));
  if (!pkey) return false;
  const bool ec = EVP_PKEY_is_a(pkey.get(), "EC") == 1;
  if (ec != (key.algorithm == kCoseEs256)) return false;
  Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

}  // namespace vicos::auth
