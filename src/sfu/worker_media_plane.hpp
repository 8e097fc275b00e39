// The MediaPlane the rooms use in production: one or more media workers, each a thread with its
// own UDP port. Each peer is placed on a worker (a room stays on one worker up to `roomSplit`
// peers there); calls are posted to the worker's thread and its events posted back to the
// control thread. Downlinks whose publisher and subscriber live on different workers are fed
// through relays: a ring per pair of workers and a mirror producer on the subscriber's worker.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "sfu/media_plane.hpp"
#include "sfu/media_worker.hpp"
#include "sfu/relay_ring.hpp"
#include "sfu/room_placement.hpp"

namespace vicos::sfu {

// A local ICE ufrag carries its worker's index in its first two characters (as many workers as
// configuration allows), so that a connection to the HTTPS port finds its worker from the USERNAME
// of its first check, without a table of ufrags on the control thread.
std::string tagUfrag(std::string ufrag, size_t worker);
std::optional<size_t> workerOfUfrag(std::string_view ufrag);

class WorkerMediaPlane final : public MediaPlane {
 public:
  using Poster = std::function<void(std::function<void()>)>;

  // `workers` threads; worker i binds options.port + i (every one a free port when 0).
  // `postToControl` runs a task on the control thread (e.g. asio::post to its io_context).
  // `roomSplit`: peers of one room on one worker before the room spreads (0: never).
  WorkerMediaPlane(const WorkerOptions& options, size_t workers, std::vector<std::string> announcedIps,
                   Poster postToControl, size_t roomSplit = 0);
  ~WorkerMediaPlane() override;

  void start();
  void stop();
  // Control thread. Offers announce `port` (the HTTPS port, or what forwards to it) as an ICE-TCP
  // candidate of every worker; 0: none.
  void setHttpsTcpPort(uint16_t port) { mHttpsTcpPort = port; }
  // Control thread: an ICE-TCP connection accepted on the HTTPS port, whose first frame is
  // `firstBytes` (a STUN binding request, net/stream_start.hpp). Handed to the worker whose peer
  // its USERNAME names; closed when it names none.
  void adoptTcp(int fd, std::vector<uint8_t> firstBytes);
  size_t workerCount() const { return mWorkers.size(); }
  MediaWorker& worker(size_t index) { return *mWorkers[index]; }
  // Control thread: the worker a participant's peer is on, if it has one.
  std::optional<size_t> workerOf(const std::string& roomId, const std::string& participant) const {
    return mPlacement.workerOf(roomId, participant);
  }

  LocalMediaInfo localInfo(const std::string& roomId, const std::string& participant) override;
  void setEventHandler(PeerEventHandler handler) override { mHandler = std::move(handler); }
  void setSpeakerHandler(SpeakerHandler handler) override { mSpeakerHandler = std::move(handler); }
  void setLayersHandler(LayersHandler handler) override { mLayersHandler = std::move(handler); }
  NewPeer addPeer(const std::string& roomId, const std::string& participant) override;
  void removePeer(const std::string& roomId, const std::string& participant) override;
  void setRemote(const std::string& roomId, const std::string& participant,
                 const RemoteMediaParams& params) override;
  void addDownlink(const std::string& roomId, const Downlink& downlink) override;
  void removeDownlink(const std::string& roomId, const std::string& subscriber, const std::string& mid) override;
  void requestKeyframe(const std::string& roomId, const std::string& publisher) override;
  void setView(const std::string& roomId, const std::string& subscriber, const DownlinkViews& views) override;
  void setForwarding(const std::string& roomId, const std::string& participant, MediaKind kind,
                     bool allowed) override;

 private:
  // A publisher's track relayed to one other worker, shared by all its subscribers there.
  using RelayKey = std::tuple<std::string, std::string, MediaKind, size_t>;  // room, publisher, kind, to
  struct Relay {
    uint32_t id = 0;
    size_t from = 0;
    size_t users = 0;  // downlinks fed by it
  };
  // A downlink on the control thread's books: room, subscriber, mid.
  using DownlinkKey = std::tuple<std::string, std::string, std::string>;
  struct DownlinkEntry {
    std::string publisher;
    MediaKind kind = MediaKind::Audio;
    bool relayed = false;
  };

  MediaWorker* peerWorker(const std::string& roomId, const std::string& participant) {
    auto w = mPlacement.workerOf(roomId, participant);
    return w ? mWorkers[*w].get() : nullptr;
  }
  RelayRing* ring(size_t from, size_t to);
  // Feeds the downlink through a relay when publisher and subscriber are on different workers.
  void relayIfApart(const std::string& roomId, const DownlinkKey& key, DownlinkEntry& entry);
  void releaseRelay(const std::string& roomId, DownlinkEntry& entry, size_t to);

  Poster mPostToControl;
  PeerEventHandler mHandler;  // control thread only
  SpeakerHandler mSpeakerHandler;  // control thread only
  LayersHandler mLayersHandler;    // control thread only
  // Rings outlive the workers that use them (declared first, destroyed last).
  std::map<std::pair<size_t, size_t>, std::unique_ptr<RelayRing>> mRings;
  std::vector<std::unique_ptr<MediaWorker>> mWorkers;
  std::vector<std::string> mAnnouncedIps;
  uint16_t mHttpsTcpPort = 0;
  // Control thread only.
  RoomPlacement mPlacement;
  std::map<DownlinkKey, DownlinkEntry> mDownlinks;
  std::map<RelayKey, Relay> mRelays;
  uint32_t mNextRelayId = 1;
  uint64_t mNextPeerId = 1;
};

}  // namespace vicos::sfu
