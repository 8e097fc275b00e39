// DTLS 1.2 association over in-memory BIOs, exporting SRTP keys (RFC 5764 4.2).
#include "dtls/dtls_transport.hpp"

#include "dtls/dtls_record.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <utility>

namespace vicos::dtls {

namespace {

// The reason of the newest OpenSSL error (a static string), or `fallback`.
const char* sslReason(const char* fallback) {
  const unsigned long error = ERR_peek_last_error();
  const char* reason = error != 0 ? ERR_reason_error_string(error) : nullptr;
  return reason != nullptr ? reason : fallback;
}

int bioCreate(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

}  // namespace

// Outgoing BIO: OpenSSL writes each DTLS record with one BIO_write and calls BIO_flush at the
// end of a datagram it packed using BIO_wpending, so we keep those boundaries.
BIO_METHOD* DtlsTransport::outgoingBioMethod() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "vicos-dtls-out");
    if (m == nullptr) return m;
    BIO_meth_set_write(m, &DtlsTransport::bioWrite);
    BIO_meth_set_ctrl(m, &DtlsTransport::bioCtrl);
    BIO_meth_set_create(m, bioCreate);
    return m;
  }();
  return method;
}

int DtlsTransport::bioWrite(BIO* bio, const char* data, int len) {
  auto* self = static_cast<DtlsTransport*>(BIO_get_data(bio));
  if (self == nullptr || len < 0) return -1;
  self->appendRecord(reinterpret_cast<const uint8_t*>(data), static_cast<size_t>(len));
  return len;
}

long DtlsTransport::bioCtrl(BIO* bio, int cmd, long /*num*/, void* /*ptr*/) {
  auto* self = static_cast<DtlsTransport*>(BIO_get_data(bio));
  switch (cmd) {
    case BIO_CTRL_FLUSH:
      if (self != nullptr) self->endDatagram();
      return 1;
    case BIO_CTRL_WPENDING:
      return self != nullptr ? static_cast<long>(self->openDatagramSize()) : 0;
    case BIO_CTRL_DGRAM_QUERY_MTU:
      return static_cast<long>(kMtu);
    default:
      return 0;
  }
}

unsigned DtlsTransport::retransmitTimer(SSL* /*ssl*/, unsigned previousUs) {
  if (previousUs == 0) return kInitialRetransmitUs;
  return std::min(previousUs * 2, kMaxRetransmitUs);
}

DtlsTransport::DtlsTransport(DtlsContext& context, DtlsRole role, DtlsListener& listener)
    : mRole(role), mListener(listener) {
  mOut.reserve(4 * kMtu);
  mDatagramEnds.reserve(8);
  BIO_METHOD* method = outgoingBioMethod();
  mSsl = SSL_new(context.native());
  BIO* readBio = BIO_new(BIO_s_mem());
  BIO* writeBio = method != nullptr ? BIO_new(method) : nullptr;
  if (mSsl == nullptr || readBio == nullptr || writeBio == nullptr) {
    BIO_free(readBio);
    BIO_free(writeBio);
    SSL_free(mSsl);
    mSsl = nullptr;
    return;
  }
  BIO_set_data(writeBio, this);
  BIO_set_mem_eof_return(readBio, -1);  // empty means "want read", not end of stream
  SSL_set_bio(mSsl, readBio, writeBio);
  mReadBio = readBio;
  SSL_set_mtu(mSsl, kMtu);
  DTLS_set_timer_cb(mSsl, &DtlsTransport::retransmitTimer);
}

DtlsTransport::~DtlsTransport() {
  if (mPendingKeys) {
    OPENSSL_cleanse(mPendingKeys->localKey.data(), mPendingKeys->localKey.size());
    OPENSSL_cleanse(mPendingKeys->remoteKey.data(), mPendingKeys->remoteKey.size());
  }
  SSL_free(mSsl);
}

