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
  SignalingHandler(room::RoomManager& rooms, std::weak_ptr<http::SocketSender> sender,
                   std::optional<room::Organizer> organizer)
      : mSession(rooms, std::make_shared<SocketChannel>(std::move(sender)), std::move(organizer)) {}
  void onText(std::string_view text) override { mSession.onText(text); }
  void onClosed() override { mSession.onClosed(); }
  // Joined or waiting in a room: from then on the socket has the full message size and no join
  // timeout (docs/protocol.md "Transport").
  bool admitted() const override { return mSession.joined(); }

 private:
  room::SignalingSession mSession;
};

}  // namespace

http::SocketHandlerFactory makeSignalingFactory(room::RoomManager& rooms, OrganizerLookup lookup) {
  return [&rooms, lookup = std::move(lookup)](std::weak_ptr<http::SocketSender> sender,
                                              const http::UpgradeInfo& upgrade) -> std::unique_ptr<http::SocketHandler> {
    std::optional<room::Organizer> organizer;
    if (lookup && !upgrade.cookie.empty()) organizer = lookup(upgrade.cookie);
    return std::make_unique<SignalingHandler>(rooms, std::move(sender), std::move(organizer));
  };
}

}  // namespace vicos::app
