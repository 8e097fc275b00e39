// Tests of the multi-worker media plane: rooms on different workers announce different ports
// and certificates, and a room keeps its worker while it has peers.
#include <gtest/gtest.h>

#include "sfu/worker_media_plane.hpp"

namespace vicos::sfu {
namespace {

TEST(WorkerMediaPlane, RoomsAreSpreadOverWorkersAndStayPut) {
  WorkerMediaPlane media(WorkerOptions{"127.0.0.1", 0}, 2, {"127.0.0.1"}, [](std::function<void()> task) { task(); });
  ASSERT_EQ(media.workerCount(), 2u);
  EXPECT_NE(media.worker(0).port(), media.worker(1).port());
  media.start();
  media.addPeer("alpha", "a1");
  media.addPeer("beta", "b1");
  const auto alpha = media.localInfo("alpha", "a1");
  const auto beta = media.localInfo("beta", "b1");
  ASSERT_EQ(alpha.candidates.size(), 1u);
  ASSERT_EQ(beta.candidates.size(), 1u);
  EXPECT_NE(alpha.candidates[0].second, beta.candidates[0].second);
  EXPECT_NE(alpha.fingerprintSha256, beta.fingerprintSha256);
  media.addPeer("alpha", "a2");
  EXPECT_EQ(media.localInfo("alpha", "a2").candidates[0].second, alpha.candidates[0].second);
  media.removePeer("alpha", "a1");
  media.removePeer("alpha", "a2");
  media.removePeer("alpha", "a3");  // unknown: harmless
  media.stop();
}

}  // namespace
}  // namespace vicos::sfu
