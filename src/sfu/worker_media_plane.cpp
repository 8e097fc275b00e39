// Thread hand-over between the rooms (control thread) and the media worker.
#include "sfu/worker_media_plane.hpp"

#include "ice/ice_credentials.hpp"

namespace vicos::sfu {

WorkerMediaPlane::WorkerMediaPlane(const WorkerOptions& options, size_t workers,
                                   std::vector<std::string> announcedIps, Poster postToControl)
    : mPostToControl(std::move(postToControl)), mAnnouncedIps(std::move(announcedIps)),
      mPlacement(workers) {
  for (size_t i = 0; i < workers; ++i) {
    WorkerOptions own = options;
    if (options.port != 0) own.port = static_cast<uint16_t>(options.port + i);
    auto worker = std::make_unique<MediaWorker>(
        own, [this](const std::string& room, const std::string& participant, PeerEvent event) {
          mPostToControl([this, room, participant, event] {
            if (mHandler) mHandler(room, participant, event);
          });
        });
    worker->setSpeakerHandler([this](const std::string& room, const std::string& participant) {
      mPostToControl([this, room, participant] {
        if (mSpeakerHandler) mSpeakerHandler(room, participant);
      });
    });
    mWorkers.push_back(std::move(worker));
  }
}

WorkerMediaPlane::~WorkerMediaPlane() { stop(); }

void WorkerMediaPlane::start() {
  for (auto& worker : mWorkers) worker->start();
}

void WorkerMediaPlane::stop() {
  for (auto& worker : mWorkers) worker->stop();
}

LocalMediaInfo WorkerMediaPlane::localInfo(const std::string& roomId) {
  const MediaWorker& worker = workerFor(roomId);
  LocalMediaInfo info;
  info.fingerprintSha256 = worker.fingerprintSha256();
  for (const auto& ip : mAnnouncedIps) info.candidates.emplace_back(ip, worker.port());
  return info;
}

IceCredentials WorkerMediaPlane::addPeer(const std::string& roomId, const std::string& participant) {
  const IceCredentials credentials = ice::generateIceCredentials();
  mPlacement.peerAdded(roomId);
  MediaWorker* w = &workerFor(roomId);
  w->post([w, roomId, participant, credentials] { w->addPeer(roomId, participant, credentials); });
  return credentials;
}

void WorkerMediaPlane::removePeer(const std::string& roomId, const std::string& participant) {
  MediaWorker* w = placedWorker(roomId);
  if (!w) return;
  w->post([w, roomId, participant] { w->removePeer(roomId, participant); });
  mPlacement.peerRemoved(roomId);
}

void WorkerMediaPlane::setRemote(const std::string& roomId, const std::string& participant,
                                 const RemoteMediaParams& params) {
  if (MediaWorker* w = placedWorker(roomId))
    w->post([w, roomId, participant, params] { w->setRemote(roomId, participant, params); });
}

void WorkerMediaPlane::addDownlink(const std::string& roomId, const Downlink& downlink) {
  if (MediaWorker* w = placedWorker(roomId)) w->post([w, roomId, downlink] { w->addDownlink(roomId, downlink); });
}

void WorkerMediaPlane::removeDownlink(const std::string& roomId, const std::string& subscriber,
                                      const std::string& mid) {
  if (MediaWorker* w = placedWorker(roomId))
    w->post([w, roomId, subscriber, mid] { w->removeDownlink(roomId, subscriber, mid); });
}

void WorkerMediaPlane::requestKeyframe(const std::string& roomId, const std::string& publisher) {
  if (MediaWorker* w = placedWorker(roomId)) w->post([w, roomId, publisher] { w->requestKeyframe(roomId, publisher); });
}

void WorkerMediaPlane::setForwarding(const std::string& roomId, const std::string& participant, MediaKind kind,
                                     bool allowed) {
  if (MediaWorker* w = placedWorker(roomId))
    w->post([w, roomId, participant, kind, allowed] { w->setForwarding(roomId, participant, kind, allowed); });
}

}  // namespace vicos::sfu
