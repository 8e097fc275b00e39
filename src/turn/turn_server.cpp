// TURN request handling (RFC 8656 7-12) with long-term credentials (RFC 8489 9.2).
#include "turn/turn_server.hpp"

#include <algorithm>

#include "stun/stun_builder.hpp"
#include "turn/channel_data.hpp"

namespace vicos::turn {
namespace {

constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr int64_t kNonceLifetime = 600;  // seconds; a stale nonce gets 438 and a fresh one

int64_t seconds(TurnNow now) { return now.monotonic / kMicrosPerSecond; }

Bytes addressBytes(const StunAddress& a) {
  return Bytes(a.address.data(), a.family == StunAddress::Family::V4 ? 4 : 16);
}

uint16_t replyType(const TurnMessage& msg, StunClass cls) { return turnType(msg.stun.method, cls); }

}  // namespace

const char* toString(TurnDrop drop) {
  switch (drop) {
    case TurnDrop::Malformed: return "malformed";
    case TurnDrop::BadFingerprint: return "bad-fingerprint";
    case TurnDrop::Unexpected: return "unexpected";
    case TurnDrop::NoAllocation: return "no-allocation";
    case TurnDrop::NoPermission: return "no-permission";
    case TurnDrop::PeerRefused: return "peer-refused";
    case TurnDrop::NoChannel: return "no-channel";
    case TurnDrop::OverBandwidth: return "over-bandwidth";
    case TurnDrop::ReplyTooLarge: return "reply-too-large";
    case TurnDrop::Count: break;
  }
  return "unknown";
}

size_t ClientKeyHash::operator()(const ClientKey& k) const {
  size_t h =
      std::hash<uint64_t>{}(k.connection) ^ (size_t{k.address.port} << 8) ^ static_cast<size_t>(k.transport);
  for (uint8_t b : k.address.address) h = h * 131 + b;
  return h;
}

std::string_view restTag(std::string_view username) {
  const size_t colon = username.find(':');
  return colon == std::string_view::npos ? username : username.substr(colon + 1);
}

// One authenticated (or about to be refused) request and where its reply goes.
struct TurnServer::Request {
  const ClientKey& client;
  const TurnMessage& msg;
  MutableBytes out;
  std::optional<LongTermKey> key;  // set once MESSAGE-INTEGRITY has verified
  std::string_view username;
};

TurnServer::TurnServer(std::string realm, std::string secret, std::string nonceKey, PeerPolicy policy,
                       RelayPorts& relays, TurnLimits limits)
    : mRealm(std::move(realm)),
      mSecret(std::move(secret)),
      mNonces(std::move(nonceKey), kNonceLifetime),
      mPolicy(std::move(policy)),
      mRelays(relays),
      mLimits(limits) {}

ClientOutcome TurnServer::drop(TurnDrop reason) {
  ++mCounters.drops[static_cast<size_t>(reason)];
  return {};
}

ClientOutcome TurnServer::fromClient(const ClientKey& client, Bytes packet, TurnNow now, MutableBytes out) {
  if (looksLikeChannelData(packet)) return channelData(client, packet, now);
  TurnMessage msg;
  if (parseTurn(packet, msg) != TurnError::None) return drop(TurnDrop::Malformed);
  if (msg.stun.fingerprintOffset && !stun::verifyFingerprint(packet, msg.stun)) {
    return drop(TurnDrop::BadFingerprint);
  }
  if (msg.stun.cls == StunClass::Indication && msg.stun.method == kMethodSend) return send(client, msg, now);
  if (msg.stun.cls != StunClass::Request) return drop(TurnDrop::Unexpected);
  ++mCounters.requests;
  ClientOutcome outcome;
  outcome.reply = handleRequest(client, packet, msg, now, out);
  if (outcome.reply.empty()) return drop(TurnDrop::ReplyTooLarge);
  return outcome;
}

Bytes TurnServer::errorReply(const Request& req, uint16_t code, std::string_view reason) {
  ++mCounters.errorReplies;
  if (code == error::kForbidden) ++mCounters.forbidden;
  stun::StunBuilder b(req.out, replyType(req.msg, StunClass::ErrorResponse), req.msg.stun.transactionId);
  b.addErrorCode(code, reason);
  if (code == error::kUnknownAttribute && req.msg.unknownRequired) {
    std::array<uint8_t, 2> type{};
    storeBe16(type.data(), *req.msg.unknownRequired);
    b.addAttribute(stun::attr::kUnknownAttributes, type);
  }
  if (req.key) b.addMessageIntegrity(keyView(*req.key));
  b.addFingerprint();
  return b.message();
}

Bytes TurnServer::handleRequest(const ClientKey& client, Bytes packet, const TurnMessage& msg, TurnNow now,
                                MutableBytes out) {
  Request req{client, msg, out, std::nullopt, {}};
  if (msg.stun.method == stun::kMethodBinding) {
    stun::StunBuilder b(out, stun::kBindingSuccess, msg.stun.transactionId);
    return b.addXorMappedAddress(client.address).addFingerprint().message();
  }
  const bool turnMethod = msg.stun.method == kMethodAllocate || msg.stun.method == kMethodRefresh ||
                          msg.stun.method == kMethodCreatePermission || msg.stun.method == kMethodChannelBind;
  if (!turnMethod) return errorReply(req, error::kBadRequest, "Bad Request");
  if (msg.unknownRequired) return errorReply(req, error::kUnknownAttribute, "Unknown Attribute");

  // RFC 8489 9.2.4: the long-term credential checks, in this order. 401 and 438 carry the
  // realm and a fresh nonce bound to the client's address, and no integrity.
  const Bytes clientIp = addressBytes(client.address);
  auto challenge = [&](uint16_t code, std::string_view reason) {
    ++mCounters.errorReplies;
    stun::StunBuilder b(out, replyType(msg, StunClass::ErrorResponse), msg.stun.transactionId);
    b.addErrorCode(code, reason);
    b.addAttribute(stun::attr::kRealm, Bytes(reinterpret_cast<const uint8_t*>(mRealm.data()), mRealm.size()));
    const std::string nonce = mNonces.issue(now.unixSeconds, clientIp);
    b.addAttribute(stun::attr::kNonce, Bytes(reinterpret_cast<const uint8_t*>(nonce.data()), nonce.size()));
    return b.addFingerprint().message();
  };
  if (!msg.stun.integrityOffset) return challenge(error::kUnauthenticated, "Unauthenticated");
  if (!msg.stun.username || !msg.realm || !msg.nonce)
    return errorReply(req, error::kBadRequest, "Bad Request");
  if (mNonces.check(*msg.nonce, now.unixSeconds, clientIp) != NonceSource::Check::Valid) {
    return challenge(error::kStaleNonce, "Stale Nonce");
  }
  const auto expiry = restExpiry(*msg.stun.username);
  if (*msg.realm != mRealm || !expiry || *expiry < now.unixSeconds) {
    return challenge(error::kUnauthenticated, "Unauthenticated");
  }
  const auto key = longTermKey(*msg.stun.username, mRealm, restPassword(mSecret, *msg.stun.username));
  if (!key || !stun::verifyIntegrity(packet, msg.stun, keyView(*key))) {
    return challenge(error::kUnauthenticated, "Unauthenticated");
  }
  req.key = key;
  req.username = *msg.stun.username;

  if (msg.stun.method == kMethodAllocate) return allocate(req, now);
  const auto it = mAllocations.find(client);
  if (it == mAllocations.end()) return errorReply(req, error::kAllocationMismatch, "Allocation Mismatch");
  // RFC 8656 5: every request on an allocation uses the credentials that created it.
  if (it->second.username() != req.username) {
    return errorReply(req, error::kWrongCredentials, "Wrong Credentials");
  }
  if (msg.stun.method == kMethodRefresh) return refresh(req, it->second, now);
  if (msg.stun.method == kMethodCreatePermission) return createPermission(req, it->second, now);
  return channelBind(req, it->second, now);
}

// RFC 8656 7.2.
Bytes TurnServer::allocate(const Request& req, TurnNow now) {
  const TurnMessage& msg = req.msg;
  if (mAllocations.contains(req.client))
    return errorReply(req, error::kAllocationMismatch, "Allocation Mismatch");
  if (!msg.requestedTransport) return errorReply(req, error::kBadRequest, "Bad Request");
  if (*msg.requestedTransport != kTransportUdp) {
    return errorReply(req, error::kUnsupportedTransport, "Unsupported Transport Protocol");
  }
  if (msg.requestedFamily && *msg.requestedFamily != 1) {
    return errorReply(req, error::kAddressFamilyNotSupported, "Address Family not Supported");
  }
  const std::string_view tag = restTag(req.username);
  auto usage = mUsage.find(tag);
  if (usage != mUsage.end() && usage->second.allocations >= mLimits.maxAllocationsPerUser) {
    return errorReply(req, error::kAllocationQuotaReached, "Allocation Quota Reached");
  }
  if (mAllocations.size() >= mLimits.maxAllocations) {
    return errorReply(req, error::kInsufficientCapacity, "Insufficient Capacity");
  }
  const AllocationId id = mNextId++;
  const auto relayed = mRelays.open(id);
  if (!relayed) return errorReply(req, error::kInsufficientCapacity, "Insufficient Capacity");

  const uint32_t lifetime = std::min(msg.lifetime.value_or(mLimits.defaultLifetime), mLimits.maxLifetime);
  mAllocations.emplace(req.client,
                       Allocation(id, *relayed, std::string(req.username), seconds(now) + lifetime));
  mClients.emplace(id, req.client);
  if (usage == mUsage.end()) {
    usage = mUsage
                .emplace(std::string(tag),
                         Usage{0, static_cast<double>(mLimits.bytesPerSecondPerUser), now.monotonic})
                .first;
  }
  ++usage->second.allocations;
  ++mCounters.allocationsCreated;

  stun::StunBuilder b(req.out, replyType(msg, StunClass::SuccessResponse), msg.stun.transactionId);
  std::array<uint8_t, 4> life{};
  storeBe32(life.data(), lifetime);
  b.addXorAddress(attr::kXorRelayedAddress, *relayed)
      .addAttribute(attr::kLifetime, life)
      .addXorMappedAddress(req.client.address)
      .addMessageIntegrity(keyView(*req.key))
      .addFingerprint();
  return b.message();
}

// RFC 8656 8.2: LIFETIME 0 deletes the allocation.
Bytes TurnServer::refresh(const Request& req, Allocation& allocation, TurnNow now) {
  const uint32_t lifetime = std::min(req.msg.lifetime.value_or(mLimits.defaultLifetime), mLimits.maxLifetime);
  if (lifetime == 0) {
    release(req.client);
  } else {
    allocation.setExpires(seconds(now) + lifetime);
  }
  stun::StunBuilder b(req.out, replyType(req.msg, StunClass::SuccessResponse), req.msg.stun.transactionId);
  std::array<uint8_t, 4> life{};
  storeBe32(life.data(), lifetime);
  b.addAttribute(attr::kLifetime, life).addMessageIntegrity(keyView(*req.key)).addFingerprint();
  return b.message();
}

// RFC 8656 9.2: all peers are checked before any permission is installed.
Bytes TurnServer::createPermission(const Request& req, Allocation& allocation, TurnNow now) {
  const TurnMessage& msg = req.msg;
  if (msg.peerCount == 0 || msg.tooManyPeers) return errorReply(req, error::kBadRequest, "Bad Request");
  for (size_t i = 0; i < msg.peerCount; ++i) {
    if (msg.peers[i].family != allocation.relayed().family) {
      return errorReply(req, error::kPeerAddressFamilyMismatch, "Peer Address Family Mismatch");
    }
    if (!mPolicy.allowsAddress(msg.peers[i])) return errorReply(req, error::kForbidden, "Forbidden");
  }
  for (size_t i = 0; i < msg.peerCount; ++i) {
    if (!allocation.permit(msg.peers[i], seconds(now))) {
      return errorReply(req, error::kInsufficientCapacity, "Insufficient Capacity");
    }
  }
  stun::StunBuilder b(req.out, replyType(msg, StunClass::SuccessResponse), msg.stun.transactionId);
  return b.addMessageIntegrity(keyView(*req.key)).addFingerprint().message();
}

// RFC 8656 11.2: a binding also installs or refreshes the peer's permission.
Bytes TurnServer::channelBind(const Request& req, Allocation& allocation, TurnNow now) {
  const TurnMessage& msg = req.msg;
  if (!msg.channelNumber || msg.peerCount != 1 || *msg.channelNumber < kMinChannel ||
      *msg.channelNumber > kMaxChannel) {
    return errorReply(req, error::kBadRequest, "Bad Request");
  }
  const StunAddress& peer = msg.peers[0];
  if (peer.family != allocation.relayed().family) {
    return errorReply(req, error::kPeerAddressFamilyMismatch, "Peer Address Family Mismatch");
  }
  if (!mPolicy.allowsTransportAddress(peer)) return errorReply(req, error::kForbidden, "Forbidden");
  switch (allocation.bind(*msg.channelNumber, peer, seconds(now))) {
    case Allocation::Bind::Ok: break;
    case Allocation::Bind::Conflict: return errorReply(req, error::kBadRequest, "Bad Request");
    case Allocation::Bind::Full:
      return errorReply(req, error::kInsufficientCapacity, "Insufficient Capacity");
  }
  if (!allocation.permit(peer, seconds(now))) {
    return errorReply(req, error::kInsufficientCapacity, "Insufficient Capacity");
  }
  stun::StunBuilder b(req.out, replyType(msg, StunClass::SuccessResponse), msg.stun.transactionId);
  return b.addMessageIntegrity(keyView(*req.key)).addFingerprint().message();
}

// RFC 8656 10.2: Send indications are not authenticated; they need an allocation, a
// permission, and here a peer that is one of vicos's media addresses.
ClientOutcome TurnServer::send(const ClientKey& client, const TurnMessage& msg, TurnNow now) {
  const auto it = mAllocations.find(client);
  if (it == mAllocations.end()) return drop(TurnDrop::NoAllocation);
  if (msg.peerCount != 1 || !msg.data) return drop(TurnDrop::Malformed);
  const StunAddress& peer = msg.peers[0];
  if (!mPolicy.allowsTransportAddress(peer)) return drop(TurnDrop::PeerRefused);
  if (!it->second.permits(peer, seconds(now))) return drop(TurnDrop::NoPermission);
  if (!spend(it->second.username(), msg.data->size(), now.monotonic)) return drop(TurnDrop::OverBandwidth);
  ++mCounters.relayedToPeer;
  return ClientOutcome{{}, true, it->second.id(), peer, *msg.data};
}

// RFC 8656 12.6.
ClientOutcome TurnServer::channelData(const ClientKey& client, Bytes packet, TurnNow now) {
  const auto data = parseChannelData(packet, client.transport != Transport::Udp);
  if (!data) return drop(TurnDrop::Malformed);
  const auto it = mAllocations.find(client);
  if (it == mAllocations.end()) return drop(TurnDrop::NoAllocation);
  const StunAddress* peer = it->second.peerOf(data->channel, seconds(now));
  if (peer == nullptr) return drop(TurnDrop::NoChannel);
  // The policy may have changed since the binding (a worker went away); check again.
  if (!mPolicy.allowsTransportAddress(*peer)) return drop(TurnDrop::PeerRefused);
  if (!spend(it->second.username(), data->payload.size(), now.monotonic))
    return drop(TurnDrop::OverBandwidth);
  ++mCounters.relayedToPeer;
  return ClientOutcome{{}, true, it->second.id(), *peer, data->payload};
}

// RFC 8656 10.3 and 12.6: data from a peer goes to the client over its channel if bound,
// in a Data indication otherwise.
std::optional<ClientKey> TurnServer::fromPeer(AllocationId id, const StunAddress& peer, Bytes payload,
                                              TurnNow now, MutableBytes out, Bytes& message) {
  const auto client = mClients.find(id);
  if (client == mClients.end()) return drop(TurnDrop::NoAllocation), std::nullopt;
  Allocation& allocation = mAllocations.at(client->second);
  if (!mPolicy.allowsTransportAddress(peer)) return drop(TurnDrop::PeerRefused), std::nullopt;
  if (!allocation.permits(peer, seconds(now))) return drop(TurnDrop::NoPermission), std::nullopt;
  if (!spend(allocation.username(), payload.size(), now.monotonic)) {
    return drop(TurnDrop::OverBandwidth), std::nullopt;
  }
  if (const uint16_t channel = allocation.channelOf(peer, seconds(now)); channel != 0) {
    message = writeChannelData(out, channel, payload, client->second.transport != Transport::Udp);
  } else {
    stun::TransactionId tid{};  // indications need no transaction id of their own (RFC 8489 6.3)
    stun::StunBuilder b(out, turnType(kMethodData, StunClass::Indication), tid);
    b.addXorAddress(attr::kXorPeerAddress, peer).addAttribute(attr::kData, payload);
    message = b.message();
  }
  if (message.empty()) return drop(TurnDrop::ReplyTooLarge), std::nullopt;
  ++mCounters.relayedToClient;
  return client->second;
}

// A token bucket per participant: refilled at bytesPerSecondPerUser, holding at most a second.
bool TurnServer::spend(std::string_view username, size_t bytes, Micros now) {
  const auto it = mUsage.find(restTag(username));
  if (it == mUsage.end()) return false;
  Usage& u = it->second;
  const double rate = static_cast<double>(mLimits.bytesPerSecondPerUser);
  u.tokens = std::min(rate, u.tokens + rate * static_cast<double>(now - u.refilled) / kMicrosPerSecond);
  u.refilled = now;
  if (u.tokens < static_cast<double>(bytes)) return false;
  u.tokens -= static_cast<double>(bytes);
  mCounters.relayedBytes += bytes;
  return true;
}

void TurnServer::release(const ClientKey& client) {
  const auto it = mAllocations.find(client);
  if (it == mAllocations.end()) return;
  const auto usage = mUsage.find(restTag(it->second.username()));
  if (usage != mUsage.end() && --usage->second.allocations == 0) mUsage.erase(usage);
  mRelays.close(it->second.id());
  mClients.erase(it->second.id());
  mAllocations.erase(it);
}

void TurnServer::expire(TurnNow now) {
  for (auto it = mAllocations.begin(); it != mAllocations.end();) {
    const ClientKey client = it->first;
    const bool over = it->second.expires() <= seconds(now);
    ++it;  // release() erases `client`'s entry, never the next one
    if (over) release(client);
  }
}

void TurnServer::connectionClosed(const ClientKey& client) { release(client); }

}  // namespace vicos::turn
