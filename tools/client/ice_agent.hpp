// The client's ICE agent with one candidate pair: towards an ICE-lite server a controlling
// full agent (RFC 8445 6.1.1, 7.2.4); towards a full agent (Janus, libnice) controlling as
// offerer or controlled as answerer (RFC 8445 6.1.1), answering the peer's checks (7.3). It
// sends Binding requests until one succeeds and then keeps consent fresh with a check every
// 5 s (RFC 7675 5.1). Time is passed in; it writes into caller buffers and never allocates
// after construction.
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

// Why a received Binding request was not answered with a success response.
enum class IceRequestError : uint8_t {
  None,
  NotRequest,      // not a Binding request
  NoCredentials,   // the agent was built without a local password
  BadUsername,     // USERNAME missing or not "<our ufrag>:<peer ufrag>" (RFC 8445 7.3)
  BadFingerprint,
  BadIntegrity,    // MESSAGE-INTEGRITY missing or not keyed with our password
  RoleConflict,    // both claim the same role (RFC 8445 7.3.1.1); not resolved here
  BufferTooSmall,
};

// RFC 8445 6.1.1: the offerer is controlling unless it is lite; the answerer to a full
// agent's offer is controlled.
enum class IceRole : uint8_t { Controlling, Controlled };

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
  // The largest response this class writes: header, XOR-MAPPED-ADDRESS (IPv6),
  // MESSAGE-INTEGRITY, FINGERPRINT.
  static constexpr size_t kMaxResponseSize = 20 + 24 + 24 + 8;

  // Our ufrag and the peer's credentials; `localPwd` (ours) is needed only to answer the
  // peer's checks, which an ICE-lite server never sends.
  IceAgent(std::string localUfrag, std::string remoteUfrag, std::string remotePwd,
           std::string localPwd = {}, IceRole role = IceRole::Controlling);

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
  // A Binding request from the peer (RFC 8445 7.3), seen from `from`: when authentic, writes
  // the success response (XOR-MAPPED-ADDRESS `from`, MESSAGE-INTEGRITY keyed with our
  // password, FINGERPRINT) into `out` and sets `size`; a USE-CANDIDATE from a controlling
  // peer nominates the pair (7.3.1.5).
  IceRequestError onRequest(Bytes raw, const stun::StunMessage& msg, const stun::StunAddress& from,
                            MutableBytes out, size_t& size);

  [[nodiscard]] bool connected() const { return mLastSuccess.has_value(); }
  [[nodiscard]] IceRole role() const { return mRole; }
  // Controlled: the peer nominated the pair with USE-CANDIDATE in an authentic check.
  [[nodiscard]] bool nominated() const { return mNominated; }
  [[nodiscard]] uint64_t requestsAnswered() const { return mRequestsAnswered; }
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
  std::string mLocalUfrag;
  std::string mLocalPwd;
  IceRole mRole = IceRole::Controlling;
  bool mNominated = false;
  uint64_t mRequestsAnswered = 0;
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
