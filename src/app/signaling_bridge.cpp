// The bridge: room messages go out through the socket's sender; socket text goes into the
// session. The sender is held weakly, as the socket owns the handler.
#include "app/signaling_bridge.hpp"

namespace vicos::app {
namespace {

class SocketChannel final : public room::ParticipantChannel {
 public:
  explicit SocketChannel(std::weak_ptr<http::SocketSender> sender) : mSender(std::move(sender)) {}
  void send(std::string json) override {
    if (auto sender = mSender.lock()) sender->sendText(std::move(json));
  }
  void close() override {
    if (auto sender = mSender.lock()) sender->close(1000, "bye");
  }

 private:
  std::weak_ptr<http::SocketSender> mSender;
};

class SignalingHandler final : public http::SocketHandler {
 public:
  SignalingHandler(room::RoomManager& rooms, std::weak_ptr<http::SocketSender> sender)
      : mSession(rooms, std::make_shared<SocketChannel>(std::move(sender))) {}
  void onText(std::string_view text) override { mSession.onText(text); }
  void onClosed() override { mSession.onClosed(); }

 private:
  room::SignalingSession mSession;
};

}  // namespace

http::SocketHandlerFactory makeSignalingFactory(room::RoomManager& rooms) {
  return [&rooms](std::weak_ptr<http::SocketSender> sender) -> std::unique_ptr<http::SocketHandler> {
    return std::make_unique<SignalingHandler>(rooms, std::move(sender));
  };
}

}  // namespace vicos::app
