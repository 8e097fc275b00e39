// A small pool of threads for the Argon2id checks of logins, so that the control thread, which
// runs all signaling, never waits for a password hash (docs/security.md "Connections, logins and
// sessions"). Its queue is bounded: when it is full the login is answered "busy" at once.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vicos::app {

class PasswordWorkers {
 public:
  // Hands a function to the control thread (for `vicos serve`: boost::asio::post to its
  // io_context); must be safe to call from any thread.
  using PostToControl = std::function<void(std::function<void()>)>;

  PasswordWorkers(size_t threads, size_t queueLimit, PostToControl post);
  // Drops the queued checks (their `done` is never called) and waits for those that run; their
  // results are still posted, so the control thread must outlive the pool.
  ~PasswordWorkers();
  PasswordWorkers(const PasswordWorkers&) = delete;
  PasswordWorkers& operator=(const PasswordWorkers&) = delete;

  // Runs `check` on a worker and then `done(result)` on the control thread. False, and nothing
  // queued, when queueLimit checks wait already.
  bool submit(std::function<bool()> check, std::function<void(bool)> done);

 private:
  struct Job {
    std::function<bool()> check;
    std::function<void(bool)> done;
  };
  void run();

  const size_t mQueueLimit;
  PostToControl mPost;
  std::mutex mMutex;
  std::condition_variable mWake;
  std::deque<Job> mQueue;
  bool mStopping = false;
  std::vector<std::thread> mThreads;
};

}  // namespace vicos::app
