// The Janus API session: request/response matching by transaction, keepalives, handles.
#include "loadtest/janus_session.hpp"

namespace vicos::loadtest {

using nlohmann::json;

namespace {
const json kNull;
}  // namespace

std::string janusError(const json& reply) {
  if (!reply.is_object()) return "not a JSON object";
  if (reply.value("janus", "") == "error") {
    const auto& e = reply.contains("error") ? reply["error"] : kNull;
    return "janus error " + (e.is_object() ? std::to_string(e.value("code", 0)) + " " + e.value("reason", "") : "");
  }
  const auto& data = pluginData(reply);
  if (data.is_object() && data.contains("error"))
    return "videoroom error " + std::to_string(data.value("error_code", 0)) + " " + data.value("error", "");
  return {};
}

const json& pluginData(const json& reply) {
  if (!reply.is_object() || !reply.contains("plugindata")) return kNull;
  const auto& pd = reply["plugindata"];
  if (!pd.is_object() || !pd.contains("data")) return kNull;
  return pd["data"];
}

JanusSession::JanusSession(boost::asio::io_context& io, boost::asio::ssl::context& tls, ServerAddress address)
    : mSocket(io, tls, std::move(address)) {}

void JanusSession::fail(std::string what) {
  if (mError.empty()) mError = "janus: " + std::move(what);
}

void JanusSession::start() { mSocket.start(); }

void JanusSession::request(json msg, Reply reply) {
  // Appended rather than "t" + to_string(): GCC 12 -O3 warns (-Wrestrict) on the latter.
  std::string transaction = std::to_string(mNextTransaction++);
  transaction.insert(transaction.begin(), 't');
  msg["transaction"] = transaction;
  if (mSessionId != 0 && !msg.contains("session_id")) msg["session_id"] = mSessionId;
  if (reply) mPending.emplace(transaction, std::move(reply));
  mSocket.send(msg.dump());
}

void JanusSession::process(Micros now) {
  if (mSocket.state() == SignalingClient::State::Failed) return fail("WebSocket: " + mSocket.error());
  if (mSocket.state() == SignalingClient::State::Open && !mCreateSent) {
    mCreateSent = true;
    request(json{{"janus", "create"}}, [this](const json& reply) {
      if (reply.value("janus", "") != "success" || !reply.contains("data"))
        return fail("create: " + janusError(reply));
      mSessionId = reply["data"].value("id", uint64_t{0});
      if (mSessionId == 0) fail("create returned no session id");
    });
  }
  std::string text;
  while (mSocket.receive(text)) {
    const auto msg = json::parse(text, nullptr, false);
    if (msg.is_discarded() || !msg.is_object()) {
      fail("server sent a message that is not a JSON object");
      continue;
    }
    dispatch(msg);
  }
  if (mSessionId != 0 && now >= mNextKeepalive) {
    if (mNextKeepalive != 0) request(json{{"janus", "keepalive"}}, nullptr);
    mNextKeepalive = now + kKeepaliveInterval;
  }
}

void JanusSession::dispatch(const json& msg) {
  const std::string kind = msg.value("janus", "");
  if (kind == "ack" || kind == "keepalive") return;  // an "event" with the same transaction follows
  const std::string transaction = msg.value("transaction", "");
  if (!transaction.empty()) {
    if (const auto it = mPending.find(transaction); it != mPending.end()) {
      const Reply reply = std::move(it->second);
      mPending.erase(it);
      reply(msg);
      return;
    }
  }
  const uint64_t sender = msg.value("sender", uint64_t{0});
  if (const auto it = mHandleEvents.find(sender); it != mHandleEvents.end()) it->second(msg);
}

void JanusSession::attach(const std::string& plugin, std::function<void(uint64_t)> done) {
  request(json{{"janus", "attach"}, {"plugin", plugin}}, [this, done = std::move(done)](const json& reply) {
    const uint64_t id = reply.value("janus", "") == "success" && reply.contains("data")
                            ? reply["data"].value("id", uint64_t{0})
                            : 0;
    if (id == 0) fail("attach: " + janusError(reply));
    done(id);
  });
}

void JanusSession::message(uint64_t handle, json body, json jsep, Reply reply) {
  json msg{{"janus", "message"}, {"handle_id", handle}, {"body", std::move(body)}};
  if (!jsep.is_null()) msg["jsep"] = std::move(jsep);
  request(std::move(msg), std::move(reply));
}

void JanusSession::trickleCompleted(uint64_t handle) {
  request(json{{"janus", "trickle"}, {"handle_id", handle}, {"candidate", {{"completed", true}}}}, nullptr);
}

void JanusSession::destroy() {
  if (mSessionId == 0 || mSocket.state() != SignalingClient::State::Open) return;
  request(json{{"janus", "destroy"}}, nullptr);
}

}  // namespace vicos::loadtest
