// Configuration of the shared DTLS SSL_CTX.
#include "dtls/dtls_context.hpp"

namespace vicos::dtls {

namespace {

// ECDHE only (forward secrecy) with AEAD ciphers; our certificate is ECDSA, so only the
// ECDSA-authenticated suites can be chosen.
constexpr char kCipherList[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305";
constexpr char kGroups[] = "X25519:P-256:P-384";

// The peer's certificate is self-signed by design (RFC 5763 5); the real check is the SDP
// fingerprint, compared by DtlsTransport once the handshake is done.
int acceptAnyCertificate(int /*preverifyOk*/, X509_STORE_CTX* /*store*/) { return 1; }

}  // namespace

std::unique_ptr<DtlsContext> DtlsContext::create(const DtlsCertificate& certificate,
                                                 const DtlsContextOptions& options) {
  SSL_CTX* ctx = SSL_CTX_new(DTLS_method());
  if (ctx == nullptr) return nullptr;
  std::unique_ptr<DtlsContext> result(new DtlsContext(ctx, certificate.fingerprintSha256()));

  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_QUERY_MTU | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_read_ahead(ctx, 0);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, acceptAnyCertificate);
  SSL_CTX_set_verify_depth(ctx, 4);
  if (SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kCipherList) != 1 || SSL_CTX_set1_groups_list(ctx, kGroups) != 1 ||
      SSL_CTX_use_certificate(ctx, certificate.certificate()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, certificate.privateKey()) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    return nullptr;
  }
  // Unlike most of OpenSSL, this one returns 0 on success.
  if (SSL_CTX_set_tlsext_use_srtp(ctx, options.srtpProfiles.c_str()) != 0) return nullptr;
  return result;
}

DtlsContext::~DtlsContext() { SSL_CTX_free(mCtx); }

}  // namespace vicos::dtls
