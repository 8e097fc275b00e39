// The pool: workers take jobs in arrival order; results travel back as posted closures, so the
// control thread's objects are only ever touched on the control thread.
#include "app/password_workers.hpp"

#include <algorithm>

namespace vicos::app {

PasswordWorkers::PasswordWorkers(size_t threads, size_t queueLimit, PostToControl post)
    : mQueueLimit(queueLimit), mPost(std::move(post)) {
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) mThreads.emplace_back([this] { run(); });
}

PasswordWorkers::~PasswordWorkers() {
  {
    std::lock_guard lock(mMutex);
    mStopping = true;
    mQueue.clear();
  }
  mWake.notify_all();
  for (auto& thread : mThreads) thread.join();
}

bool PasswordWorkers::submit(std::function<bool()> check, std::function<void(bool)> done) {
  {
    std::lock_guard lock(mMutex);
    if (mStopping || mQueue.size() >= mQueueLimit) return false;
    mQueue.push_back(Job{std::move(check), std::move(done)});
  }
  mWake.notify_one();
  return true;
}

void PasswordWorkers::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mMutex);
      mWake.wait(lock, [this] { return mStopping || !mQueue.empty(); });
      if (mStopping) return;
      job = std::move(mQueue.front());
      mQueue.pop_front();
    }
    const bool result = job.check();
    mPost([done = std::move(job.done), result] { done(result); });
  }
}

}  // namespace vicos::app
