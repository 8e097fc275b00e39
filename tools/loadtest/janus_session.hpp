// One Janus API session over its WebSocket transport (subprotocol "janus-protocol", plain
// JSON; https://janus.conf.meetecho.com/docs/rest.html): create, attach plugin handles,
// plugin messages with optional JSEP, trickle, keepalives, destroy. Replies are routed by
// transaction, events without one by handle. Control path only; polled from the load loop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "loadtest/signaling_client.hpp"

namespace vicos::loadtest {

class JanusSession {
 public:
  // Gets the final reply to a request: "success", "event" (after the "ack") or "error".
  using Reply = std::function<void(const nlohmann::json&)>;
  // Janus ends a session after 60 s without a request; browsers' janus.js sends every 25 s.
  static constexpr Micros kKeepaliveInterval = 25'000'000;

  JanusSession(boost::asio::io_context& io, boost::asio::ssl::context& tls, ServerAddress address);

  // Opens the WebSocket and sends `create` once it is open.
  void start();
  // Dispatches what arrived and sends a keepalive when due.
  void process(Micros now);
  bool open() const { return mSessionId != 0; }
  bool failed() const { return !mError.empty(); }
  const std::string& error() const { return mError; }

  // Attaches a handle of `plugin`; `done` gets the handle id (0 on error).
  void attach(const std::string& plugin, std::function<void(uint64_t)> done);
  // A plugin message on `handle`, with a JSEP object unless it is null.
  void message(uint64_t handle, nlohmann::json body, nlohmann::json jsep, Reply reply);
  // Tells Janus no more of our candidates follow (they were all in the SDP).
  void trickleCompleted(uint64_t handle);
  // Events on `handle` that answer no request of ours (webrtcup, media, hangup, ...).
  void onHandleEvent(uint64_t handle, Reply handler) { mHandleEvents[handle] = std::move(handler); }
  // Destroys the session (and with it every handle) and closes the socket.
  void destroy();

 private:
  void request(nlohmann::json msg, Reply reply);
  void dispatch(const nlohmann::json& msg);
  void fail(std::string what);

  SignalingClient mSocket;
  uint64_t mSessionId = 0;
  bool mCreateSent = false;
  uint64_t mNextTransaction = 1;
  Micros mNextKeepalive = 0;
  std::map<std::string, Reply> mPending;  // by transaction
  std::map<uint64_t, Reply> mHandleEvents;
  std::string mError;
};

// The plugin's own error in a reply ("error" or plugindata.data.error), empty when none.
std::string janusError(const nlohmann::json& reply);
// plugindata.data of a plugin reply; null json when absent.
const nlohmann::json& pluginData(const nlohmann::json& reply);

}  // namespace vicos::loadtest
