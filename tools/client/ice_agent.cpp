// ICE agent with a single candidate pair: checks, retransmissions, nomination, answers to
// the peer's checks and consent freshness (RFC 8445 7.2, 7.3, RFC 7675).
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

IceAgent::IceAgent(std::string localUfrag, std::string remoteUfrag, std::string remotePwd,
                   std::string localPwd, IceRole role)
    : mUsername(remoteUfrag + ":" + localUfrag),
      mRemotePwd(std::move(remotePwd)),
      mLocalUfrag(std::move(localUfrag)),
      mLocalPwd(std::move(localPwd)),
      mRole(role) {
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

// RFC 8445 7.1: USERNAME, PRIORITY, ICE-CONTROLLING with USE-CANDIDATE (7.1.3, 7.1.2: the
// controlling agent nominates; with one pair every check may nominate) or ICE-CONTROLLED,
// MESSAGE-INTEGRITY keyed with the peer's password (7.2.2), FINGERPRINT (7.2.2).
size_t IceAgent::writeRequest(MutableBytes out) {
  stun::StunBuilder b(out, stun::kBindingRequest, mTransaction);
  b.addUsername(mUsername).addPriority(kPeerReflexivePriority);
  if (mRole == IceRole::Controlling) {
    b.addIceControlling(mTieBreaker).addUseCandidate();
  } else {
    b.addIceControlled(mTieBreaker);
  }
  b.addMessageIntegrity(mRemotePwd).addFingerprint();
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

IceRequestError IceAgent::onRequest(Bytes raw, const stun::StunMessage& msg,
                                    const stun::StunAddress& from, MutableBytes out, size_t& size) {
  size = 0;
  if (msg.method != stun::kMethodBinding || msg.cls != stun::StunClass::Request)
    return IceRequestError::NotRequest;
  if (mLocalPwd.empty()) return IceRequestError::NoCredentials;
  // RFC 8445 7.3 via 7.2.2: USERNAME is "<receiver's ufrag>:<sender's ufrag>", ours first.
  const std::string_view remoteUfrag =
      std::string_view(mUsername).substr(0, mUsername.size() - mLocalUfrag.size() - 1);
  if (!msg.username || msg.username->size() != mUsername.size() ||
      !msg.username->starts_with(mLocalUfrag) || (*msg.username)[mLocalUfrag.size()] != ':' ||
      !msg.username->ends_with(remoteUfrag))
    return IceRequestError::BadUsername;
  if (msg.fingerprintOffset && !stun::verifyFingerprint(raw, msg)) return IceRequestError::BadFingerprint;
  if (!msg.integrityOffset || !stun::verifyIntegrity(raw, msg, mLocalPwd)) return IceRequestError::BadIntegrity;
  // RFC 8445 7.3.1.1: the roles follow from the offer/answer exchange, so a peer that claims
  // ours is misconfigured; a 487 would only start a role switch this agent does not make.
  if ((mRole == IceRole::Controlling && msg.iceControlling) || (mRole == IceRole::Controlled && msg.iceControlled))
    return IceRequestError::RoleConflict;
  if (out.size() < kMaxResponseSize) return IceRequestError::BufferTooSmall;
  // RFC 8445 7.3.1.5: a controlled agent takes USE-CANDIDATE as the nomination of the pair.
  if (mRole == IceRole::Controlled && msg.useCandidate) mNominated = true;
  // RFC 8445 7.3.1.4 / RFC 8489 7.3.1: the success response mirrors the transaction and
  // reports the source address; integrity with our own password.
  stun::StunBuilder b(out, stun::kBindingSuccess, msg.transactionId);
  b.addXorMappedAddress(from).addMessageIntegrity(mLocalPwd).addFingerprint();
  if (!b.ok()) return IceRequestError::BufferTooSmall;
  size = b.size();
  ++mRequestsAnswered;
  return IceRequestError::None;
}

bool IceAgent::consentExpired(Micros now) const {
  const auto since = mLastSuccess ? mLastSuccess : mStart;
  return since && now - *since >= kConsentTimeout;
}

}  // namespace vicos::client
