// The checks behind /readyz and the systemd watchdog: every media worker runs a posted task
// within a deadline, and the database takes its write lock.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vicos::app {

struct ReadinessResult {
  std::vector<std::string> failing;  // names of the failed checks: "media", "database"
  [[nodiscard]] bool ready() const { return failing.empty(); }
  // {"ready":true,"failing":[]}: check names only, nothing about people (P27).
  [[nodiscard]] std::string json() const;
};

class Readiness {
 public:
  // Runs a task on some thread: a media worker's post queue.
  using Poster = std::function<void(std::function<void()>)>;
  using Done = std::function<void(const ReadinessResult&)>;

  // `io` is the control thread's; check() and `databaseWritable` run there.
  Readiness(boost::asio::io_context& io, std::vector<Poster> workers, std::function<bool()> databaseWritable,
            std::chrono::milliseconds deadline);

  // Control thread. `done` is called once, on the control thread, at the latest after the
  // deadline: a worker that has not run its task by then counts as unresponsive.
  // Checks asked for while one is in flight share its answer.
  void check(Done done);

 private:
  bool databaseWritable();

  boost::asio::io_context& mIo;
  std::vector<Poster> mWorkers;
  std::function<bool()> mDatabaseWritable;
  std::chrono::milliseconds mDeadline;
  struct Round;
  std::weak_ptr<Round> mRound;  // the check in flight
  std::optional<std::chrono::steady_clock::time_point> mDatabaseCheckedAt;
  bool mDatabaseOk = false;
};

// How long a worker may take to run a probe task before /readyz and the watchdog fail it.
inline constexpr std::chrono::milliseconds kReadinessDeadline{500};
// How long the database check waits for another writer's lock, and how long its answer is reused.
inline constexpr std::chrono::milliseconds kDatabaseProbeWait{200};
inline constexpr std::chrono::seconds kDatabaseProbeReuse{1};

}  // namespace vicos::app
