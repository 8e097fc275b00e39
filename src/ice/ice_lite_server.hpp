// The server's ICE-lite role for one peer (RFC 8445 2.5, 7.3): answers the browser's
// connectivity checks, follows its nomination, and tracks consent freshness (RFC 7675) per
// candidate pair (candidate_pairs.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "ice/candidate_pairs.hpp"
#include "ice/endpoint.hpp"
#include "stun/stun_message.hpp"

namespace vicos::ice {

// Why a check was refused; the media plane counts these by kind.
enum class IceCheckError : uint8_t {
  None,
  NotBindingRequest,   // another method or class: ignored, no response
  BadFingerprint,      // FINGERPRINT present but wrong: not for us, dropped (RFC 8489 7.3)
  MissingAttributes,   // no USERNAME or no MESSAGE-INTEGRITY: 400 (RFC 8489 9.1.3)
  BadUsername,         // not "<local ufrag>:<remote ufrag>": 401 (RFC 8489 9.1.3)
  BadIntegrity,        // MESSAGE-INTEGRITY does not verify with our password: 401
  UnknownAttribute,    // authentic, but with a comprehension-required attribute we do not
                       // know: 420 (RFC 8489 6.3.1.1)
  ResponseTooSmall,    // the response buffer cannot hold the answer; nothing changed
};

const char* toString(IceCheckError error);

struct IceCheckResult {
  IceCheckError error = IceCheckError::None;
  // Bytes of `response` to send back to `from` (a success or an error response); 0 = none.
  size_t responseLength = 0;
  bool nominated = false;         // the request carried USE-CANDIDATE
  bool sendTupleChanged = false;  // `from` has just become the address media goes to
  // An address whose pair was dropped to make room for `from`'s (CandidatePairs::kMaxPairs).
  std::optional<Endpoint> forgotten;
};

class IceLiteServer {
 public:
  static constexpr Micros kConsentTimeout = CandidatePairs::kConsentTimeout;
  // Enough for any response this class writes (the longest is a success with IPv6 mapped
  // address: 20 + 24 + 24 + 8 = 76 bytes).
  static constexpr size_t kMaxResponseSize = 128;

  IceLiteServer(std::string localUfrag, std::string localPwd);

  // From the browser's SDP answer. Until then, USERNAME's remote half is not checked.
  void setRemoteCredentials(std::string ufrag, std::string pwd);
  // Starts the consent clock: without a valid check within kConsentTimeout it expires.
  void setStartTime(Micros now);

  // Handles one Binding request that parseStun accepted from `raw`. Writes the answer into
  // `response` (see IceCheckResult) and, for a valid check, refreshes the consent of `from`'s
  // pair and follows a nomination as CandidatePairs decides. The ICE-lite side is always
  // controlled (RFC 8445 6.1.1); a peer that also claims to be controlled is answered anyway,
  // there is no role to switch.
  IceCheckResult handleBindingRequest(Bytes raw, const stun::StunMessage& msg,
                                      const Endpoint& from, Micros now, MutableBytes response);

  // No pair has consent (or none ever had, 30 s after the start): the peer is gone.
  [[nodiscard]] bool consentExpired(Micros now) const;
  // Drops pairs whose consent expired, calling forget(endpoint) for each (CandidatePairs).
  template <typename F>
  void expirePairs(Micros now, F&& forget) {
    mPairs.expire(now, forget);
  }
  // Where media goes; empty while no pair may receive it.
  [[nodiscard]] const std::optional<Endpoint>& sendTuple() const { return mPairs.sendTuple(); }
  // The pair the browser nominated, if media goes to it.
  [[nodiscard]] std::optional<Endpoint> selectedTuple() const { return mPairs.nominatedTuple(); }
  [[nodiscard]] const std::string& localUfrag() const { return mLocalUfrag; }
  [[nodiscard]] const std::string& localPwd() const { return mLocalPwd; }
  [[nodiscard]] const std::string& remoteUfrag() const { return mRemoteUfrag; }
  [[nodiscard]] const std::string& remotePwd() const { return mRemotePwd; }

 private:
  bool usernameMatches(std::string_view username) const;
  // `key` empty: an unauthenticated error response (no MESSAGE-INTEGRITY).
  IceCheckResult errorResponse(IceCheckError error, uint16_t code, const char* reason,
                               const stun::StunMessage& msg, std::string_view key,
                               MutableBytes response) const;

  std::string mLocalUfrag;
  std::string mLocalPwd;
  std::string mRemoteUfrag;
  std::string mRemotePwd;
  std::optional<Micros> mStartTime;
  std::optional<Micros> mLastValidCheck;  // from any pair
  CandidatePairs mPairs;
};

}  // namespace vicos::ice
