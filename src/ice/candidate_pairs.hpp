// The candidate pairs of one peer as an ICE-lite server sees them, with consent kept per pair
// (RFC 7675) and the rule that decides which pair media is sent to. The local side of every
// pair is the worker's one socket, so a pair is known by its remote address (RFC 8445 6.1.2.2).
// A lite agent sends no checks of its own (RFC 8445 2.5): a pair's consent is the last check
// from its address that authenticated. Time is passed in; nothing here allocates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/clock.hpp"
#include "ice/endpoint.hpp"
#include "stun/stun_message.hpp"

namespace vicos::ice {

class CandidatePairs {
 public:
  // RFC 7675 5.1: consent expires 30 s after the last check that authenticated.
  static constexpr Micros kConsentTimeout = 30'000'000;
  // Addresses remembered per peer: a browser checks from each of its host, server-reflexive
  // and relay candidates (a few per network interface). The least recently checked pair that
  // is not selected makes room for a new one.
  static constexpr size_t kMaxPairs = 8;
  // Moving media off a selected pair that still has consent takes this many USE-CANDIDATE
  // checks from the new address, in distinct transactions within kSwitchWindow. A browser
  // that moves to another network sends them on the new pair every few hundred milliseconds
  // to a few seconds; one captured check sent from elsewhere, however often, is not enough.
  static constexpr size_t kSwitchChecks = 2;
  static constexpr Micros kSwitchWindow = 10'000'000;

  struct Update {
    bool sendTupleChanged = false;
    // A pair dropped to make room; the media plane forgets the address.
    std::optional<Endpoint> forgotten;
  };

  // An authenticated check from `from` in transaction `transaction`; `nominates` when it
  // carried USE-CANDIDATE from the controlling agent (RFC 8445 7.3.1.5).
  Update onValidCheck(const Endpoint& from, const stun::TransactionId& transaction, bool nominates,
                      Micros now);
  // Drops the pairs whose consent has expired and calls forget(endpoint) for each. When the
  // selected pair is among them, media stops until a pair is nominated (RFC 7675 5.1).
  template <typename F>
  void expire(Micros now, F&& forget) {
    size_t kept = 0;
    for (size_t i = 0; i < mCount; ++i) {
      if (hasConsent(mPairs[i], now)) {
        mPairs[kept++] = mPairs[i];
        continue;
      }
      if (mSendTuple && *mSendTuple == mPairs[i].remote) {
        mSendTuple.reset();
        mNominated = false;
      }
      forget(mPairs[i].remote);
    }
    mCount = kept;
  }

  // Where media goes: the nominated pair, or before the first nomination the first pair that
  // passed a check (DTLS may start before the browser nominates); empty while none has consent.
  [[nodiscard]] const std::optional<Endpoint>& sendTuple() const { return mSendTuple; }
  // The pair the browser nominated, if media goes to it.
  [[nodiscard]] std::optional<Endpoint> nominatedTuple() const {
    return mNominated ? mSendTuple : std::nullopt;
  }
  [[nodiscard]] bool hasConsent(const Endpoint& remote, Micros now) const;
  [[nodiscard]] size_t size() const { return mCount; }

 private:
  struct Pair {
    Endpoint remote;
    Micros lastCheck = 0;
    // USE-CANDIDATE checks counted towards a switch: how many, since when, the last one's
    // transaction (a repeated transaction is a retransmission or a replay, and counts once).
    uint8_t nominations = 0;
    Micros firstNomination = 0;
    stun::TransactionId lastTransaction{};
  };

  static bool hasConsent(const Pair& pair, Micros now) { return now - pair.lastCheck < kConsentTimeout; }
  Pair& findOrAdd(const Endpoint& remote, Update& update);
  Pair* find(const Endpoint& remote);
  bool countNomination(Pair& pair, const stun::TransactionId& transaction, Micros now);

  std::array<Pair, kMaxPairs> mPairs{};
  size_t mCount = 0;
  std::optional<Endpoint> mSendTuple;
  bool mNominated = false;      // mSendTuple was nominated (not only the first checked pair)
  bool mEverNominated = false;  // after a nomination, no pair is taken without one
};

}  // namespace vicos::ice
