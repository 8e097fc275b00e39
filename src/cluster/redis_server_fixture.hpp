// Test only: a real redis-server (Debian's redis-server) in a temporary directory on a free
// loopback port, with a password and optionally TLS (a CA and certificate made for the run);
// stopped with SIGKILL and started again on the same ports to test losses.
#pragma once

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "cluster/redis_connection.hpp"
#include "cluster/keyed_hash.hpp"
#include "cluster/redis_link.hpp"
#include "cluster/shared_counter.hpp"

extern char** environ;

namespace vicos::cluster::test {

inline uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

inline bool haveRedisServer() { return std::system("command -v redis-server >/dev/null 2>&1") == 0; }

class RedisServer {
 public:
  static constexpr const char* kPassword = "test-password-8c1f";

  explicit RedisServer(bool tls = false) : mTls(tls) {
    char pattern[] = "/tmp/vicos-redis.XXXXXX";
    mDir = ::mkdtemp(pattern);
    mPort = freeLoopbackPort();
    std::ofstream conf(mDir / "redis.conf");
    conf << "bind 127.0.0.1\nport " << mPort << "\ndir " << mDir.string() << "\nrequirepass " << kPassword
         << "\nsave \"\"\nappendonly no\nprotected-mode yes\nloglevel warning\nlogfile "
         << (mDir / "redis.log").string() << "\n";
    if (tls) {
      mTlsPort = freeLoopbackPort();
      const std::string d = mDir.string();
      const std::string make =
          "cd " + d +
          " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
          "-subj /CN=vicos-test-ca -keyout ca.key -out ca.crt 2>/dev/null"
          " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 "
          "-keyout server.key -out server.csr 2>/dev/null"
          " && printf 'subjectAltName=IP:127.0.0.1,DNS:redis.test\\n' > san.ext"
          " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 "
          "-extfile san.ext -out server.crt 2>/dev/null";
      if (std::system(make.c_str()) != 0) throw std::runtime_error("cannot make the test certificates");
      conf << "tls-port " << mTlsPort << "\ntls-cert-file " << d << "/server.crt\ntls-key-file " << d
           << "/server.key\ntls-ca-cert-file " << d << "/ca.crt\ntls-auth-clients no\n";
    }
    conf.close();
    start();
  }
  ~RedisServer() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(mDir, ec);
  }

  void start() {
    const std::string conf = (mDir / "redis.conf").string();
    char* argv[] = {const_cast<char*>("redis-server"), const_cast<char*>(conf.c_str()), nullptr};
    if (::posix_spawnp(&mPid, "redis-server", nullptr, nullptr, argv, environ) != 0)
      throw std::runtime_error("cannot start redis-server");
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      if (RedisConnection::open(credentials()).index() == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("redis-server did not come up");
  }
  void stop() {
    if (mPid <= 0) return;
    ::kill(mPid, SIGKILL);
    ::waitpid(mPid, nullptr, 0);
    mPid = 0;
  }

  RedisCredentials credentials(bool tls = false) const {
    RedisCredentials c;
    c.url.host = "127.0.0.1";
    c.url.port = tls ? mTlsPort : mPort;
    c.url.tls = tls;
    if (tls) c.url.caFile = (mDir / "ca.crt").string();
    c.password = kPassword;
    c.timeout = std::chrono::milliseconds(1000);
    return c;
  }
  const std::filesystem::path& dir() const { return mDir; }
  uint16_t port() const { return mPort; }

 private:
  bool mTls;
  std::filesystem::path mDir;
  uint16_t mPort = 0;
  uint16_t mTlsPort = 0;
  pid_t mPid = 0;
};

// Replies run on the coordination thread in tests; the helpers wait for them.
inline RedisLink::Post inlinePost() {
  return [](std::function<void()> f) { f(); };
}

// Replies queued for the test's own thread, as the server queues them for its control thread.
class PostedQueue {
 public:
  RedisLink::Post post() {
    return [this](std::function<void()> f) {
      std::lock_guard lock(mMutex);
      mQueue.push_back(std::move(f));
      mChanged.notify_all();
    };
  }
  // Runs `count` posted callbacks on this thread, waiting up to 10 s for them; false on time-out.
  bool run(size_t count) {
    for (size_t i = 0; i < count; ++i) {
      std::function<void()> f;
      {
        std::unique_lock lock(mMutex);
        if (!mChanged.wait_for(lock, std::chrono::seconds(10), [&] { return !mQueue.empty(); })) return false;
        f = std::move(mQueue.front());
        mQueue.pop_front();
      }
      f();
    }
    return true;
  }

 private:
  std::mutex mMutex;
  std::condition_variable mChanged;
  std::deque<std::function<void()>> mQueue;
};

// One node's link to the test server and its counter shared through it (what the throttles of
// several nodes count together with).
struct CountingNode {
  CountingNode(const RedisServer& server, PostedQueue& queue)
      : link(server.credentials(), queue.post()), counter(link, KeyedHash("cluster-secret")) {}
  RedisLink link;
  SharedCounter counter;
};

template <typename T, typename Start>
T await(Start start) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  start([promise](T value) { promise->set_value(std::move(value)); });
  if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
    throw std::runtime_error("no reply in 10 s");
  return future.get();
}

}  // namespace vicos::cluster::test
