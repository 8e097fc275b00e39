// A room's media on one worker: its peers, and which consumer is fed by which producer.
#pragma once

#include <map>
#include <optional>
#include <string>

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
  bool empty() const { return mPeers.empty(); }

  // Creates the consumer on the subscriber and feeds it from the publisher's producer.
  Consumer* addDownlink(const Downlink& downlink);
  void removeDownlink(const std::string& subscriber, const std::string& mid);

  // Once per speaker interval: takes each microphone's peak level and returns the room's new
  // active speaker when it changed.
  std::optional<std::string> updateSpeaker();

 private:
  std::map<std::string, Peer*> mPeers;
  SpeakerDetector mSpeaker;
};

}  // namespace vicos::sfu
