// The load tool's result: CPU time read from /proc, one table row per run in the manner of
// LiveKit's published benchmark, and the same as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vicos::loadtest {

// utime + stime of a process in seconds (/proc/PID/stat fields 14 and 15, proc(5)); "self"
// for this process. Empty when the file cannot be read or parsed.
std::optional<double> processCpuSeconds(const std::string& pid);
// The same from the text of a stat file (exposed for tests: the command name may hold
// spaces and parentheses, so fields are counted after the last ')').
std::optional<double> parseStatCpuSeconds(const std::string& statText, long ticksPerSecond);

struct RunResult {
  std::string target = "vicos";
  std::string date;  // ISO 8601, UTC
  uint32_t rooms = 0;
  uint32_t publishers = 0;   // per room
  uint32_t subscribers = 0;  // per room
  bool audioOnly = false;
  bool idle = false;  // nobody sent media: only the cost of being connected was measured
  uint32_t videoKbps = 0;
  bool simulcast = false;  // videoKbps is then the layers' sum
  double seconds = 0;  // measured interval
  uint32_t participantsReady = 0;
  uint32_t participantsTotal = 0;
  uint64_t packetsIn = 0;  // sent by publishers towards the server
  uint64_t packetsOut = 0;  // received by everyone from the server
  uint64_t bytesIn = 0;
  uint64_t bytesOut = 0;
  uint64_t expected = 0;  // downlink packets expected from sequence numbers
  uint64_t lost = 0;
  size_t streamsWithMedia = 0;
  size_t streamsExpected = 0;
  double jitterMs = 0;  // mean over streams
  double latencyP50Ms = 0;
  double latencyP99Ms = 0;
  uint64_t latencySamples = 0;
  std::optional<double> serverCpuCores;
  double toolCpuCores = 0;
  uint64_t nacksSent = 0;
  uint64_t plisSent = 0;
  uint32_t decryptSample = 1;
  // --attack nack-flood: what the flooding participant sent (RTCP plaintext bytes) and what
  // came back as repeated packets (SRTP bytes).
  std::string attack;
  uint64_t attackNacks = 0;
  uint64_t attackNackBytes = 0;
  uint64_t attackRepeats = 0;
  uint64_t attackRepeatBytes = 0;
  // --downlink-kbps: the subscribers' emulated bottleneck, what they received on average, and
  // what the bottleneck dropped; transport-cc feedback packets everyone sent.
  uint32_t downlinkKbps = 0;
  double subscriberKbps = 0;
  uint64_t capDropped = 0;
  uint64_t feedbackSent = 0;
  std::string error;  // empty when the run completed

  double packetsInPerSecond() const { return seconds > 0 ? packetsIn / seconds : 0; }
  double packetsOutPerSecond() const { return seconds > 0 ? packetsOut / seconds : 0; }
  double lossPercent() const { return expected ? 100.0 * static_cast<double>(lost) / static_cast<double>(expected) : 0; }
};

std::string tableHeader();
std::string tableRow(const RunResult& r);
// One line on what an attack sent and got back; empty without one.
std::string attackLine(const RunResult& r);
// "downlink cap: ..." when subscribers' downlinks were capped, else empty.
std::string downlinkLine(const RunResult& r);
std::string toJson(const RunResult& r);

}  // namespace vicos::loadtest
