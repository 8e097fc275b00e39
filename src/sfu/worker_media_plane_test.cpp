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

// Offers name the worker's own ICE-TCP port, then the HTTPS port, each after the UDP one.
TEST(WorkerMediaPlane, AnnouncesTcpCandidates) {
  WorkerMediaPlane media(WorkerOptions{"127.0.0.1", 0}, 2, {"127.0.0.1"},
                         [](std::function<void()> task) { task(); });
  media.setHttpsTcpPort(443);
  media.addPeer("alpha", "a1");
  const auto info = media.localInfo("alpha", "a1");
  ASSERT_EQ(info.tcpCandidates.size(), 2u);
  EXPECT_NE(info.tcpCandidates[0].second, 0);
  EXPECT_EQ(info.tcpCandidates[0].second, media.worker(*media.workerOf("alpha", "a1")).tcpPort());
  EXPECT_EQ(info.tcpCandidates[1], (std::pair<std::string, uint16_t>{"127.0.0.1", 443}));
  media.setHttpsTcpPort(0);
  EXPECT_EQ(media.localInfo("alpha", "a1").tcpCandidates.size(), 1u);
}

// A peer's ufrag names its worker, for connections handed over from the HTTPS port.
TEST(WorkerMediaPlane, UfragNamesTheWorker) {
  for (size_t worker : {0u, 1u, 63u, 64u, 4095u}) {
    const std::string ufrag = tagUfrag("abcdefgh", worker);
    EXPECT_EQ(ufrag.size(), 8u);
    EXPECT_EQ(ufrag.substr(2), "cdefgh");
    EXPECT_EQ(workerOfUfrag(ufrag), worker);
  }
  EXPECT_EQ(workerOfUfrag("a"), std::nullopt);
  EXPECT_EQ(workerOfUfrag("a-bc"), std::nullopt);
  WorkerMediaPlane media(WorkerOptions{"127.0.0.1", 0}, 2, {"127.0.0.1"},
                         [](std::function<void()> task) { task(); });
  const NewPeer alpha = media.addPeer("alpha", "a1");
  const NewPeer beta = media.addPeer("beta", "b1");
  EXPECT_EQ(workerOfUfrag(alpha.ice.ufrag), media.workerOf("alpha", "a1"));
  EXPECT_EQ(workerOfUfrag(beta.ice.ufrag), media.workerOf("beta", "b1"));
  EXPECT_NE(media.workerOf("alpha", "a1"), media.workerOf("beta", "b1"));
}

}  // namespace
}  // namespace vicos::sfu
