// The client's ICE role towards an ICE-lite server: a controlling full agent with one
// candidate pair (RFC 8445 6.1.1, 7.2.4), which sends Binding requests until one succeeds and
// then keeps consent fresh with a check every 5 s (RFC 7675 5.1). Time is passed in; it
// writes requests into caller buffers and never allocates after construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "stun/stun_message.hpp"

namespace vicos::client {

// Why a received STUN message was not taken as the answer to our check.
enum class IceResponseError : uint8_t {
  None,
  NotResponse,       // a request or indication, or another method
  UnknownTransaction,
  BadFingerprint,
  BadIntegrity,      // MESSAGE-INTEGRITY missing or not keyed with the server's password
  ErrorResponse,     // an authentic error response (e.g. 401, 487)
};

class IceAgent {
 public:
  // RFC 8445 14.3 lets the first check go out at once; retransmissions start at 100 ms
  // and double to 1.6 s (browsers pace faster than RFC 8489's 500 ms).
  static constexpr Micros kInitialRto = 100'000;
  static constexpr Micros kMaxRto = 1'600'000;
  // RFC 7675 5.1: a consent check about every 5 s, consent lost after 30 s without answer.
  static constexpr Micros kConsentInterval = 5'000'000;
  static constexpr Micros kConsentTimeout = 30'000'000;
  // The largest request this class writes: header, USERNAME (up to 2 × 256 + 1 padded),
  // PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT.
  static constexpr size_t kMaxRequestSize = 20 + 4 + 516 + 8 + 12 + 4 + 24 + 8;

  // Our credentials (the answer's) and the server's (the offer's).
  IceAgent(std::string localUfrag, std::string remoteUfrag, std::string remotePwd);

  // Starts checking at `now`: the first request is due at once.
  void start(Micros now);
  // Stops sending checks (a browser that went away); responses are still accepted.
  void stop() { mRunning = false; }

  // When poll() next has something to send; empty when stopped.
  [[nodiscard]] std::optional<Micros> nextTimeout() const;
  // Writes the request due at `now` (a first check, a retransmission or a consent check)
  // into `out` and returns its size; 0 when nothing is due or `out` is too small.
  size_t poll(Micros now, MutableBytes out);

  // A STUN message received from the server (parsed from `raw` by parseStun).
  IceResponseError onStun(Bytes raw, const stun::StunMessage& msg, Micros now);

  [[nodiscard]] bool connected() const { return mLastSuccess.has_value(); }
  [[nodiscard]] bool consentExpired(Micros now) const;
  // The address the server saw us at (XOR-MAPPED-ADDRESS of the last success).
  [[nodiscard]] const std::optional<stun::StunAddress>& mappedAddress() const { return mMapped; }
  [[nodiscard]] uint64_t requestsSent() const { return mRequestsSent; }
  [[nodiscard]] uint64_t successes() const { return mSuccesses; }

 private:
  size_t writeRequest(MutableBytes out);
  void newTransaction();

  std::string mUsername;  // "<server ufrag>:<client ufrag>" (RFC 8445 7.2.2)
  std::string mRemotePwd;
  uint64_t mTieBreaker = 0;
  bool mRunning = false;
  stun::TransactionId mTransaction{};
  bool mTransactionOpen = false;
  Micros mNextSend = 0;
  Micros mRto = kInitialRto;
  std::optional<Micros> mStart;
  std::optional<Micros> mLastSuccess;
  std::optional<stun::StunAddress> mMapped;
  uint64_t mRequestsSent = 0;
  uint64_t mSuccesses = 0;
};

}  // namespace vicos::client
