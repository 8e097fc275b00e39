// Thread hand-over between the rooms (control thread) and the media worker.
#include "sfu/worker_media_plane.hpp"

#include "ice/ice_credentials.hpp"

namespace vicos::sfu {

WorkerMediaPlane::WorkerMediaPlane(const WorkerOptions& options, std::vector<std::string> announcedIps,
                                   Poster postToControl)
    : mPostToControl(std::move(postToControl)) {
  mWorker = std::make_unique<MediaWorker>(
      options, [this](const std::string& room, const std::string& participant, PeerEvent event) {
        mPostToControl([this, room, participant, event] {
          if (mHandler) mHandler(room, participant, event);
        });
      });
  mWorker->setSpeakerHandler([this](const std::string& room, const std::string& participant) {
    mPostToControl([this, room, participant] {
      if (mSpeakerHandler) mSpeakerHandler(room, participant);
    });
  });
  mLocal.fingerprintSha256 = mWorker->fingerprintSha256();
  for (auto& ip : announcedIps) mLocal.candidates.emplace_back(std::move(ip), mWorker->port());
}

WorkerMediaPlane::~WorkerMediaPlane() { mWorker->stop(); }

IceCredentials WorkerMediaPlane::addPeer(const std::string& roomId, const std::string& participant) {
  const IceCredentials credentials = ice::generateIceCredentials();
  mWorker->post([w = mWorker.get(), roomId, participant, credentials] { w->addPeer(roomId, participant, credentials); });
  return credentials;
}

void WorkerMediaPlane::removePeer(const std::string& roomId, const std::string& participant) {
  mWorker->post([w = mWorker.get(), roomId, participant] { w->removePeer(roomId, participant); });
}

void WorkerMediaPlane::setRemote(const std::string& roomId, const std::string& participant,
                                 const RemoteMediaParams& params) {
  mWorker->post([w = mWorker.get(), roomId, participant, params] { w->setRemote(roomId, participant, params); });
}

void WorkerMediaPlane::addDownlink(const std::string& roomId, const Downlink& downlink) {
  mWorker->post([w = mWorker.get(), roomId, downlink] { w->addDownlink(roomId, downlink); });
}

void WorkerMediaPlane::removeDownlink(const std::string& roomId, const std::string& subscriber,
                                      const std::string& mid) {
  mWorker->post([w = mWorker.get(), roomId, subscriber, mid] { w->removeDownlink(roomId, subscriber, mid); });
}

void WorkerMediaPlane::requestKeyframe(const std::string& roomId, const std::string& publisher) {
  mWorker->post([w = mWorker.get(), roomId, publisher] { w->requestKeyframe(roomId, publisher); });
}

}  // namespace vicos::sfu
