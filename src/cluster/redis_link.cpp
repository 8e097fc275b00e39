// The coordination thread's loop: take a command, run it, post the reply; on a lost connection
// fail what is queued, log once (no address, P27) and reconnect with a doubling back-off.
#include "cluster/redis_link.hpp"

#include <algorithm>

#include "common/log.hpp"

namespace vicos::cluster {

RedisLink::RedisLink(RedisCredentials credentials, Post post, LinkTiming timing)
    : mCredentials(std::move(credentials)), mPost(std::move(post)), mTiming(timing) {}

RedisLink::~RedisLink() { stop(); }

std::optional<std::string> RedisLink::start() {
  auto opened = RedisConnection::open(mCredentials);
  if (auto* error = std::get_if<std::string>(&opened)) return *error;
  mConnection = std::move(std::get<0>(opened));
  mOnline = true;
  mThread = std::thread([this] { run(); });
  return std::nullopt;
}

void RedisLink::stop() {
  {
    std::lock_guard lock(mMutex);
    mStopping = true;
  }
  mWake.notify_all();
  if (mThread.joinable()) mThread.join();
  mOnline = false;
}

void RedisLink::fail(Done done, std::string why) {
  if (!done) return;
  mPost([done = std::move(done), why = std::move(why)]() mutable {
    done(RedisResult(std::in_place_index<1>, why));
  });
}

void RedisLink::command(std::vector<std::string> argv, Done done) {
  {
    std::lock_guard lock(mMutex);
    if (!mStopping && mOnline && mQueue.size() < mTiming.maxQueued) {
      mQueue.push_back(Job{std::move(argv), std::move(done)});
      mWake.notify_one();
      return;
    }
  }
  fail(std::move(done), "Redis is unreachable");
}

void RedisLink::run() {
  auto retry = mTiming.firstRetry;
  for (;;) {
    if (!mConnection) {
      {
        std::unique_lock lock(mMutex);
        if (mWake.wait_for(lock, retry, [&] { return mStopping; })) return;
      }
      auto opened = RedisConnection::open(mCredentials);
      if (auto* error = std::get_if<std::string>(&opened)) {
        retry = std::min(retry * 2, mTiming.maxRetry);
        LOG_DEBUG("cluster", "Redis still unreachable (%s); next try in %lld ms", error->c_str(),
                  static_cast<long long>(retry.count()));
        continue;
      }
      mConnection = std::move(std::get<0>(opened));
      retry = mTiming.firstRetry;
      mOnline = true;
      LOG_INFO("cluster", "connected to Redis again");
    }
    Job job;
    {
      std::unique_lock lock(mMutex);
      mWake.wait(lock, [&] { return mStopping || !mQueue.empty(); });
      if (mQueue.empty()) return;  // stopping, and everything queued before has been sent
      job = std::move(mQueue.front());
      mQueue.pop_front();
    }
    auto result = mConnection->command(job.argv);
    ++mSent;
    if (mConnection->broken()) {
      mConnection.reset();
      std::deque<Job> dropped;
      {
        std::lock_guard lock(mMutex);
        mOnline = false;
        dropped.swap(mQueue);
      }
      ++mLosses;
      LOG_WARN("cluster", "lost the connection to Redis (%s); local counts until it is back, retrying",
               std::get<std::string>(result).c_str());
      for (auto& d : dropped) fail(std::move(d.done), "Redis is unreachable");
    }
    if (job.done)
      mPost([done = std::move(job.done), result = std::move(result)]() mutable { done(std::move(result)); });
  }
}

}  // namespace vicos::cluster
