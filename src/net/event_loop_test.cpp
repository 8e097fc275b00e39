// Tests of the event loop: timers in order, cancellation, and posts from another thread.
#include <gtest/gtest.h>

#include <thread>

#include "net/event_loop.hpp"

namespace vicos::net {
namespace {

TEST(EventLoop, TimersFireInDeadlineOrderAndCancelledOnesDoNot) {
  EventLoop loop;
  std::vector<int> fired;
  loop.setTimer(20'000, [&] { fired.push_back(2); loop.stop(); });
  loop.setTimer(1'000, [&] { fired.push_back(1); });
  auto cancelled = loop.setTimer(5'000, [&] { fired.push_back(99); });
  loop.cancelTimer(cancelled);
  loop.run();
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
}

TEST(EventLoop, PostFromAnotherThreadRunsOnTheLoop) {
  EventLoop loop;
  std::thread::id ranOn;
  std::thread poster([&] {
    loop.post([&] {
      ranOn = std::this_thread::get_id();
      loop.stop();
    });
  });
  loop.run();
  poster.join();
  EXPECT_EQ(ranOn, std::this_thread::get_id());
}

}  // namespace
}  // namespace vicos::net
