// Extending 16-bit transport-wide sequence numbers to 64 bits by nearness to a known one, as
// both ends of transport-cc keep rings indexed by the extended number.
#pragma once

#include <cstdint>

namespace vicos::bwe {

// Where extended numbers start, so that numbers from before the first stay positive.
inline constexpr int64_t kSeqOrigin = int64_t{1} << 32;

// The extension of `seq` nearest to `reference` (at most 2^15 before or after it).
inline int64_t extendNear(int64_t reference, uint16_t seq) {
  return reference + static_cast<int16_t>(static_cast<uint16_t>(seq - static_cast<uint16_t>(reference)));
}

}  // namespace vicos::bwe
