// One blocking connection to Redis over TCP or TLS, used only by the coordination thread
// (cluster/redis_link.hpp): hiredis formats the commands and parses the replies; the socket and
// OpenSSL's TLS are ours, because Debian 12's hiredis 0.14 has no TLS of its own.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cluster/redis_reply.hpp"
#include "cluster/redis_url.hpp"

namespace vicos::cluster {

struct RedisCredentials {
  RedisUrl url;
  std::optional<std::string> password;      // from cluster.redis_password_file
  std::chrono::milliseconds timeout{2000};  // connect, and each command's reply
};

class RedisConnection {
 public:
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Connects, completes TLS (certificate and host name verified), AUTH and SELECT. The error
  // never names the host or its address (P27 keeps logs free of addresses).
  static std::variant<std::unique_ptr<RedisConnection>, std::string> open(
      const RedisCredentials& credentials);

  // Sends one command and waits for its reply (a Redis error reply is a reply, not a failure).
  // A failure (I/O, timeout, protocol) breaks the connection for good: open a new one.
  std::variant<RedisReply, std::string> command(const std::vector<std::string>& argv);
  bool broken() const { return mBroken; }

  struct Impl;  // the socket, TLS and parser state (redis_connection.cpp)

 private:
  explicit RedisConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> mImpl;
  bool mBroken = false;
};

}  // namespace vicos::cluster
