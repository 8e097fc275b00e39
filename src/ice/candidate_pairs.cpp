// Consent per candidate pair (RFC 7675) and the choice of the pair media goes to
// (RFC 8445 7.3.1.5 for a lite agent, with the switch rule of candidate_pairs.hpp).
#include "ice/candidate_pairs.hpp"

namespace vicos::ice {

CandidatePairs::Pair* CandidatePairs::find(const Endpoint& remote) {
  for (size_t i = 0; i < mCount; ++i)
    if (mPairs[i].remote == remote) return &mPairs[i];
  return nullptr;
}

CandidatePairs::Pair& CandidatePairs::findOrAdd(const Endpoint& remote, Update& update) {
  if (Pair* pair = find(remote)) return *pair;
  if (mCount < kMaxPairs) {
    mPairs[mCount] = Pair{remote};
    return mPairs[mCount++];
  }
  // Full: the least recently checked pair that media does not go to makes room.
  Pair* oldest = nullptr;
  for (size_t i = 0; i < mCount; ++i) {
    if (mSendTuple && mPairs[i].remote == *mSendTuple) continue;
    if (!oldest || mPairs[i].lastCheck < oldest->lastCheck) oldest = &mPairs[i];
  }
  update.forgotten = oldest->remote;
  *oldest = Pair{remote};
  return *oldest;
}

bool CandidatePairs::countNomination(Pair& pair, const stun::TransactionId& transaction, Micros now) {
  if (pair.nominations == 0 || now - pair.firstNomination > kSwitchWindow) {
    pair.nominations = 1;
    pair.firstNomination = now;
  } else if (transaction != pair.lastTransaction && pair.nominations < kSwitchChecks) {
    ++pair.nominations;
  }
  pair.lastTransaction = transaction;
  return pair.nominations >= kSwitchChecks;
}

CandidatePairs::Update CandidatePairs::onValidCheck(const Endpoint& from,
                                                    const stun::TransactionId& transaction,
                                                    bool nominates, Micros now) {
  Update update;
  Pair& pair = findOrAdd(from, update);
  pair.lastCheck = now;
  const bool isSendTuple = mSendTuple && *mSendTuple == from;
  bool take = false;
  if (nominates) {
    const bool enough = !isSendTuple && countNomination(pair, transaction, now);
    // A lite agent follows the controlling agent's nomination at once (RFC 8445 7.3.1.5)
    // while nothing nominated has consent: the first nomination, and after the selected pair
    // lost consent. An established selection moves only on repeated nominations.
    const Pair* current = mSendTuple ? find(*mSendTuple) : nullptr;
    take = !mNominated || !current || !hasConsent(*current, now) || enough;
    if (take || isSendTuple) {
      mNominated = true;
      mEverNominated = true;
    }
  } else {
    take = !mSendTuple && !mEverNominated;  // DTLS may start before the nomination
  }
  if (take && !isSendTuple) {
    mSendTuple = from;
    update.sendTupleChanged = true;
    pair.nominations = 0;
  }
  return update;
}

bool CandidatePairs::hasConsent(const Endpoint& remote, Micros now) const {
  for (size_t i = 0; i < mCount; ++i)
    if (mPairs[i].remote == remote) return hasConsent(mPairs[i], now);
  return false;
}

}  // namespace vicos::ice
