// Raised hands in the order they went up.
#include "room/hands.hpp"

#include <algorithm>
#include <utility>

namespace vicos::room {

std::vector<std::string> HandQueue::raise(const std::string& id) {
  if (std::find(mOrder.begin(), mOrder.end(), id) != mOrder.end()) return {};
  mOrder.push_back(id);
  return {id};
}

std::vector<std::string> HandQueue::lower(const std::string& id) {
  const auto it = std::find(mOrder.begin(), mOrder.end(), id);
  if (it == mOrder.end()) return {};
  // The lowered hand and everyone behind it move.
  std::vector<std::string> changed(it, mOrder.end());
  mOrder.erase(it);
  return changed;
}

std::vector<std::string> HandQueue::lowerAll() { return std::exchange(mOrder, {}); }

std::optional<unsigned> HandQueue::position(const std::string& id) const {
  const auto it = std::find(mOrder.begin(), mOrder.end(), id);
  if (it == mOrder.end()) return std::nullopt;
  return static_cast<unsigned>(it - mOrder.begin()) + 1;
}

}  // namespace vicos::room
