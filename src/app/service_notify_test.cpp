// The notification protocol against a real AF_UNIX datagram socket standing in for systemd, and
// the watchdog beat over a real worker thread: WATCHDOG=1 while it answers, none while it is stuck.
#include "app/service_notify.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "app/service_watchdog.hpp"

namespace vicos::app {
namespace {

// What systemd does: a datagram socket bound to a path (or an abstract name), read here.
class FakeManager {
 public:
  explicit FakeManager(const std::string& name) : mName(name) {
    mFd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.data(), name.size());
    if (name[0] == '@')
      address.sun_path[0] = '\0';
    else
      std::filesystem::remove(name);
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    EXPECT_EQ(::bind(mFd, reinterpret_cast<sockaddr*>(&address), length), 0) << std::strerror(errno);
  }
  ~FakeManager() {
    ::close(mFd);
    if (mName[0] == '/') std::filesystem::remove(mName);
  }
  // The datagrams waiting now.
  std::vector<std::string> received() {
    std::vector<std::string> out;
    char buffer[256];
    for (ssize_t n; (n = ::recv(mFd, buffer, sizeof buffer, MSG_DONTWAIT)) >= 0;)
      out.emplace_back(buffer, static_cast<size_t>(n));
    return out;
  }

 private:
  std::string mName;
  int mFd = -1;
};

std::string socketPath() {
  return (std::filesystem::temp_directory_path() / ("vicos-notify-" + std::to_string(::getpid()))).string();
}

TEST(ServiceNotify, SendsStateDatagramsToAPathSocket) {
  FakeManager manager(socketPath());
  const ServiceNotifier notifier(socketPath(), std::nullopt);
  EXPECT_TRUE(notifier.send("READY=1"));
  EXPECT_EQ(manager.received(), std::vector<std::string>{"READY=1"});
}

TEST(ServiceNotify, SendsToAnAbstractSocket) {
  const std::string name = "@vicos-notify-" + std::to_string(::getpid());
  FakeManager manager(name);
  EXPECT_TRUE(ServiceNotifier(name, std::nullopt).send("WATCHDOG=1"));
  EXPECT_EQ(manager.received(), std::vector<std::string>{"WATCHDOG=1"});
}

TEST(ServiceNotify, WithoutASocketNothingIsSent) {
  EXPECT_FALSE(ServiceNotifier().enabled());
  EXPECT_FALSE(ServiceNotifier().send("READY=1"));
  EXPECT_FALSE(ServiceNotifier("relative/path", std::nullopt).send("READY=1"));
}

TEST(ServiceNotify, ReadsTheWatchdogFromTheEnvironmentOnlyForThisProcess) {
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(ServiceNotifier::fromEnvironment().enabled());
  ::setenv("NOTIFY_SOCKET", "/run/systemd/notify", 1);
  ::setenv("WATCHDOG_USEC", "20000000", 1);
  ::unsetenv("WATCHDOG_PID");
  EXPECT_EQ(ServiceNotifier::fromEnvironment().watchdog(), std::chrono::seconds(20));
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  EXPECT_EQ(ServiceNotifier::fromEnvironment().watchdog(), std::chrono::seconds(20));
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);  // meant for another process
  EXPECT_FALSE(ServiceNotifier::fromEnvironment().watchdog());
  ::unsetenv("WATCHDOG_PID");
  for (const char* bad : {"", "abc", "12x", "-5", "0"}) {
    ::setenv("WATCHDOG_USEC", bad, 1);
    EXPECT_FALSE(ServiceNotifier::fromEnvironment().watchdog()) << bad;
  }
  EXPECT_TRUE(ServiceNotifier::fromEnvironment().enabled());
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
}

TEST(ServiceWatchdog, BeatsOnlyWhileTheWorkerAnswers) {
  FakeManager manager(socketPath());
  const ServiceNotifier notifier(socketPath(), std::chrono::milliseconds(200));
  boost::asio::io_context control;
  boost::asio::io_context workerIo;  // a worker thread with a post queue
  auto guard = boost::asio::make_work_guard(workerIo);
  std::thread worker([&] { workerIo.run(); });
  const Readiness::Poster toWorker = [&](std::function<void()> task) {
    boost::asio::post(workerIo, std::move(task));
  };
  Readiness readiness(control, {toWorker}, {}, std::chrono::milliseconds(50));
  ServiceWatchdog watchdog(control, notifier, readiness, *notifier.watchdog());
  watchdog.start();

  control.run_for(std::chrono::milliseconds(450));  // beats at 100, 200, 300, 400 ms
  EXPECT_GE(manager.received().size(), 3u);

  boost::asio::post(workerIo, [] { std::this_thread::sleep_for(std::chrono::milliseconds(700)); });
  control.restart();
  control.run_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(manager.received().empty());  // stuck: systemd would restart us

  control.restart();
  control.run_for(std::chrono::milliseconds(600));
  const auto after = manager.received();
  EXPECT_FALSE(after.empty());
  for (const auto& datagram : after) EXPECT_EQ(datagram, "WATCHDOG=1");

  watchdog.stop();
  guard.reset();
  worker.join();
}

}  // namespace
}  // namespace vicos::app
