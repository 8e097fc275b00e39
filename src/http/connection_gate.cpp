// Connection counting: a bucket's entry is created with its first connection and erased with its
// last, so the map holds exactly the addresses that are connected now.
#include "http/connection_gate.hpp"

namespace vicos::http {

ConnectionSlot::~ConnectionSlot() {
  if (mGate) mGate->release(mBucket, mWebSocket);
}

bool ConnectionSlot::upgrade() {
  if (!mGate || mWebSocket) return mWebSocket;
  mWebSocket = mGate->upgrade(mBucket);
  return mWebSocket;
}

std::variant<ConnectionSlot, Refusal> ConnectionGate::admit(const std::string& bucket) {
  if (mTotal >= mLimits.total) return Refusal::Total;
  const auto it = mBuckets.find(bucket);
  if (it != mBuckets.end() && it->second.http >= mLimits.perAddress) return Refusal::PerAddress;
  ++mBuckets[bucket].http;
  ++mTotal;
  return ConnectionSlot(shared_from_this(), bucket);
}

bool ConnectionGate::upgrade(const std::string& bucket) {
  Counts& counts = mBuckets.at(bucket);
  if (counts.webSockets >= mLimits.webSocketsPerAddress) return false;
  --counts.http;
  ++counts.webSockets;
  return true;
}

void ConnectionGate::release(const std::string& bucket, bool webSocket) {
  const auto it = mBuckets.find(bucket);
  if (it == mBuckets.end()) return;
  --(webSocket ? it->second.webSockets : it->second.http);
  if (it->second.http == 0 && it->second.webSockets == 0) mBuckets.erase(it);
  --mTotal;
}

}  // namespace vicos::http
