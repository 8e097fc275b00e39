// Random identifiers from the system CSPRNG: participant ids, SSRCs, SDP session ids.
#pragma once

#include <cstdint>
#include <string>

namespace vicos::room {

std::string randomHex(size_t bytes);
uint32_t randomU32();
uint64_t randomU63();  // SDP session ids must fit a signed 64-bit integer (RFC 8866 5.2)

}  // namespace vicos::room
