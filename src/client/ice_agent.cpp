// Controlling ICE agent with a single candidate pair: checks, retransmissions, nomination
// and consent freshness (RFC 8445 7.2, RFC 7675).
#include "client/ice_agent.hpp"

#include <openssl/rand.h>

#include <algorithm>

#include "stun/stun_builder.hpp"

namespace vicos::client {
namespace {

// RFC 8445 5.1.2.1: priority = 2^24 × type preference + 2^8 × local preference + (256 −
// component). A check carries the priority of a peer-reflexive candidate (7.1.1): type
// preference 110, one local address (65535), RTP component 1.
constexpr uint32_t kPeerReflexivePriority = (110u << 24) | (65535u << 8) | (256u - 1u);

}  // namespace

IceAgent::IceAgent(std::string localUfrag, std::string remoteUfrag, std::string remotePwd)
    : mUsername(std::move(remoteUfrag) + ":" + std::move(localUfrag)),
      mRemotePwd(std::move(remotePwd)) {
  // RFC 8445 7.1.3: a random tie-breaker; with a lite server there is no conflict to break.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&mTieBreaker), sizeof mTieBreaker) != 1)
    mTieBreaker = 0x7669636f73;
}

void IceAgent::start(Micros now) {
  mRunning = true;
  mStart = now;
  mNextSend = now;
  mRto = kInitialRto;
  mTransactionOpen = false;
}

std::optional<Micros> IceAgent::nextTimeout() const {
  if (!mRunning) return std::nullopt;
  return mNextSend;
}

void IceAgent::newTransaction() {
  if (RAND_bytes(mTransaction.data(), static_cast<int>(mTransaction.size())) != 1) {
    // Fall back to a counter: uniqueness per agent is all the server needs.
    storeBe64(mTransaction.data(), mRequestsSent + 1);
  }
  mTransactionOpen = true;
}

size_t IceAgent::poll(Micros now, MutableBytes out) {
  if (!mRunning || now < mNextSend || out.size() < kMaxRequestSize) return 0;
  if (!connected()) {
    // RFC 8489 6.2.1: a retransmission repeats the transaction; the interval doubles.
    if (!mTransactionOpen) newTransaction();
    mNextSend = now + mRto;
    mRto = std::min(mRto * 2, kMaxRto);
  } else {
    // RFC 7675 5.1: each consent check is a fresh transaction.
    newTransaction();
    mNextSend = now + kConsentInterval;
  }
  return writeRequest(out);
}

// RFC 8445 7.1: USERNAME, PRIORITY, ICE-CONTROLLING (7.1.3), USE-CANDIDATE (7.1.2, the
// controlling agent nominates; with one pair every check may nominate), MESSAGE-INTEGRITY
// keyed with the server's password (7.2.2), FINGERPRINT (7.2.2).
size_t IceAgent::writeRequest(MutableBytes out) {
  stun::StunBuilder b(out, stun::kBindingRequest, mTransaction);
  b.addUsername(mUsername)
      .addPriority(kPeerReflexivePriority)
      .addIceControlling(mTieBreaker)
      .addUseCandidate()
      .addMessageIntegrity(mRemotePwd)
      .addFingerprint();
  if (!b.ok()) return 0;
  ++mRequestsSent;
  return b.size();
}

IceResponseError IceAgent::onStun(Bytes raw, const stun::StunMessage& msg, Micros now) {
  if (msg.method != stun::kMethodBinding ||
      (msg.cls != stun::StunClass::SuccessResponse && msg.cls != stun::StunClass::ErrorResponse))
    return IceResponseError::NotResponse;
  if (!mTransactionOpen || msg.transactionId != mTransaction)
    return IceResponseError::UnknownTransaction;
  // RFC 8445 7.2.5.1 via RFC 8489 9.1.4: the response is authenticated with the same
  // short-term credential as the request.
  if (msg.fingerprintOffset && !stun::verifyFingerprint(raw, msg)) return IceResponseError::BadFingerprint;
  if (!msg.integrityOffset || !stun::verifyIntegrity(raw, msg, mRemotePwd))
    return IceResponseError::BadIntegrity;
  if (msg.cls == stun::StunClass::ErrorResponse) return IceResponseError::ErrorResponse;
  mTransactionOpen = false;
  if (!connected()) mNextSend = now + kConsentInterval;
  mLastSuccess = now;
  if (msg.xorMappedAddress) mMapped = msg.xorMappedAddress;
  ++mSuccesses;
  return IceResponseError::None;
}

bool IceAgent::consentExpired(Micros now) const {
  const auto since = mLastSuccess ? mLastSuccess : mStart;
  return since && now - *since >= kConsentTimeout;
}

}  // namespace vicos::client
