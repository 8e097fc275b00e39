// /readyz against a real TLS server, real media workers and a real SQLite database: ready when
// all answer; 503 naming the check when a worker is stuck or another writer holds the database.
#include "app/readiness.hpp"

#include <sqlite3.h>

#include <boost/asio/post.hpp>
#include <future>

#include "http/http_server_fixture.hpp"
#include "sfu/worker_media_plane.hpp"
#include "store/database.hpp"

namespace vicos::app {
namespace {

using namespace vicos::http::test;

class ReadinessTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    auto db = store::Database::open(mDir / "data");
    ASSERT_TRUE(db) << db.error().message;
    mDb = std::move(*db);
    mMedia = std::make_unique<sfu::WorkerMediaPlane>(
        sfu::WorkerOptions{"127.0.0.1", 0}, 2, std::vector<std::string>{"127.0.0.1"},
        [this](std::function<void()> task) { asio::post(mIo, std::move(task)); });
    mMedia->start();
    std::vector<Readiness::Poster> posters;
    for (size_t i = 0; i < mMedia->workerCount(); ++i) {
      sfu::MediaWorker& worker = mMedia->worker(i);
      posters.emplace_back([this, &worker](std::function<void()> task) {
        ++mPosted;
        worker.post(std::move(task));
      });
    }
    mReadiness = std::make_unique<Readiness>(
        mIo, std::move(posters),
        [this] {
          ++mProbes;
          return static_cast<bool>(mDb->probeWrite(kDatabaseProbeWait));
        },
        kReadinessDeadline);
    start([this](http::HttpServer::Options& options) {
      options.readiness = [this](http::ProbeResponder respond) {
        mReadiness->check([respond = std::move(respond)](const ReadinessResult& result) {
          respond(result.ready() ? 200 : 503, result.json());
        });
      };
    });
  }

  void TearDown() override {
    mIo.stop();
    if (mThread.joinable()) mThread.join();
    mMedia->stop();
    mMedia.reset();
    HttpServerTest::TearDown();
  }

  std::unique_ptr<store::Database> mDb;
  std::unique_ptr<sfu::WorkerMediaPlane> mMedia;
  std::unique_ptr<Readiness> mReadiness;
  std::atomic<int> mPosted{0};  // probe tasks posted to workers
  std::atomic<int> mProbes{0};  // database write probes
};

TEST_F(ReadinessTest, ReadyWhenEveryWorkerAndTheDatabaseAnswer) {
  const Response res = request(bhttp::verb::get, "/readyz");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), R"({"ready":true,"failing":[]})");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
  expectSecurityHeaders(res);
  EXPECT_EQ(request(bhttp::verb::head, "/readyz").result_int(), 200u);
}

TEST_F(ReadinessTest, AStuckWorkerFailsTheMediaCheckWithinTheDeadline) {
  mMedia->worker(1).post([] { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); });
  const auto begin = std::chrono::steady_clock::now();
  const Response res = request(bhttp::verb::get, "/readyz");
  const auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_EQ(res.result_int(), 503u);
  EXPECT_EQ(res.body(), R"({"ready":false,"failing":["media"]})");
  EXPECT_GE(took, kReadinessDeadline);
  EXPECT_LT(took, std::chrono::milliseconds(1400));  // answered at the deadline, not when the worker woke
  // Once the worker runs again, the server is ready again.
  EXPECT_TRUE(eventually([&] { return request(bhttp::verb::get, "/readyz").result_int() == 200u; }));
}

TEST_F(ReadinessTest, ADatabaseLockedByAnotherWriterFailsTheDatabaseCheck) {
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((mDir / "data" / store::Database::kFileName).c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  const Response locked = request(bhttp::verb::get, "/readyz");
  EXPECT_EQ(locked.result_int(), 503u);
  EXPECT_EQ(locked.body(), R"({"ready":false,"failing":["database"]})");
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  // The failed answer is reused for up to a second, then the database is looked at again.
  EXPECT_TRUE(eventually([&] { return request(bhttp::verb::get, "/readyz").result_int() == 200u; }));
}

// A flood of /readyz costs one round: checks asked for while one is in flight share it (a stuck
// worker's queue gets one task, not one per request), and the database is probed once a second.
TEST_F(ReadinessTest, ChecksAskedForMeanwhileShareOneRound) {
  mMedia->worker(0).post([] { std::this_thread::sleep_for(std::chrono::milliseconds(800)); });
  constexpr int kAsked = 20;
  std::atomic<int> answered{0}, failedMedia{0};
  std::promise<void> all;
  asio::post(mIo, [&] {
    for (int i = 0; i < kAsked; ++i) {
      mReadiness->check([&](const ReadinessResult& result) {
        if (result.failing == std::vector<std::string>{"media"}) ++failedMedia;
        if (++answered == kAsked) all.set_value();
      });
    }
  });
  all.get_future().wait();
  EXPECT_EQ(failedMedia, kAsked);
  EXPECT_EQ(mPosted, 2);  // one task to each of the two workers
  EXPECT_EQ(mProbes, 1);
  for (int i = 0; i < 5; ++i) request(bhttp::verb::get, "/readyz");
  EXPECT_EQ(mProbes, 1);  // within the second: reused
}

}  // namespace
}  // namespace vicos::app
