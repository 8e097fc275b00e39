// systemd's service notification protocol (sd_notify(3)): a datagram such as "READY=1" or
// "WATCHDOG=1" sent to the AF_UNIX socket named by $NOTIFY_SOCKET.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace vicos::app {

class ServiceNotifier {
 public:
  // No socket: send() does nothing (started by hand, or Type= is not notify).
  ServiceNotifier() = default;
  // `socket`: a path, or "@name" for an abstract socket; `watchdog`: WatchdogSec as systemd set it.
  ServiceNotifier(std::string socket, std::optional<std::chrono::microseconds> watchdog)
      : mSocket(std::move(socket)), mWatchdog(watchdog) {}

  // From NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID (the watchdog only when WATCHDOG_PID is
  // unset or this process); invalid values are ignored.
  static ServiceNotifier fromEnvironment();

  [[nodiscard]] bool enabled() const { return !mSocket.empty(); }
  // How often systemd expects WATCHDOG=1 at the latest; nothing when no watchdog is set.
  [[nodiscard]] std::optional<std::chrono::microseconds> watchdog() const { return mWatchdog; }
  // Sends one state datagram; false when there is no socket or sending failed.
  bool send(std::string_view state) const;

 private:
  std::string mSocket;
  std::optional<std::chrono::microseconds> mWatchdog;
};

}  // namespace vicos::app