void DtlsTransport::setRemoteFingerprint(std::string algorithm, std::string value) {
  mRemoteAlgorithm = std::move(algorithm);
  mRemoteFingerprint = std::move(value);
  if (mState == State::AwaitingFingerprint) {
    verifyAndConnect();
    flushDatagrams();
    emitEvents();
  }
}

void DtlsTransport::start(Micros now) {
  if (mState != State::New) return;
  if (mSsl == nullptr) {
    fail("dtls setup failed");
    emitEvents();
    return;
  }
  mState = State::Connecting;
  mDeadline = now + kHandshakeTimeout;
  if (mRole == DtlsRole::Client) {
    SSL_set_connect_state(mSsl);
    runHandshake();
  } else {
    SSL_set_accept_state(mSsl);
  }
  flushDatagrams();
  emitEvents();
}

void DtlsTransport::feed(Bytes datagram) {
  if (!active()) return;
  // OpenSSL tolerates most junk, but a short record of the next epoch is buffered and later
  // fails the association, and junk has no business reaching it anyway.
  if (datagram.size() > INT_MAX || checkDtlsDatagram(datagram) != DtlsRecordError::None) {
    ++mDroppedDatagrams;
    return;
  }
  if (BIO_write(mReadBio, datagram.data(), static_cast<int>(datagram.size())) <= 0) return;
  if (mState == State::Connecting) {
    runHandshake();
  } else {
    readApplicationData();
  }
  // One datagram per feed: whatever OpenSSL left unread must not run into the next one.
  (void)BIO_reset(mReadBio);
  flushDatagrams();
  emitEvents();
}

std::optional<Micros> DtlsTransport::nextTimeout(Micros now) const {
  if (!active()) return std::nullopt;
  std::optional<Micros> at;
  timeval tv{};
  if (DTLSv1_get_timeout(mSsl, &tv) == 1)
    at = now + static_cast<Micros>(tv.tv_sec) * 1'000'000 + tv.tv_usec;
  if (mState == State::Connecting) at = at ? std::min(*at, mDeadline) : mDeadline;
  return at;
}

void DtlsTransport::handleTimeout(Micros now) {
  if (!active()) return;
  if (mState == State::Connecting && now >= mDeadline) {
    fail("handshake timed out");
  } else {
    ERR_clear_error();
    // Negative when OpenSSL gave up after too many retransmissions.
    if (DTLSv1_handle_timeout(mSsl) < 0 && mState == State::Connecting)
      fail(sslReason("retransmission limit reached"));
    ERR_clear_error();
  }
  flushDatagrams();
  emitEvents();
}

void DtlsTransport::close() {
  if (!active()) return;
  ERR_clear_error();
  if (mState != State::Connecting) (void)SSL_shutdown(mSsl);
  ERR_clear_error();
  mState = State::Closed;
  mPendingKeys.reset();
  flushDatagrams();
}

bool DtlsTransport::active() const {
  return mState == State::Connecting || mState == State::AwaitingFingerprint ||
         mState == State::Connected;
}

void DtlsTransport::runHandshake() {
  ERR_clear_error();
  const int ret = SSL_do_handshake(mSsl);
  if (ret == 1) {
    if (mRemoteFingerprint.empty()) {
      mState = State::AwaitingFingerprint;
    } else {
      verifyAndConnect();
    }
    // Records that shared the datagram with the last handshake message.
    if (active()) readApplicationData();
  } else {
    switch (SSL_get_error(mSsl, ret)) {
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        break;
      case SSL_ERROR_ZERO_RETURN:
        fail("peer closed during the handshake");
        break;
      default:
        fail(sslReason("handshake failed"));
        break;
    }
  }
  ERR_clear_error();
}

