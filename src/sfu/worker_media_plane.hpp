// The MediaPlane the rooms use in production: one or more media workers, each a thread with its
// own UDP port; each room is placed on one worker, its calls are posted to that worker's thread,
// and the workers' events are posted back to the control thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sfu/media_plane.hpp"
#include "sfu/media_worker.hpp"
#include "sfu/room_placement.hpp"

namespace vicos::sfu {

class WorkerMediaPlane final : public MediaPlane {
 public:
  using Poster = std::function<void(std::function<void()>)>;

  // `workers` threads; worker i binds options.port + i (every one a free port when 0).
  // `postToControl` runs a task on the control thread (e.g. asio::post to its io_context).
  WorkerMediaPlane(const WorkerOptions& options, size_t workers, std::vector<std::string> announcedIps,
                   Poster postToControl);
  ~WorkerMediaPlane() override;

  void start();
  void stop();
  size_t workerCount() const { return mWorkers.size(); }
  MediaWorker& worker(size_t index) { return *mWorkers[index]; }

  LocalMediaInfo localInfo(const std::string& roomId) override;
  void setEventHandler(PeerEventHandler handler) override { mHandler = std::move(handler); }
  void setSpeakerHandler(SpeakerHandler handler) override { mSpeakerHandler = std::move(handler); }
  IceCredentials addPeer(const std::string& roomId, const std::string& participant) override;
  void removePeer(const std::string& roomId, const std::string& participant) override;
  void setRemote(const std::string& roomId, const std::string& participant,
                 const RemoteMediaParams& params) override;
  void addDownlink(const std::string& roomId, const Downlink& downlink) override;
  void removeDownlink(const std::string& roomId, const std::string& subscriber, const std::string& mid) override;
  void requestKeyframe(const std::string& roomId, const std::string& publisher) override;
  void setForwarding(const std::string& roomId, const std::string& participant, MediaKind kind,
                     bool allowed) override;

 private:
  // Places a new room.
  MediaWorker& workerFor(const std::string& roomId) { return *mWorkers[mPlacement.workerOf(roomId)]; }
  // Only a room with peers; nullptr otherwise (calls for it are late and have nothing to do).
  MediaWorker* placedWorker(const std::string& roomId) {
    return mPlacement.placed(roomId) ? &workerFor(roomId) : nullptr;
  }

  Poster mPostToControl;
  PeerEventHandler mHandler;  // control thread only
  SpeakerHandler mSpeakerHandler;  // control thread only
  std::vector<std::unique_ptr<MediaWorker>> mWorkers;
  std::vector<std::string> mAnnouncedIps;
  RoomPlacement mPlacement;  // control thread only
};

}  // namespace vicos::sfu
