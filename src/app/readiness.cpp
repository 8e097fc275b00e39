// Readiness checks: a round trip through each worker's post queue, raced against a timer. Checks
// asked for while one is in flight join it, and the database's answer is reused for a second, so
// that a flood of /readyz costs no more than a steady poll (docs/operations.md "Health").
#include "app/readiness.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace vicos::app {

namespace asio = boost::asio;

// One check in flight. The timer's handler keeps it alive until the deadline or the last answer;
// worker tasks hold it weakly, so that a stuck worker's task keeps nothing alive.
struct Readiness::Round {
  Round(asio::io_context& io, size_t workers, ReadinessResult base)
      : timer(io), pending(workers), result(std::move(base)) {}

  void finish(bool mediaAnswered) {
    if (finished) return;
    finished = true;
    if (!mediaAnswered) result.failing.insert(result.failing.begin(), "media");
    for (const auto& done : waiting) done(result);
    waiting.clear();
    timer.cancel();
  }

  asio::steady_timer timer;
  size_t pending;
  ReadinessResult result;
  std::vector<Done> waiting;
  bool finished = false;
};

std::string ReadinessResult::json() const {
  std::string out = ready() ? R"({"ready":true,"failing":[)" : R"({"ready":false,"failing":[)";
  for (size_t i = 0; i < failing.size(); ++i) out += (i ? ",\"" : "\"") + failing[i] + "\"";
  return out + "]}";
}

Readiness::Readiness(asio::io_context& io, std::vector<Poster> workers,
                     std::function<bool()> databaseWritable, std::chrono::milliseconds deadline)
    : mIo(io),
      mWorkers(std::move(workers)),
      mDatabaseWritable(std::move(databaseWritable)),
      mDeadline(deadline) {}

bool Readiness::databaseWritable() {
  if (!mDatabaseWritable) return true;
  const auto now = std::chrono::steady_clock::now();
  if (!mDatabaseCheckedAt || now - *mDatabaseCheckedAt >= kDatabaseProbeReuse) {
    mDatabaseOk = mDatabaseWritable();
    mDatabaseCheckedAt = std::chrono::steady_clock::now();
  }
  return mDatabaseOk;
}

void Readiness::check(Done done) {
  if (auto inFlight = mRound.lock(); inFlight && !inFlight->finished) {
    inFlight->waiting.push_back(std::move(done));
    return;
  }
  ReadinessResult base;
  if (!databaseWritable()) base.failing.push_back("database");
  auto round = std::make_shared<Round>(mIo, mWorkers.size(), std::move(base));
  round->waiting.push_back(std::move(done));
  if (mWorkers.empty()) return round->finish(true);
  mRound = round;
  round->timer.expires_after(mDeadline);
  round->timer.async_wait([round](const boost::system::error_code&) { round->finish(false); });
  std::weak_ptr<Round> weak = round;
  for (const Poster& post : mWorkers) {
    post([&io = mIo, weak] {
      asio::post(io, [weak] {
        auto alive = weak.lock();
        if (alive && --alive->pending == 0) alive->finish(true);
      });
    });
  }
}

}  // namespace vicos::app
