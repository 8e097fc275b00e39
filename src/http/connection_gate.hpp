// Counts open connections in total and per address bucket, and refuses those over the limits.
// A bucket's count lives in memory only while one of its connections is open (docs/privacy.md);
// control thread only.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>

#include "http/limits.hpp"

namespace vicos::http {

class ConnectionGate;

// Which limit a connection would have broken.
enum class Refusal { Total, PerAddress, WebSocketsPerAddress };

// One admitted connection; gives its place back when destroyed. It moves from the HTTP session
// to the WebSocket session on upgrade.
class ConnectionSlot {
 public:
  ConnectionSlot(ConnectionSlot&& other) noexcept = default;
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot();

  // Counts this connection as a WebSocket from now on. False, and still counted as HTTP, when
  // its bucket has as many WebSockets as it may.
  bool upgrade();
  // The address bucket (http/address_bucket.hpp), e.g. for the login throttle.
  [[nodiscard]] const std::string& bucket() const { return mBucket; }

 private:
  friend class ConnectionGate;
  ConnectionSlot(std::shared_ptr<ConnectionGate> gate, std::string bucket)
      : mGate(std::move(gate)), mBucket(std::move(bucket)) {}

  std::shared_ptr<ConnectionGate> mGate;  // empty once moved from
  std::string mBucket;
  bool mWebSocket = false;
};

class ConnectionGate : public std::enable_shared_from_this<ConnectionGate> {
 public:
  explicit ConnectionGate(ConnectionLimits limits) : mLimits(limits) {}

  // A slot for a new connection from `bucket`, or the limit it would break.
  std::variant<ConnectionSlot, Refusal> admit(const std::string& bucket);

  [[nodiscard]] size_t total() const { return mTotal; }
  // Buckets with an open connection: the addresses held in memory right now.
  [[nodiscard]] size_t bucketCount() const { return mBuckets.size(); }
  [[nodiscard]] const ConnectionLimits& limits() const { return mLimits; }

 private:
  friend class ConnectionSlot;
  struct Counts {
    size_t http = 0;
    size_t webSockets = 0;
  };
  bool upgrade(const std::string& bucket);
  void release(const std::string& bucket, bool webSocket);

  ConnectionLimits mLimits;
  size_t mTotal = 0;
  std::unordered_map<std::string, Counts> mBuckets;
};

}  // namespace vicos::http
