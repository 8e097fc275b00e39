// Readiness checks: a round trip through each worker's post queue, raced against a timer.
#include "app/readiness.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace vicos::app {
namespace {

namespace asio = boost::asio;

// One check in flight. The timer's handler keeps it alive until the deadline or the last answer;
// worker tasks hold it weakly, so that a stuck worker's task keeps nothing alive.
struct Round {
  Round(asio::io_context& io, size_t workers, ReadinessResult base, Readiness::Done callback)
      : timer(io), pending(workers), result(std::move(base)), done(std::move(callback)) {}

  void finish(bool mediaAnswered) {
    if (finished) return;
    finished = true;
    if (!mediaAnswered) result.failing.insert(result.failing.begin(), "media");
    done(result);
    timer.cancel();
  }

  asio::steady_timer timer;
  size_t pending;
  ReadinessResult result;
  Readiness::Done done;
  bool finished = false;
};

}  // namespace

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

void Readiness::check(Done done) {
  ReadinessResult base;
  if (mDatabaseWritable && !mDatabaseWritable()) base.failing.push_back("database");
  auto round = std::make_shared<Round>(mIo, mWorkers.size(), std::move(base), std::move(done));
  if (mWorkers.empty()) return round->finish(true);
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
