// One peer's DTLS 1.2 association (RFC 6347) negotiating SRTP keys (RFC 5764) through OpenSSL
// over in-memory BIOs: datagrams come in through feed() and go out through the listener, so
// DTLS never touches a socket and the worker's event loop owns all timing.
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "dtls/dtls_context.hpp"
#include "dtls/srtp_keys.hpp"

namespace vicos::dtls {

enum class DtlsRole { Client, Server };

// Events of a DtlsTransport. Callbacks run at the end of a transport call, never from inside
// OpenSSL. A callback may call close() but must not destroy the transport or feed() it.
struct DtlsListener {
  virtual ~DtlsListener() = default;
  virtual void onDtlsSend(Bytes datagram) = 0;             // one datagram of whole records
  virtual void onDtlsConnected(const SrtpKeys& keys) = 0;  // handshake done, fingerprint verified
  virtual void onDtlsFailed(const char* reason) = 0;       // handshake or fingerprint failure
  virtual void onDtlsClosed() = 0;                         // close_notify received
};

class DtlsTransport {
 public:
  // Largest datagram we send (RFC 6347 4.1.1.1: stay below the path MTU; 1200 leaves room for
  // IPv6, UDP and a TURN relay on the browser's side).
  static constexpr size_t kMtu = 1200;
  // A handshake not finished this long after start() fails.
  static constexpr Micros kHandshakeTimeout = 30'000'000;
  // Retransmission timer (RFC 6347 4.2.4.1): doubles from kInitialRetransmit to kMaxRetransmit.
  static constexpr unsigned kInitialRetransmitUs = 200'000;
  static constexpr unsigned kMaxRetransmitUs = 6'400'000;

  enum class State { New, Connecting, AwaitingFingerprint, Connected, Failed, Closed };

  // `context` and `listener` must outlive the transport.
  DtlsTransport(DtlsContext& context, DtlsRole role, DtlsListener& listener);
  ~DtlsTransport();
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // The peer's a=fingerprint (RFC 8122 5), e.g. ("sha-256", "AB:CD:..."). May come after
  // the handshake: then the keys are delivered once it is set and matches.
  void setRemoteFingerprint(std::string algorithm, std::string value);

  // The client sends its ClientHello; the server waits for one. Datagrams fed before start()
  // are dropped. `now` starts the kHandshakeTimeout clock.
  void start(Micros now = nowMicros());

  // One datagram received from the network whose first byte is 20..63 (RFC 7983).
  void feed(Bytes datagram);

  // When handleTimeout() should next run, on the caller's clock `now` (a due timer gives a time
  // at or before `now`, so "due <= now" holds for the same reading); empty when never.
  std::optional<Micros> nextTimeout(Micros now) const;
  // Retransmits the last flight when its timer expired and enforces kHandshakeTimeout.
  void handleTimeout(Micros now);

  // Sends close_notify; the transport is dead afterwards (no callback follows).
  void close();

  bool connected() const { return mState == State::Connected; }
  State state() const { return mState; }
  DtlsRole role() const { return mRole; }
  // Datagrams dropped before OpenSSL because their record framing was malformed.
  uint64_t droppedDatagrams() const { return mDroppedDatagrams; }

 private:
  static int bioWrite(BIO* bio, const char* data, int len);
  static long bioCtrl(BIO* bio, int cmd, long num, void* ptr);
  static BIO_METHOD* outgoingBioMethod();
  static unsigned retransmitTimer(SSL* ssl, unsigned previousUs);

  void appendRecord(const uint8_t* data, size_t len);
  void endDatagram();
  size_t openDatagramSize() const;
  void flushDatagrams();
  void emitEvents();

  void runHandshake();
  void readApplicationData();
  void verifyAndConnect();
  void fail(const char* reason);
  bool active() const;

  SSL* mSsl = nullptr;
  BIO* mReadBio = nullptr;  // owned by mSsl
  DtlsRole mRole;
  DtlsListener& mListener;
  State mState = State::New;
  Micros mDeadline = 0;
  uint64_t mDroppedDatagrams = 0;
  std::string mRemoteAlgorithm;
  std::string mRemoteFingerprint;

  // Records OpenSSL wrote, cut into datagrams at OpenSSL's flushes and at kMtu.
  std::vector<uint8_t> mOut;
  std::vector<size_t> mDatagramEnds;

  // Events raised during a call, delivered by emitEvents() at its end.
  std::optional<SrtpKeys> mPendingKeys;
  const char* mPendingFailure = nullptr;
  bool mPendingClosed = false;
};

}  // namespace vicos::dtls
