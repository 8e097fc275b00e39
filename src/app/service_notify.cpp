// The notification datagram written by hand rather than linking libsystemd: the protocol is one
// sendto() on an AF_UNIX datagram socket, which systemd documents as stable (sd_notify(3)), and the
// server then runs the same with or without systemd installed.
#include "app/service_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace vicos::app {
namespace {

std::optional<uint64_t> parseNumber(const char* text) {
  if (text == nullptr || *text == '\0') return std::nullopt;
  uint64_t value = 0;
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

ServiceNotifier ServiceNotifier::fromEnvironment() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (socket == nullptr || *socket == '\0') return {};
  std::optional<std::chrono::microseconds> watchdog;
  const auto usec = parseNumber(std::getenv("WATCHDOG_USEC"));
  const char* pidText = std::getenv("WATCHDOG_PID");
  const auto pid = parseNumber(pidText);
  const bool forUs = pidText == nullptr || (pid && *pid == static_cast<uint64_t>(::getpid()));
  if (usec && *usec > 0 && forUs) watchdog = std::chrono::microseconds(*usec);
  return ServiceNotifier(socket, watchdog);
}

bool ServiceNotifier::send(std::string_view state) const {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (mSocket.empty() || mSocket.size() >= sizeof(address.sun_path)) return false;
  if (mSocket[0] != '/' && mSocket[0] != '@') return false;
  std::memcpy(address.sun_path, mSocket.data(), mSocket.size());
  if (mSocket[0] == '@') address.sun_path[0] = '\0';  // abstract namespace, unix(7)
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + mSocket.size());
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                reinterpret_cast<const sockaddr*>(&address), length);
  ::close(fd);
  return sent == static_cast<ssize_t>(state.size());
}

}  // namespace vicos::app
