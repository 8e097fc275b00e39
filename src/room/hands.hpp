// The order in which hands went up in a room (docs/protocol.md "hand"): position 1 is the
// first raised hand still up.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vicos::room {

class HandQueue {
 public:
  // Each returns the ids whose position changed, the participant's own included, in queue
  // order; empty when nothing changed (a hand raised twice stays where it was).
  std::vector<std::string> raise(const std::string& id);
  std::vector<std::string> lower(const std::string& id);
  // Lowers every hand; returns who had one up, in queue order.
  std::vector<std::string> lowerAll();

  // 1-based position, or nullopt while the hand is down.
  std::optional<unsigned> position(const std::string& id) const;
  size_t size() const { return mOrder.size(); }

 private:
  std::vector<std::string> mOrder;  // a room holds at most max_participants: linear is fine
};

}  // namespace vicos::room
