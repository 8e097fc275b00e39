// Certificate reload over real TLS connections: new connections get the new certificate while a
// connection and a WebSocket opened before go on; broken or mismatched pairs are refused with a
// log line and the old certificate stays; a change of the files is noticed without a signal.
#include "http/certificate_reloader.hpp"

#include <future>
#include <sstream>

#include "common/log.hpp"
#include "http/http_server_fixture.hpp"
#include "http/tls_setup_detail.hpp"

namespace vicos::http::test {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr certificateIn(const std::filesystem::path& file) {
  FILE* f = std::fopen(file.c_str(), "r");
  if (f == nullptr) return nullptr;
  X509Ptr cert(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  return cert;
}

class CertificateReloadTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    mPaths = {mDir / "data" / "tls" / "cert.pem", mDir / "data" / "tls" / "key.pem"};
    mOld = certificateIn(mPaths.cert);
    ASSERT_TRUE(mOld);
    std::string error;
    ASSERT_TRUE(log::setLogDirectory((mDir / "logs").string(), error)) << error;
    start();
    mReloader = std::make_unique<CertificateReloader>(mIo, *mServer, mPaths, std::chrono::milliseconds(50));
  }

  // Runs `task` on the server's thread (where the reloader lives) and waits for it.
  template <typename F>
  auto onControl(F task) {
    std::packaged_task<decltype(task())()> packaged(std::move(task));
    auto result = packaged.get_future();
    asio::post(mIo, [&packaged] { packaged(); });
    return result.get();
  }

  void TearDown() override {
    onControl([this] { mReloader->stop(); });
    std::string ignored;
    log::setLogDirectory("", ignored);
    HttpServerTest::TearDown();
  }

  // A new certificate and key written elsewhere and renamed over the served ones, as certbot's
  // renewal replaces them; without `matchingKey` the key belongs to another certificate.
  void replaceFiles(bool matchingKey = true) {
    const std::filesystem::path staging = mDir / "staging";
    std::filesystem::create_directories(staging);
    const CertificatePaths fresh{staging / "cert.pem", staging / "key.pem"};
    const CertificatePaths other{staging / "other.pem", staging / "key.pem"};  // overwrites the key
    std::string error;
    ASSERT_TRUE(detail::writeSelfSignedCertificate(fresh, -60, 86400, error)) << error;
    if (!matchingKey) {
      ASSERT_TRUE(detail::writeSelfSignedCertificate(other, -60, 86400, error)) << error;
    }
    std::filesystem::rename(staging / "cert.pem", mPaths.cert);
    std::filesystem::rename(staging / "key.pem", mPaths.key);
  }

  // The certificate a fresh TLS connection is shown.
  X509Ptr servedCertificate() {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ClientStream stream(mClientIo, ctx);
    beast::error_code ec;
    if (!connect(stream, ec)) return nullptr;
    return X509Ptr(SSL_get1_peer_certificate(stream.native_handle()));
  }

  std::string log() {
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(mDir / "logs")) {
      std::ifstream in(entry.path());
      std::stringstream s;
      s << in.rdbuf();
      all += s.str();
    }
    return all;
  }

  CertificatePaths mPaths;
  X509Ptr mOld;
  std::unique_ptr<CertificateReloader> mReloader;
};

TEST_F(CertificateReloadTest, NewConnectionsGetTheNewCertificateWhileOpenOnesGoOn) {
  // A keep-alive HTTPS connection and a WebSocket (a meeting's signaling) opened before.
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ClientStream open(mClientIo, ctx);
  beast::error_code ec;
  ASSERT_TRUE(connect(open, ec)) << ec.message();
  WsStream ws(mClientIo, mClientCtx);
  ASSERT_EQ(openWebSocket(ws, "", ec).result(), bhttp::status::switching_protocols);
  ASSERT_EQ(X509_cmp(servedCertificate().get(), mOld.get()), 0);

  replaceFiles();
  EXPECT_TRUE(onControl([this] { return mReloader->reload(); }));
  const X509Ptr fresh = certificateIn(mPaths.cert);
  const X509Ptr served = servedCertificate();
  ASSERT_TRUE(served);
  EXPECT_EQ(X509_cmp(served.get(), fresh.get()), 0);
  EXPECT_NE(X509_cmp(served.get(), mOld.get()), 0);
  EXPECT_NE(log().find("TLS certificate reloaded"), std::string::npos);

  // The connections from before still work, on the certificate they began with.
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/healthz", 11};
  req.set(bhttp::field::host, host());
  bhttp::write(open, req, ec);
  ASSERT_FALSE(ec) << ec.message();
  beast::flat_buffer buffer;
  Response res;
  bhttp::read(open, buffer, res, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.body(), "ok");
  EXPECT_EQ(X509_cmp(X509Ptr(SSL_get1_peer_certificate(open.native_handle())).get(), mOld.get()), 0);
  ws.write(asio::buffer(std::string("still here")), ec);
  ASSERT_FALSE(ec) << ec.message();
  beast::flat_buffer wsBuffer;
  ws.read(wsBuffer, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(beast::buffers_to_string(wsBuffer.data()), "still here");
}

TEST_F(CertificateReloadTest, AMismatchedPairIsRefusedAndTheOldCertificateStays) {
  replaceFiles(/*matchingKey=*/false);
  EXPECT_FALSE(onControl([this] { return mReloader->reload(); }));
  EXPECT_EQ(X509_cmp(servedCertificate().get(), mOld.get()), 0);
  EXPECT_NE(log().find("TLS certificate not reloaded, the previous one stays in use"), std::string::npos);
  EXPECT_NE(log().find("key values mismatch"), std::string::npos) << log();
}

TEST_F(CertificateReloadTest, ABrokenOrMissingFileIsRefusedAndTheOldCertificateStays) {
  std::ofstream(mPaths.cert, std::ios::trunc) << "-----BEGIN CERTIFICATE-----\nnot base64\n";
  EXPECT_FALSE(onControl([this] { return mReloader->reload(); }));
  EXPECT_EQ(X509_cmp(servedCertificate().get(), mOld.get()), 0);
  std::filesystem::remove(mPaths.key);
  EXPECT_FALSE(onControl([this] { return mReloader->reload(); }));
  EXPECT_EQ(X509_cmp(servedCertificate().get(), mOld.get()), 0);
  EXPECT_NE(log().find(mPaths.cert.string()), std::string::npos);
}

TEST_F(CertificateReloadTest, AnExpiredCertificateIsRefused) {
  std::string error;
  ASSERT_TRUE(detail::writeSelfSignedCertificate(mPaths, -7200, 3600, error)) << error;
  EXPECT_FALSE(onControl([this] { return mReloader->reload(); }));
  EXPECT_EQ(X509_cmp(servedCertificate().get(), mOld.get()), 0);
  EXPECT_NE(log().find("has expired"), std::string::npos);
}

TEST_F(CertificateReloadTest, ChangedFilesAreNoticedWithoutASignal) {
  onControl([this] { mReloader->start(); });
  replaceFiles();
  const X509Ptr fresh = certificateIn(mPaths.cert);
  EXPECT_TRUE(eventually([&] { return X509_cmp(servedCertificate().get(), fresh.get()) == 0; }));
}

}  // namespace
}  // namespace vicos::http::test
