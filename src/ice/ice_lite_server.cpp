// ICE-lite connectivity-check handling (RFC 8445 7.3) and consent freshness (RFC 7675).
#include "ice/ice_lite_server.hpp"

#include <utility>

#include "stun/stun_builder.hpp"

namespace vicos::ice {

const char* toString(IceCheckError error) {
  switch (error) {
    case IceCheckError::None: return "none";
    case IceCheckError::NotBindingRequest: return "not-binding-request";
    case IceCheckError::BadFingerprint: return "bad-fingerprint";
    case IceCheckError::MissingAttributes: return "missing-attributes";
    case IceCheckError::UnknownAttribute: return "unknown-attribute";
    case IceCheckError::BadUsername: return "bad-username";
    case IceCheckError::BadIntegrity: return "bad-integrity";
    case IceCheckError::ResponseTooSmall: return "response-too-small";
  }
  return "unknown";
}

IceLiteServer::IceLiteServer(std::string localUfrag, std::string localPwd)
    : mLocalUfrag(std::move(localUfrag)), mLocalPwd(std::move(localPwd)) {}

void IceLiteServer::setRemoteCredentials(std::string ufrag, std::string pwd) {
  mRemoteUfrag = std::move(ufrag);
  mRemotePwd = std::move(pwd);
}

void IceLiteServer::setStartTime(Micros now) { mStartTime = now; }

// RFC 8445 7.2.2: USERNAME of a check is "<receiver's ufrag>:<sender's ufrag>".
bool IceLiteServer::usernameMatches(std::string_view username) const {
  if (username.size() <= mLocalUfrag.size() || username[mLocalUfrag.size()] != ':' ||
      username.substr(0, mLocalUfrag.size()) != mLocalUfrag) {
    return false;
  }
  const std::string_view remote = username.substr(mLocalUfrag.size() + 1);
  return mRemoteUfrag.empty() ? !remote.empty() : remote == mRemoteUfrag;
}

// RFC 8489 9.1.3: error responses to requests that failed authentication carry no
// MESSAGE-INTEGRITY; 9.1.4: those to authentic requests do.
IceCheckResult IceLiteServer::errorResponse(IceCheckError error, uint16_t code,
                                            const char* reason, const stun::StunMessage& msg,
                                            std::string_view key, MutableBytes response) const {
  stun::StunBuilder b(response, stun::kBindingError, msg.transactionId);
  b.addErrorCode(code, reason);
  if (!key.empty()) b.addMessageIntegrity(key);
  b.addFingerprint();
  IceCheckResult result;
  result.error = b.ok() ? error : IceCheckError::ResponseTooSmall;
  result.responseLength = b.size();
  return result;
}

IceCheckResult IceLiteServer::handleBindingRequest(Bytes raw, const stun::StunMessage& msg,
                                                   const Endpoint& from, Micros now,
                                                   MutableBytes response) {
  IceCheckResult result;
  if (msg.method != stun::kMethodBinding || msg.cls != stun::StunClass::Request) {
    result.error = IceCheckError::NotBindingRequest;
    return result;
  }
  if (msg.fingerprintOffset && !stun::verifyFingerprint(raw, msg)) {
    result.error = IceCheckError::BadFingerprint;
    return result;
  }
  if (!msg.username || !msg.integrityOffset) {
    return errorResponse(IceCheckError::MissingAttributes, 400, "Bad Request", msg, {},
                         response);
  }
  if (!usernameMatches(*msg.username)) {
    return errorResponse(IceCheckError::BadUsername, 401, "Unauthenticated", msg, {}, response);
  }
  if (!stun::verifyIntegrity(raw, msg, mLocalPwd)) {
    return errorResponse(IceCheckError::BadIntegrity, 401, "Unauthenticated", msg, {},
                         response);
  }
  if (msg.unknownRequired) {
    // RFC 8489 6.3.1.1 wants UNKNOWN-ATTRIBUTES listing them too; browsers send none of
    // these, so the bare 420 is enough to say what went wrong. Not consent: the check failed.
    return errorResponse(IceCheckError::UnknownAttribute, 420, "Unknown Attribute", msg,
                         mLocalPwd, response);
  }

  // RFC 8445 7.3.1: the success response mirrors the source as XOR-MAPPED-ADDRESS and is
  // authenticated with the same (our) password.
  stun::StunBuilder b(response, stun::kBindingSuccess, msg.transactionId);
  b.addXorMappedAddress(from.toStun()).addMessageIntegrity(mLocalPwd).addFingerprint();
  if (!b.ok()) {
    result.error = IceCheckError::ResponseTooSmall;
    return result;
  }
  result.responseLength = b.size();

  // RFC 7675: an authenticated check is consent for its own pair; RFC 8445 7.3.1.5: a
  // USE-CANDIDATE check nominates its pair.
  mLastValidCheck = now;
  result.nominated = msg.useCandidate;
  const CandidatePairs::Update update = mPairs.onValidCheck(from, msg.transactionId, msg.useCandidate, now);
  result.sendTupleChanged = update.sendTupleChanged;
  result.forgotten = update.forgotten;
  return result;
}

bool IceLiteServer::consentExpired(Micros now) const {
  const std::optional<Micros> since = mLastValidCheck ? mLastValidCheck : mStartTime;
  return since && now - *since >= kConsentTimeout;
}

}  // namespace vicos::ice
