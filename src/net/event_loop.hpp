// One epoll loop per worker thread: file descriptors, timers, and closures posted from other
// threads (the only way another thread may touch what this loop owns).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"

namespace vicos::net {

class EventLoop {
 public:
  using FdCallback = std::function<void(uint32_t events)>;
  using TimerCallback = std::function<void()>;
  using TimerId = uint64_t;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Loop thread only.
  void watch(int fd, uint32_t events, FdCallback callback);
  void unwatch(int fd);
  TimerId setTimer(Micros delay, TimerCallback callback);
  void cancelTimer(TimerId id);

  // Any thread: runs `task` on the loop thread soon. Draining takes the queue's lock once per
  // wake-up, never per packet.
  void post(std::function<void()> task);
  // Any thread: tasks posted and not yet taken up (metrics).
  size_t queued();

  // Runs until stop(); stop() may be called from any thread.
  void run();
  void stop();

 private:
  void drainPosted();
  void runDueTimers();
  int nextTimeoutMs() const;

  struct Timer {
    Micros deadline;
    TimerId id;
    bool operator>(const Timer& other) const { return deadline > other.deadline; }
  };

  int mEpollFd = -1;
  int mWakeFd = -1;
  bool mStopped = false;
  std::unordered_map<int, FdCallback> mFds;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> mTimerQueue;
  std::unordered_map<TimerId, TimerCallback> mTimers;
  TimerId mNextTimerId = 1;

  std::mutex mPostedMutex;
  std::vector<std::function<void()>> mPosted;
  std::vector<std::function<void()>> mRunning;
};

}  // namespace vicos::net
