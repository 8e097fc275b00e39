// A software WebAuthn authenticator for the tests: a real P-256 or RSA key from OpenSSL, CBOR
// built with libcbor, signatures made the way an authenticator makes them, so the verifier is
// tested against genuine bytes that a test can then tamper with.
#pragma once

#include <cbor.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <string>
#include <vector>

#include "auth/authenticator_data.hpp"
#include "common/base64url.hpp"

namespace vicos::auth::test {

using ByteVector = std::vector<uint8_t>;

inline ByteVector serialize(cbor_item_t* item) {
  unsigned char* buffer = nullptr;
  size_t size = 0;
  const size_t length = cbor_serialize_alloc(item, &buffer, &size);
  ByteVector out(buffer, buffer + length);
  free(buffer);
  cbor_decref(&item);
  return out;
}

inline void add(cbor_item_t* map, cbor_item_t* key, cbor_item_t* value) {
  (void)cbor_map_add(map, cbor_pair{cbor_move(key), cbor_move(value)});
}

inline cbor_item_t* intItem(int64_t v) {
  if (v >= 0) return cbor_build_uint64(static_cast<uint64_t>(v));
  return cbor_build_negint64(static_cast<uint64_t>(-1 - v));
}

class SoftAuthenticator {
 public:
  explicit SoftAuthenticator(bool rsa = false) : mRsa(rsa) {
    mKey = rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
    mCredentialId = {0xc1, 0xed, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05};
  }
  ~SoftAuthenticator() { EVP_PKEY_free(mKey); }
  SoftAuthenticator(const SoftAuthenticator&) = delete;
  SoftAuthenticator& operator=(const SoftAuthenticator&) = delete;

  ByteVector coseKey(int64_t algorithm = 0) const {
    cbor_item_t* map = cbor_new_definite_map(5);
    if (mRsa) {
      BIGNUM* n = nullptr;
      BIGNUM* e = nullptr;
      EVP_PKEY_get_bn_param(mKey, OSSL_PKEY_PARAM_RSA_N, &n);
      EVP_PKEY_get_bn_param(mKey, OSSL_PKEY_PARAM_RSA_E, &e);
      ByteVector nb(static_cast<size_t>(BN_num_bytes(n))), eb(static_cast<size_t>(BN_num_bytes(e)));
      BN_bn2bin(n, nb.data());
      BN_bn2bin(e, eb.data());
      BN_free(n);
      BN_free(e);
      add(map, intItem(1), intItem(3));
      add(map, intItem(3), intItem(algorithm ? algorithm : -257));
      add(map, intItem(-1), cbor_build_bytestring(nb.data(), nb.size()));
      add(map, intItem(-2), cbor_build_bytestring(eb.data(), eb.size()));
    } else {
      unsigned char point[65];
      size_t length = 0;
      EVP_PKEY_get_octet_string_param(mKey, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &length);
      add(map, intItem(1), intItem(2));
      add(map, intItem(3), intItem(algorithm ? algorithm : -7));
      add(map, intItem(-1), intItem(1));
      add(map, intItem(-2), cbor_build_bytestring(point + 1, 32));
      add(map, intItem(-3), cbor_build_bytestring(point + 33, 32));
    }
    return serialize(map);
  }

  static ByteVector clientData(const std::string& type, const ByteVector& challenge,
                               const std::string& origin) {
    return toBytes(R"({"type":")" + type + R"(","challenge":")" + base64urlEncode(challenge) +
                   R"(","origin":")" + origin + R"(","crossOrigin":false})");
  }

  ByteVector authData(const std::string& rpId, uint8_t flags, uint32_t count, bool attested,
                      int64_t algorithm = 0) const {
    ByteVector out(32);
    SHA256(reinterpret_cast<const unsigned char*>(rpId.data()), rpId.size(), out.data());
    out.push_back(static_cast<uint8_t>(flags | (attested ? kFlagAttestedData : 0)));
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(count >> shift));
    if (attested) {
      out.insert(out.end(), 16, 0);  // aaguid: none
      out.push_back(0);
      out.push_back(static_cast<uint8_t>(mCredentialId.size()));
      out.insert(out.end(), mCredentialId.begin(), mCredentialId.end());
      const ByteVector key = coseKey(algorithm);
      out.insert(out.end(), key.begin(), key.end());
    }
    return out;
  }

  static ByteVector attestationObject(const ByteVector& authData, const std::string& fmt = "none") {
    cbor_item_t* map = cbor_new_definite_map(3);
    add(map, cbor_build_string("fmt"), cbor_build_string(fmt.c_str()));
    add(map, cbor_build_string("attStmt"), cbor_new_definite_map(0));
    add(map, cbor_build_string("authData"), cbor_build_bytestring(authData.data(), authData.size()));
    return serialize(map);
  }

  ByteVector sign(const ByteVector& authData, const ByteVector& clientDataJson) const {
    ByteVector message = authData;
    ByteVector hash(32);
    SHA256(clientDataJson.data(), clientDataJson.size(), hash.data());
    message.insert(message.end(), hash.begin(), hash.end());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, mKey);
    size_t length = 0;
    EVP_DigestSign(ctx, nullptr, &length, message.data(), message.size());
    ByteVector signature(length);
    EVP_DigestSign(ctx, signature.data(), &length, message.data(), message.size());
    signature.resize(length);
    EVP_MD_CTX_free(ctx);
    return signature;
  }

  const ByteVector& credentialId() const { return mCredentialId; }

  static ByteVector toBytes(const std::string& s) { return ByteVector(s.begin(), s.end()); }

 private:
  bool mRsa;
  EVP_PKEY* mKey = nullptr;
  ByteVector mCredentialId;
};

}  // namespace vicos::auth::test
