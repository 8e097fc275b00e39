// A media peer's identity: drawn afresh for every peer and never reused in the process, so an
// event from a replaced peer can never be taken for its successor's.
#pragma once

#include <cstdint>

namespace vicos::media {

struct PeerId {
  uint64_t value = 0;  // 0: no peer; the media plane draws from 1
  friend bool operator==(PeerId, PeerId) = default;
};

}  // namespace vicos::media
