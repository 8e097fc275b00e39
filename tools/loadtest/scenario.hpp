// One load-test run against vicos or Janus: set up rooms × (publishers + subscribers)
// participants over the server's real signaling, let media flow, measure over a fixed
// interval, and tear down; one thread, one epoll loop over every participant's media socket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "loadtest/report.hpp"

namespace vicos::loadtest {

enum class Target { Vicos, Janus };

struct Options {
  Target target = Target::Vicos;
  std::string server = "https://127.0.0.1:8443";
  bool insecure = false;  // accept the server's certificate unverified (self-signed localhost)
  uint32_t rooms = 1;
  uint32_t publishers = 2;   // per room; they also receive everyone else
  uint32_t subscribers = 0;  // per room; receive only
  bool audioOnly = false;
  bool idle = false;  // audio-only publishers that send nothing once connected
  uint32_t videoKbps = 1000;
  bool simulcast = false;  // vicos: the camera as media::kCameraLayers (ParticipantConfig)
  uint32_t downlinkKbps = 0;  // subscribers' emulated bottleneck (LinkCap); 0: none
  uint32_t keyframeSeconds = 10;
  uint32_t packetSize = 1200;  // SRTP bytes of a video packet
  double duration = 10;        // measured seconds
  double warmup = 2;           // seconds of media before the measurement starts
  double setupTimeout = 0;     // 0: 20 s + 0.1 s per participant
  std::optional<std::string> serverPid;
  std::string jsonFile;
  uint32_t decryptSample = 1;
  std::string roomPrefix = "load";
  // Janus: the address our media sockets bind to (libnice answers only from a non-loopback
  // interface; the benchmark's namespace gives it 127.0.0.2).
  std::string bindIp = "127.0.0.1";
  // Abuse mode (nack_flood.hpp): the last participant of the first room floods NACKs during
  // the measured interval, `attackRate` a second.
  bool nackFlood = false;
  uint32_t attackRate = 30;
};

// Runs the scenario; on a setup failure the result carries `error` and whatever was measured.
RunResult runScenario(const Options& options);

}  // namespace vicos::loadtest
