// The plain-HTTP listener for Prometheus scrapes (GET /metrics), apart from the HTTPS port and
// meant for a loopback or management address: one request per connection, small and bounded,
// optionally behind a bearer token (RFC 6750).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace vicos::http {

class MetricsListener {
 public:
  // Hands the exposition text to the waiting scrape, now or later (on the listener's thread).
  using Collect = std::function<void(std::function<void(std::string)>)>;

  // With a non-empty `bearerToken`, every request must carry "Authorization: Bearer <token>";
  // others are answered 401 without a scrape.
  MetricsListener(boost::asio::io_context& io, std::string address, uint16_t port, Collect collect,
                  const std::string& bearerToken = {});
  ~MetricsListener();
  MetricsListener(const MetricsListener&) = delete;
  MetricsListener& operator=(const MetricsListener&) = delete;

  // False with `error` set when the address is invalid or cannot be bound.
  bool start(std::string& error);
  void stop();
  [[nodiscard]] uint16_t port() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> mImpl;
};

// Scrapes at once: more are closed without an answer.
inline constexpr size_t kMaxMetricsConnections = 4;

}  // namespace vicos::http
