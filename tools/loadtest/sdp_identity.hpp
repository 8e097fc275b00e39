// What a load-tool participant says about itself in every SDP it writes, offer or answer: its
// ICE credentials, DTLS fingerprint, one host candidate and the SSRCs of its two uplinks.
#pragma once

#include <cstdint>
#include <string>

namespace vicos::loadtest {

struct SdpIdentity {
  uint64_t sessionId = 1;
  std::string iceUfrag;
  std::string icePwd;
  std::string fingerprintSha256;  // "AB:CD:..."
  std::string candidateIp = "127.0.0.1";
  uint16_t candidatePort = 9;
  uint32_t audioSsrc = 0;
  uint32_t videoSsrc = 0;
  std::string cname = "loadtest";
};

}  // namespace vicos::loadtest
