// Builders of server-to-client signaling messages (docs/protocol.md "Server → client").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/error.hpp"

namespace vicos::signaling {

struct ParticipantInfo {
  std::string id;
  std::string name;
  bool audio = false;
  bool video = false;
};

enum class StreamKind { Audio, Video };

// One downlink m-line of an offer; inactive m-lines are not listed.
struct StreamInfo {
  std::string mid;
  std::string participant;
  StreamKind kind = StreamKind::Audio;
};

// Each returns one JSON object as text. Strings are escaped; invalid UTF-8 in them is
// replaced by U+FFFD rather than throwing.
std::string joinedMessage(std::string_view participantId, std::string_view room,
                          const std::vector<ParticipantInfo>& others);
std::string offerMessage(uint64_t offerId, std::string_view sdp,
                         const std::vector<StreamInfo>& streams);
std::string participantJoinedMessage(const ParticipantInfo& participant);
std::string participantUpdatedMessage(const ParticipantInfo& participant);
std::string participantLeftMessage(std::string_view participantId);
// `ref` is written only when it is not empty.
std::string errorMessage(const SignalingError& error);

}  // namespace vicos::signaling
