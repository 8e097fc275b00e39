// The seam between a WebSocket session (http/) and the signaling layer: text in, text out,
// free of Beast so that signaling and room code compile without it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace vicos::http {

// The sending half of one WebSocket, owned by the session. Called on the control thread only.
class SocketSender {
 public:
  virtual ~SocketSender() = default;
  // Queued; one write at a time. Ignored once the socket is closing.
  virtual void sendText(std::string text) = 0;
  // Sends a close frame after everything already queued (RFC 6455 5.5.1).
  virtual void close(uint16_t code, std::string reason) = 0;
};

// The receiving half, owned by the session; it holds its sender only weakly (no cycle).
class SocketHandler {
 public:
  virtual ~SocketHandler() = default;
  virtual void onText(std::string_view text) = 0;
  // Whether the socket got past its first step (signaling: it joined or waits in a room). Until
  // then it has WebSocketLimits' smaller message size and is closed after joinTimeout. Asked
  // after each onText().
  [[nodiscard]] virtual bool admitted() const = 0;
  // Called exactly once, when the socket is gone for whatever reason.
  virtual void onClosed() = 0;
};

// What the upgrade request said that signaling needs: the Cookie header (to know which
// organizer, if any, is logged in).
struct UpgradeInfo {
  std::string cookie;
};

using SocketHandlerFactory =
    std::function<std::unique_ptr<SocketHandler>(std::weak_ptr<SocketSender>, const UpgradeInfo&)>;

}  // namespace vicos::http
