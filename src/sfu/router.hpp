// A room's media on one worker: its peers, and which consumer is fed by which producer.
#pragma once

#include <map>
#include <string>

#include "sfu/peer.hpp"

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

 private:
  std::map<std::string, Peer*> mPeers;
};

}  // namespace vicos::sfu
