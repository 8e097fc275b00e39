// epoll-based event loop with an eventfd for cross-thread posts and a timer heap.
#include "net/event_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <stdexcept>

namespace vicos::net {

EventLoop::EventLoop() {
  mEpollFd = epoll_create1(EPOLL_CLOEXEC);
  mWakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (mEpollFd < 0 || mWakeFd < 0) throw std::runtime_error("cannot create event loop");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = mWakeFd;
  epoll_ctl(mEpollFd, EPOLL_CTL_ADD, mWakeFd, &ev);
}

EventLoop::~EventLoop() {
  close(mWakeFd);
  close(mEpollFd);
}

void EventLoop::watch(int fd, uint32_t events, FdCallback callback) {
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  const bool known = mFds.contains(fd);
  mFds[fd] = std::move(callback);
  if (epoll_ctl(mEpollFd, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) != 0)
    throw std::runtime_error("epoll_ctl failed");
}

void EventLoop::unwatch(int fd) {
  if (mFds.erase(fd) > 0) epoll_ctl(mEpollFd, EPOLL_CTL_DEL, fd, nullptr);
}

EventLoop::TimerId EventLoop::setTimer(Micros delay, TimerCallback callback) {
  const TimerId id = mNextTimerId++;
  mTimers.emplace(id, std::move(callback));
  mTimerQueue.push(Timer{nowMicros() + delay, id});
  return id;
}

void EventLoop::cancelTimer(TimerId id) { mTimers.erase(id); }

void EventLoop::post(std::function<void()> task) {
  {
    std::lock_guard lock(mPostedMutex);
    mPosted.push_back(std::move(task));
  }
  const uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(mWakeFd, &one, sizeof one);
}

void EventLoop::stop() {
  post([this] { mStopped = true; });
}

size_t EventLoop::queued() {
  std::lock_guard lock(mPostedMutex);
  return mPosted.size();
}

void EventLoop::drainPosted() {
  uint64_t count = 0;
  [[maybe_unused]] auto n = ::read(mWakeFd, &count, sizeof count);
  {
    std::lock_guard lock(mPostedMutex);
    mRunning.swap(mPosted);
  }
  for (auto& task : mRunning) task();
  mRunning.clear();
}

void EventLoop::runDueTimers() {
  const Micros now = nowMicros();
  while (!mTimerQueue.empty() && mTimerQueue.top().deadline <= now) {
    const TimerId id = mTimerQueue.top().id;
    mTimerQueue.pop();
    auto it = mTimers.find(id);
    if (it == mTimers.end()) continue;  // cancelled
    auto callback = std::move(it->second);
    mTimers.erase(it);
    callback();
  }
}

int EventLoop::nextTimeoutMs() const {
  if (mTimerQueue.empty()) return 1000;
  const Micros wait = mTimerQueue.top().deadline - nowMicros();
  if (wait <= 0) return 0;
  return static_cast<int>((wait + 999) / 1000);
}

void EventLoop::run() {
  constexpr int kMaxEvents = 64;
  epoll_event events[kMaxEvents];
  while (!mStopped) {
    const int n = epoll_wait(mEpollFd, events, kMaxEvents, nextTimeoutMs());
    if (n < 0 && errno != EINTR) throw std::runtime_error("epoll_wait failed");
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == mWakeFd) {
        drainPosted();
        continue;
      }
      auto it = mFds.find(fd);
      if (it != mFds.end()) it->second(events[i].events);
    }
    runDueTimers();
  }
}

}  // namespace vicos::net
