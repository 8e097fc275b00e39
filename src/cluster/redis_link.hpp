// The coordination thread: owns the one connection to Redis and runs queued commands on it, so
// that no Redis round trip ever blocks the control thread's event loop or a media worker. Replies
// go back through `post` (in the server: boost::asio::post onto the control io_context).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "cluster/redis_connection.hpp"

namespace vicos::cluster {

using RedisResult = std::variant<RedisReply, std::string>;  // a reply, or why there is none

struct LinkTiming {
  std::chrono::milliseconds firstRetry{100};  // after a loss; doubles up to maxRetry
  std::chrono::milliseconds maxRetry{10000};
  size_t maxQueued = 10000;  // commands waiting; beyond, new ones fail at once (memory bound)
};

class RedisLink {
 public:
  using Post = std::function<void(std::function<void()>)>;
  using Done = std::function<void(RedisResult)>;

  RedisLink(RedisCredentials credentials, Post post, LinkTiming timing = {});
  ~RedisLink();  // stops the thread
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  // Connects once, in the caller's thread (at start, before the event loop runs), and starts the
  // coordination thread; an error (worded for the operator, no address) leaves it stopped.
  std::optional<std::string> start();
  // Sends what is already queued (each within the time-out), then ends the thread; later
  // commands fail at once.
  void stop();

  // Queues `argv`; `done` runs through `post` with the reply. While Redis is unreachable `done`
  // gets an error without waiting, so callers fall back to local state at once.
  void command(std::vector<std::string> argv, Done done);
  bool online() const { return mOnline.load(std::memory_order_relaxed); }
  uint64_t losses() const { return mLosses.load(std::memory_order_relaxed); }
  // Round trips to Redis so far (docs/performance.md counts them per join and per minute).
  uint64_t sent() const { return mSent.load(std::memory_order_relaxed); }

 private:
  struct Job {
    std::vector<std::string> argv;
    Done done;
  };
  void run();
  void fail(Done done, std::string why);

  RedisCredentials mCredentials;
  Post mPost;
  LinkTiming mTiming;
  std::unique_ptr<RedisConnection> mConnection;  // the coordination thread's only, after start
  std::mutex mMutex;
  std::condition_variable mWake;
  std::deque<Job> mQueue;
  bool mStopping = false;
  std::atomic<bool> mOnline{false};
  std::atomic<uint64_t> mLosses{0};
  std::atomic<uint64_t> mSent{0};
  std::thread mThread;
};

}  // namespace vicos::cluster
