// The MediaPlane the rooms use in production: each call is posted to the media worker's
// thread, and the worker's events are posted back to the control thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sfu/media_plane.hpp"
#include "sfu/media_worker.hpp"

namespace vicos::sfu {

class WorkerMediaPlane final : public MediaPlane {
 public:
  using Poster = std::function<void(std::function<void()>)>;

  // `postToControl` runs a task on the control thread (e.g. asio::post to its io_context).
  WorkerMediaPlane(const WorkerOptions& options, std::vector<std::string> announcedIps, Poster postToControl);
  ~WorkerMediaPlane() override;

  void start() { mWorker->start(); }
  void stop() { mWorker->stop(); }
  MediaWorker& worker() { return *mWorker; }

  LocalMediaInfo localInfo() const override { return mLocal; }
  void setEventHandler(PeerEventHandler handler) override { mHandler = std::move(handler); }
  void setSpeakerHandler(SpeakerHandler handler) override { mSpeakerHandler = std::move(handler); }
  IceCredentials addPeer(const std::string& roomId, const std::string& participant) override;
  void removePeer(const std::string& roomId, const std::string& participant) override;
  void setRemote(const std::string& roomId, const std::string& participant,
                 const RemoteMediaParams& params) override;
  void addDownlink(const std::string& roomId, const Downlink& downlink) override;
  void removeDownlink(const std::string& roomId, const std::string& subscriber, const std::string& mid) override;
  void requestKeyframe(const std::string& roomId, const std::string& publisher) override;

 private:
  Poster mPostToControl;
  PeerEventHandler mHandler;  // control thread only
  SpeakerHandler mSpeakerHandler;  // control thread only
  std::unique_ptr<MediaWorker> mWorker;
  LocalMediaInfo mLocal;
};

}  // namespace vicos::sfu
