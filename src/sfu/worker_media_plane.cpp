// Thread hand-over between the rooms (control thread) and the media workers, and the books of
// which downlinks cross between workers.
#include "sfu/worker_media_plane.hpp"

#include <unistd.h>

#include "ice/ice_credentials.hpp"
#include "stun/stun_message.hpp"

namespace vicos::sfu {

using ice::kIceChars;

std::string tagUfrag(std::string ufrag, size_t worker) {
  if (ufrag.size() < 2 || worker >= kIceChars.size() * kIceChars.size()) return ufrag;
  ufrag[0] = kIceChars[worker / kIceChars.size()];
  ufrag[1] = kIceChars[worker % kIceChars.size()];
  return ufrag;
}

std::optional<size_t> workerOfUfrag(std::string_view ufrag) {
  if (ufrag.size() < 2) return std::nullopt;
  const size_t high = kIceChars.find(ufrag[0]);
  const size_t low = kIceChars.find(ufrag[1]);
  if (high == std::string_view::npos || low == std::string_view::npos) return std::nullopt;
  return high * kIceChars.size() + low;
}

WorkerMediaPlane::WorkerMediaPlane(const WorkerOptions& options, size_t workers,
                                   std::vector<std::string> announcedIps, Poster postToControl, size_t roomSplit)
    : mPostToControl(std::move(postToControl)), mAnnouncedIps(std::move(announcedIps)),
      mPlacement(workers, roomSplit) {
  for (size_t i = 0; i < workers; ++i) {
    WorkerOptions own = options;
    if (options.port != 0) own.port = static_cast<uint16_t>(options.port + i);
    auto worker = std::make_unique<MediaWorker>(
        own, [this](const std::string& room, const std::string& participant, media::PeerId peer,
                    PeerEvent event) {
          mPostToControl([this, room, participant, peer, event] {
            if (mHandler) mHandler(room, participant, peer, event);
          });
        });
    // Every worker of a spread room hears all its microphones (through mirrors); one speaks.
    worker->setSpeakerHandler([this, i](const std::string& room, const std::string& participant) {
      mPostToControl([this, i, room, participant] {
        if (mSpeakerHandler && mPlacement.primaryOf(room) == i) mSpeakerHandler(room, participant);
      });
    });
    worker->setLayersHandler([this](const std::string& room, const std::string& participant, media::PeerId peer,
                                    MediaKind kind, uint8_t encodings) {
      mPostToControl([this, room, participant, peer, kind, encodings] {
        if (mLayersHandler) mLayersHandler(room, participant, peer, kind, encodings);
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

LocalMediaInfo WorkerMediaPlane::localInfo(const std::string& roomId, const std::string& participant) {
  const MediaWorker& worker = *mWorkers[mPlacement.workerOf(roomId, participant).value_or(mPlacement.next(roomId))];
  LocalMediaInfo info;
  info.fingerprintSha256 = worker.fingerprintSha256();
  for (const auto& ip : mAnnouncedIps) info.candidates.emplace_back(ip, worker.port());
  for (const uint16_t port : {worker.tcpPort(), mHttpsTcpPort})
    if (port != 0)
      for (const auto& ip : mAnnouncedIps) info.tcpCandidates.emplace_back(ip, port);
  return info;
}

void WorkerMediaPlane::adoptTcp(int fd, std::vector<uint8_t> firstBytes) {
  // The frame's STUN message; USERNAME is "<our ufrag>:<theirs>" (RFC 8445 7.2.2).
  stun::StunMessage msg;
  std::optional<size_t> index;
  if (firstBytes.size() > 2 && stun::parseStun(Bytes(firstBytes).subspan(2), msg) == stun::StunError::None &&
      msg.username)
    index = workerOfUfrag(msg.username->substr(0, msg.username->find(':')));
  if (!index || *index >= mWorkers.size()) {
    ::close(fd);
    return;
  }
  MediaWorker* w = mWorkers[*index].get();
  w->post([w, fd, bytes = std::move(firstBytes)] { w->adoptTcp(fd, bytes); });
}

NewPeer WorkerMediaPlane::addPeer(const std::string& roomId, const std::string& participant) {
  const size_t index = mPlacement.place(roomId, participant);
  ice::IceCredentials credentials = ice::generateIceCredentials();
  credentials.ufrag = tagUfrag(std::move(credentials.ufrag), index);
  const NewPeer peer{media::PeerId{mNextPeerId++}, std::move(credentials)};
  MediaWorker* w = mWorkers[index].get();
  w->post([w, roomId, participant, peer] { w->addPeer(roomId, participant, peer.ice, peer.id); });
  // Downlinks of this publisher that now cross between workers.
  for (auto it = mDownlinks.lower_bound({roomId, "", ""}); it != mDownlinks.end() && std::get<0>(it->first) == roomId;
       ++it)
    if (it->second.publisher == participant) relayIfApart(roomId, it->first, it->second);
  return peer;
}

void WorkerMediaPlane::removePeer(const std::string& roomId, const std::string& participant) {
  MediaWorker* w = peerWorker(roomId, participant);
  if (!w) return;
  w->post([w, roomId, participant] { w->removePeer(roomId, participant); });
  const size_t index = *mPlacement.workerOf(roomId, participant);
  for (auto it = mDownlinks.lower_bound({roomId, "", ""}); it != mDownlinks.end() && std::get<0>(it->first) == roomId;) {
    const auto& [room, subscriber, mid] = it->first;
    DownlinkEntry& entry = it->second;
    if (subscriber == participant) {
      // Its consumers went with its peer.
      if (entry.relayed) releaseRelay(roomId, entry, index);
      it = mDownlinks.erase(it);
      continue;
    }
    // Kept until the room replaces it (media_plane.hpp); fed again should this publisher come back.
    if (entry.publisher == participant && entry.relayed) releaseRelay(roomId, entry, *mPlacement.workerOf(roomId, subscriber));
    ++it;
  }
  mPlacement.remove(roomId, participant);
}

void WorkerMediaPlane::setRemote(const std::string& roomId, const std::string& participant,
                                 const RemoteMediaParams& params) {
  if (MediaWorker* w = peerWorker(roomId, participant))
    w->post([w, roomId, participant, params] { w->setRemote(roomId, participant, params); });
}

void WorkerMediaPlane::addDownlink(const std::string& roomId, const Downlink& downlink) {
  MediaWorker* w = peerWorker(roomId, downlink.subscriber);
  if (!w) return;
  w->post([w, roomId, downlink] { w->addDownlink(roomId, downlink); });
  const DownlinkKey key{roomId, downlink.subscriber, downlink.mid};
  DownlinkEntry& entry = mDownlinks[key];
  if (entry.relayed) releaseRelay(roomId, entry, *mPlacement.workerOf(roomId, downlink.subscriber));
  entry.publisher = downlink.publisher;
  entry.kind = downlink.kind;
  relayIfApart(roomId, key, entry);
}

void WorkerMediaPlane::removeDownlink(const std::string& roomId, const std::string& subscriber,
                                      const std::string& mid) {
  MediaWorker* w = peerWorker(roomId, subscriber);
  if (!w) return;
  w->post([w, roomId, subscriber, mid] { w->removeDownlink(roomId, subscriber, mid); });
  auto it = mDownlinks.find({roomId, subscriber, mid});
  if (it == mDownlinks.end()) return;
  if (it->second.relayed) releaseRelay(roomId, it->second, *mPlacement.workerOf(roomId, subscriber));
  mDownlinks.erase(it);
}

void WorkerMediaPlane::requestKeyframe(const std::string& roomId, const std::string& publisher) {
  if (MediaWorker* w = peerWorker(roomId, publisher))
    w->post([w, roomId, publisher] { w->requestKeyframe(roomId, publisher); });
}

void WorkerMediaPlane::setView(const std::string& roomId, const std::string& subscriber,
                               const DownlinkViews& views) {
  if (MediaWorker* w = peerWorker(roomId, subscriber))
    w->post([w, roomId, subscriber, views] { w->setView(roomId, subscriber, views); });
}

void WorkerMediaPlane::setForwarding(const std::string& roomId, const std::string& participant, MediaKind kind,
                                     bool allowed) {
  if (MediaWorker* w = peerWorker(roomId, participant))
    w->post([w, roomId, participant, kind, allowed] { w->setForwarding(roomId, participant, kind, allowed); });
}

RelayRing* WorkerMediaPlane::ring(size_t from, size_t to) {
  auto& slot = mRings[{from, to}];
  if (!slot) slot = std::make_unique<RelayRing>();  // once per pair of workers, kept until the end
  return slot.get();
}

void WorkerMediaPlane::relayIfApart(const std::string& roomId, const DownlinkKey& key, DownlinkEntry& entry) {
  if (entry.relayed) return;
  const auto to = mPlacement.workerOf(roomId, std::get<1>(key));
  const auto from = mPlacement.workerOf(roomId, entry.publisher);
  if (!to || !from || *to == *from) return;
  Relay& relay = mRelays[{roomId, entry.publisher, entry.kind, *to}];
  if (relay.users == 0) {
    relay.id = mNextRelayId++;
    relay.from = *from;
    RelayRing* r = ring(*from, *to);
    MediaWorker* source = mWorkers[*from].get();
    MediaWorker* dest = mWorkers[*to].get();
    const uint32_t id = relay.id;
    const std::string publisher = entry.publisher;
    const MediaKind kind = entry.kind;
    // The mirror first: packets that arrive before it are counted and dropped, never lost track of.
    dest->post([dest, roomId, publisher, kind, id, r, source] { dest->addMirror(roomId, publisher, kind, id, r, source); });
    source->post([source, roomId, publisher, kind, id, r, dest] { source->addRelay(roomId, publisher, kind, id, r, dest); });
  }
  ++relay.users;
  entry.relayed = true;
}

void WorkerMediaPlane::releaseRelay(const std::string& roomId, DownlinkEntry& entry, size_t to) {
  entry.relayed = false;
  auto it = mRelays.find({roomId, entry.publisher, entry.kind, to});
  if (it == mRelays.end() || --it->second.users > 0) return;
  MediaWorker* source = mWorkers[it->second.from].get();
  MediaWorker* dest = mWorkers[to].get();
  const uint32_t id = it->second.id;
  const std::string publisher = entry.publisher;
  const MediaKind kind = entry.kind;
  source->post([source, roomId, publisher, kind, id] { source->removeRelay(roomId, publisher, kind, id); });
  dest->post([dest, id] { dest->removeMirror(id); });
  mRelays.erase(it);
}

}  // namespace vicos::sfu
