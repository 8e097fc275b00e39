// The peers of one media worker and how a datagram finds its peer: a STUN check by the ICE
// username fragment it names, anything else by the 5-tuple it comes from once a check from that
// tuple has passed (RFC 8445 7.3.1.4). Worker thread only; no sockets, so it is tested alone.
#pragma once

#include <sys/socket.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "ice/endpoint.hpp"
#include "sfu/drop_counters.hpp"
#include "sfu/peer.hpp"

namespace vicos::sfu {

class TransportRegistry {
 public:
  using Key = std::pair<std::string, std::string>;  // room, participant

  // What a STUN datagram came to: the answer to send back (in the caller's buffer) and, when
  // it was refused, why.
  struct StunOutcome {
    size_t responseLength = 0;
    std::optional<Drop> drop;
  };

  // Takes the peer unless its (room, participant) is taken; returns it, or nullptr.
  Peer* add(std::unique_ptr<Peer> peer);
  // Detaches the peer from every table and hands it back (nullptr if unknown), so that its
  // routers can let go of it before it is destroyed.
  std::unique_ptr<Peer> remove(const std::string& room, const std::string& participant);
  Peer* find(const std::string& room, const std::string& participant) const;
  Peer* byTuple(const ice::Endpoint& from) const;

  // A STUN datagram that arrived from `from` at `local`: a binding request for one of our
  // peers is answered into `response`; a passed check lets its tuple carry DTLS and media.
  StunOutcome onStun(Bytes packet, const ice::Endpoint& from, const sockaddr_storage& local, Micros now,
                     MutableBytes response);

  // Peers that failed during packet handling, removed after the batch.
  void doom(Peer& peer);
  std::vector<Peer*> takeDoomed() { return std::exchange(mDoomed, {}); }

  // `peer` no longer uses `tuple`: packets from it are dropped (unless another peer took it).
  void forgetTuple(const Peer& peer, const ice::Endpoint& tuple);

  const std::map<Key, std::unique_ptr<Peer>>& peers() const { return mPeers; }
  size_t size() const { return mPeers.size(); }
  size_t tupleCount() const { return mByTuple.size(); }

 private:
  std::map<Key, std::unique_ptr<Peer>> mPeers;
  std::unordered_map<std::string, Peer*> mByUfrag;
  std::unordered_map<ice::Endpoint, Peer*> mByTuple;
  std::vector<Peer*> mDoomed;
};

}  // namespace vicos::sfu
