// The participants of a room, their hands, the active speaker and who is reconnecting.
#include "room/roster.hpp"

#include <openssl/crypto.h>

#include <utility>

namespace vicos::room {
namespace {

// Constant-time comparison of a presented token with a participant's (STYLE.md: secrets).
bool sameToken(const std::string& presented, const std::string& held) {
  return !held.empty() && presented.size() == held.size() &&
         CRYPTO_memcmp(presented.data(), held.data(), held.size()) == 0;
}

}  // namespace

Participant* Roster::find(const std::string& id) {
  auto it = mParticipants.find(id);
  return it == mParticipants.end() ? nullptr : &it->second;
}

const Participant* Roster::find(const std::string& id) const {
  auto it = mParticipants.find(id);
  return it == mParticipants.end() ? nullptr : &it->second;
}

Participant& Roster::add(const std::string& id) {
  Participant& p = mParticipants[id];
  p.id = id;
  return p;
}

std::vector<std::string> Roster::remove(const std::string& id) {
  if (mParticipants.erase(id) == 0) return {};
  if (mActiveSpeaker == id) mActiveSpeaker.clear();
  auto moved = mHands.lower(id);
  if (!moved.empty()) moved.erase(moved.begin());  // the leaver's own
  return moved;
}

Roster::Map Roster::takeAll() {
  mHands.lowerAll();
  mActiveSpeaker.clear();
  return std::exchange(mParticipants, {});
}

bool Roster::hasModerator() const { return moderatorCount() > 0; }

size_t Roster::moderatorCount() const {
  size_t n = 0;
  for (const auto& [id, p] : mParticipants) n += p.role == Role::Moderator;
  return n;
}

Participant* Roster::nextLeader(bool open) {
  if (mParticipants.empty() || hasModerator()) return nullptr;
  for (auto& [id, p] : mParticipants)
    if (p.organizer) return &p;
  return open ? &mParticipants.begin()->second : nullptr;
}

void Roster::broadcast(const std::string& json, const std::string& except) const {
  for (const auto& [id, p] : mParticipants)
    if (id != except) p.channel->send(json);
}

void Roster::sendToModerators(const std::string& json) const {
  for (const auto& [id, p] : mParticipants)
    if (p.role == Role::Moderator) p.channel->send(json);
}

bool Roster::setActiveSpeaker(const std::string& id) {
  const Participant* p = find(id);
  if (p == nullptr || !p->audio || id == mActiveSpeaker) return false;
  mActiveSpeaker = id;
  return true;
}

Participant* Roster::holderOf(const std::string& token) {
  Participant* found = nullptr;
  for (auto& [id, p] : mParticipants)
    if (sameToken(token, p.resumeToken)) found = &p;
  return found;
}

std::vector<std::string> Roster::reconnectExpired(int64_t now) const {
  std::vector<std::string> expired;
  for (const auto& [id, p] : mParticipants)
    if (p.reconnecting && p.reconnectDeadline <= now) expired.push_back(id);
  return expired;
}

}  // namespace vicos::room