void DtlsTransport::readApplicationData() {
  // DataChannels (SCTP) are out of scope: application data is read and dropped.
  std::array<uint8_t, 4096> sink;
  for (int i = 0; i < 64; ++i) {
    ERR_clear_error();
    const int ret = SSL_read(mSsl, sink.data(), static_cast<int>(sink.size()));
    if (ret > 0) continue;
    switch (SSL_get_error(mSsl, ret)) {
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        break;
      case SSL_ERROR_ZERO_RETURN:
        // RFC 5246 7.2.1: answer close_notify with our own.
        (void)SSL_shutdown(mSsl);
        if (mState == State::Connected) {
          mState = State::Closed;
          mPendingClosed = true;
        } else {
          fail("peer closed before the fingerprint was verified");
        }
        break;
      default:
        fail(sslReason("dtls read failed"));
        break;
    }
    break;
  }
  ERR_clear_error();
}

void DtlsTransport::verifyAndConnect() {
  X509* peer = SSL_get0_peer_certificate(mSsl);
  if (peer == nullptr) return fail("peer sent no certificate");
  const EVP_MD* digest = fingerprintDigest(mRemoteAlgorithm);
  if (digest == nullptr) return fail("unsupported fingerprint algorithm");
  if (!fingerprintsEqual(x509Fingerprint(peer, digest), mRemoteFingerprint)) {
    (void)SSL_shutdown(mSsl);  // tell the peer rather than leave it waiting for media
    return fail("certificate fingerprint mismatch");
  }

  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(mSsl);
  if (profile == nullptr) return fail("no SRTP profile negotiated");
  const auto profileId = static_cast<uint16_t>(profile->id);
  const auto lengths = srtpKeyLengths(profileId);
  if (!lengths) return fail("unsupported SRTP profile");

  std::array<uint8_t, 64> material{};
  const size_t size = 2 * (lengths->key + lengths->salt);
  if (size > material.size() ||
      SSL_export_keying_material(mSsl, material.data(), size, kSrtpExporterLabel,
                                 std::strlen(kSrtpExporterLabel), nullptr, 0, 0) != 1) {
    return fail("keying material export failed");
  }
  mPendingKeys = splitSrtpKeyingMaterial(profileId, Bytes(material.data(), size),
                                         mRole == DtlsRole::Client);
  OPENSSL_cleanse(material.data(), material.size());
  if (!mPendingKeys) return fail("keying material export failed");
  mState = State::Connected;
}

void DtlsTransport::fail(const char* reason) {
  if (mState == State::Failed || mState == State::Closed) return;
  mState = State::Failed;
  mPendingFailure = reason;
}

void DtlsTransport::appendRecord(const uint8_t* data, size_t len) {
  if (openDatagramSize() > 0 && openDatagramSize() + len > kMtu) endDatagram();
  mOut.insert(mOut.end(), data, data + len);
}

void DtlsTransport::endDatagram() {
  if (openDatagramSize() > 0) mDatagramEnds.push_back(mOut.size());
}

size_t DtlsTransport::openDatagramSize() const {
  return mOut.size() - (mDatagramEnds.empty() ? 0 : mDatagramEnds.back());
}

void DtlsTransport::flushDatagrams() {
  endDatagram();
  size_t begin = 0;
  for (const size_t end : mDatagramEnds) {
    mListener.onDtlsSend(Bytes(mOut.data() + begin, end - begin));
    begin = end;
  }
  mOut.clear();
  mDatagramEnds.clear();
}

void DtlsTransport::emitEvents() {
  // Take the events first, so that a callback calling close() sees a consistent transport.
  std::optional<SrtpKeys> keys = std::move(mPendingKeys);
  mPendingKeys.reset();
  const char* failure = std::exchange(mPendingFailure, nullptr);
  const bool closed = std::exchange(mPendingClosed, false);
  if (keys) {
    mListener.onDtlsConnected(*keys);
    OPENSSL_cleanse(keys->localKey.data(), keys->localKey.size());
    OPENSSL_cleanse(keys->remoteKey.data(), keys->remoteKey.size());
  }
  if (closed) mListener.onDtlsClosed();
  if (failure != nullptr) mListener.onDtlsFailed(failure);
}

}  // namespace vicos::dtls
