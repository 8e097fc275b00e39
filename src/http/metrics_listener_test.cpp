// The metrics listener behind a bearer token, over a real socket: no token, a wrong one, another
// scheme or a token that only begins like the right one get 401 and no scrape; the right one gets
// the text (README: metrics.token).
#include "http/metrics_listener.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

namespace vicos::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr const char* kToken = "Zq7-metrics-token-0123456789";

class MetricsListenerTest : public ::testing::Test {
 protected:
  void start(const std::string& token) {
    mListener = std::make_unique<MetricsListener>(
        mIo, "127.0.0.1", 0,
        [this](std::function<void(std::string)> done) {
          ++mScrapes;
          done("vicos_rooms 0\n");
        },
        token);
    std::string error;
    ASSERT_TRUE(mListener->start(error)) << error;
    mThread = std::thread([this] { mIo.run(); });
  }

  void TearDown() override {
    mIo.stop();
    if (mThread.joinable()) mThread.join();
  }

  // GET /metrics with the given Authorization header (none when empty).
  bhttp::response<bhttp::string_body> get(const std::string& authorization) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), mListener->port()));
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/metrics", 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (!authorization.empty()) req.set(bhttp::field::authorization, authorization);
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    return res;
  }

  asio::io_context mIo;
  asio::executor_work_guard<asio::io_context::executor_type> mWork{mIo.get_executor()};
  std::unique_ptr<MetricsListener> mListener;
  std::thread mThread;
  std::atomic<int> mScrapes{0};
};

TEST_F(MetricsListenerTest, WithATokenOnlyTheRightBearerIsAnswered) {
  start(kToken);
  const std::string token = kToken;
  for (const std::string& wrong : std::vector<std::string>{
           "", "Bearer", "Bearer ", "Bearer wrong-token-0123456789xx", "Basic " + token,
           "Bearer " + token.substr(0, token.size() - 1), "Bearer " + token + "x", "Bearer  " + token}) {
    const auto res = get(wrong);
    EXPECT_EQ(res.result_int(), 401u) << "'" << wrong << "'";
    EXPECT_EQ(res[bhttp::field::www_authenticate], R"(Bearer realm="vicos metrics")");
    EXPECT_EQ(res.body().find("vicos_"), std::string::npos);
  }
  EXPECT_EQ(mScrapes, 0);
  for (const std::string& right : std::vector<std::string>{"Bearer " + token, "bearer " + token}) {
    const auto res = get(right);
    EXPECT_EQ(res.result_int(), 200u) << right;
    EXPECT_EQ(res.body(), "vicos_rooms 0\n");
  }
  EXPECT_EQ(mScrapes, 2);
}

TEST_F(MetricsListenerTest, WithoutATokenEveryScrapeIsAnswered) {
  start("");
  EXPECT_EQ(get("").result_int(), 200u);
  EXPECT_EQ(get("Bearer anything-at-all-here").result_int(), 200u);
}

}  // namespace
}  // namespace vicos::http
