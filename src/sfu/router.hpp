// A room's media on one worker: its peers, the mirrors of publishers on other workers, and
// which consumer is fed by which producer.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sfu/peer.hpp"
#include "sfu/speaker_detector.hpp"

namespace vicos::sfu {

class Router {
 public:
  // The router does not own peers; the worker does.
  void addPeer(Peer& peer);
  // Detaches everything the peer produced or consumed; the worker then destroys it.
  void removePeer(Peer& peer);
  Peer* find(const std::string& participant);
  // The room's peers on this worker, by participant.
  const std::map<std::string, Peer*>& peers() const { return mPeers; }
  bool empty() const { return mPeers.empty() && mMirrors.empty(); }

  // A publisher whose peer is on another worker, seen here through a producer fed from that
  // worker's relay ring; consumers of the publisher on this worker are fed from it.
  Producer& addMirror(const std::string& publisher, MediaKind kind);
  void removeMirror(const std::string& publisher, MediaKind kind);

  // Creates the consumer on the subscriber and feeds it from the publisher's producer; an audio
  // downlink without publisher is one of the subscriber's audio slots instead (media_plane.hpp).
  void addDownlink(const Downlink& downlink);
  void removeDownlink(const std::string& subscriber, const std::string& mid);

  // Once per speaker interval: takes each microphone's peak level, gives every subscriber's
  // audio slots the loudest publishers, and returns the room's new active speaker when it
  // changed.
  std::optional<std::string> updateSpeaker();

 private:
  // The producer a consumer of (publisher, kind) is fed from here: the local peer's or a mirror.
  Producer* source(const std::string& publisher, MediaKind kind);
  // Gives the subscriber's audio slots their publishers (chooseAudioSources).
  void chooseAudio(Peer& subscriber);

  std::map<std::string, Peer*> mPeers;
  std::map<std::pair<std::string, MediaKind>, std::unique_ptr<Producer>> mMirrors;
  SpeakerDetector mSpeaker;
  std::vector<AudioCandidate> mCandidates;  // scratch of chooseAudio
};

}  // namespace vicos::sfu
