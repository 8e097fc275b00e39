// /proc CPU accounting and the text and JSON forms of a run's result.
#include "loadtest/report.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace vicos::loadtest {

std::optional<double> parseStatCpuSeconds(const std::string& statText, long ticksPerSecond) {
  const size_t close = statText.rfind(')');
  if (close == std::string::npos || ticksPerSecond <= 0) return std::nullopt;
  // After "pid (comm)" come field 3 (state) onwards; utime and stime are fields 14 and 15.
  std::istringstream in(statText.substr(close + 1));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int index = 3; index <= 15; ++index) {
    if (!(in >> field)) return std::nullopt;
    try {
      if (index == 14) utime = std::stoull(field);
      if (index == 15) stime = std::stoull(field);
    } catch (...) {
      return std::nullopt;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(ticksPerSecond);
}

std::optional<double> processCpuSeconds(const std::string& pid) {
  std::ifstream file("/proc/" + pid + "/stat");
  if (!file) return std::nullopt;
  std::stringstream text;
  text << file.rdbuf();
  return parseStatCpuSeconds(text.str(), ::sysconf(_SC_CLK_TCK));
}

std::string tableHeader() {
  return "| target | rooms | pubs/room | subs/room | media | pkts/s in | pkts/s out | Mbit/s in | "
         "Mbit/s out | server CPU (cores) | loss % | latency p50 / p99 (ms) | jitter (ms) | "
         "tool CPU (cores) | ready |\n"
         "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
}

std::string tableRow(const RunResult& r) {
  char media[32];
  if (r.idle) {
    std::snprintf(media, sizeof media, "idle");
  } else if (r.audioOnly) {
    std::snprintf(media, sizeof media, "audio");
  } else {
    std::snprintf(media, sizeof media, "a+v %u kbit/s%s", r.videoKbps, r.simulcast ? " sim" : "");
  }
  char cpu[16] = "n/a";
  if (r.serverCpuCores) std::snprintf(cpu, sizeof cpu, "%.2f", *r.serverCpuCores);
  char line[512];
  std::snprintf(line, sizeof line,
                "| %s | %u | %u | %u | %s | %.0f | %.0f | %.1f | %.1f | %s | %.3f | %.2f / %.2f | %.2f | %.2f | %u/%u |",
                r.target.c_str(), r.rooms, r.publishers, r.subscribers, media, r.packetsInPerSecond(),
                r.packetsOutPerSecond(), r.seconds > 0 ? r.bytesIn * 8 / r.seconds / 1e6 : 0.0,
                r.seconds > 0 ? r.bytesOut * 8 / r.seconds / 1e6 : 0.0, cpu, r.lossPercent(), r.latencyP50Ms,
                r.latencyP99Ms, r.jitterMs, r.toolCpuCores, r.participantsReady, r.participantsTotal);
  return line;
}

std::string attackLine(const RunResult& r) {
  if (r.attack.empty()) return {};
  char line[256];
  std::snprintf(line, sizeof line,
                "%s: %llu NACKs (%llu bytes) in %.1f s brought back %llu packets (%llu bytes), "
                "%.2f bytes per byte sent",
                r.attack.c_str(), static_cast<unsigned long long>(r.attackNacks),
                static_cast<unsigned long long>(r.attackNackBytes), r.seconds,
                static_cast<unsigned long long>(r.attackRepeats),
                static_cast<unsigned long long>(r.attackRepeatBytes),
                r.attackNackBytes ? static_cast<double>(r.attackRepeatBytes) /
                                        static_cast<double>(r.attackNackBytes)
                                  : 0.0);
  return line;
}

std::string downlinkLine(const RunResult& r) {
  if (r.downlinkKbps == 0) return {};
  char line[256];
  std::snprintf(line, sizeof line,
                "downlink cap: %u kbit/s per subscriber, %.0f kbit/s received on average, %llu packets "
                "dropped at the cap, %llu transport-cc feedback packets sent",
                r.downlinkKbps, r.subscriberKbps, static_cast<unsigned long long>(r.capDropped),
                static_cast<unsigned long long>(r.feedbackSent));
  return line;
}

std::string toJson(const RunResult& r) {
  nlohmann::json j{
      {"target", r.target},
      {"date", r.date},
      {"rooms", r.rooms},
      {"publishersPerRoom", r.publishers},
      {"subscribersPerRoom", r.subscribers},
      {"audioOnly", r.audioOnly},
      {"idle", r.idle},
      {"videoKbps", r.videoKbps},
      {"simulcast", r.simulcast},
      {"seconds", r.seconds},
      {"participantsReady", r.participantsReady},
      {"participantsTotal", r.participantsTotal},
      {"packetsIn", r.packetsIn},
      {"packetsOut", r.packetsOut},
      {"packetsInPerSecond", r.packetsInPerSecond()},
      {"packetsOutPerSecond", r.packetsOutPerSecond()},
      {"mbitInPerSecond", r.seconds > 0 ? r.bytesIn * 8 / r.seconds / 1e6 : 0.0},
      {"mbitOutPerSecond", r.seconds > 0 ? r.bytesOut * 8 / r.seconds / 1e6 : 0.0},
      {"expected", r.expected},
      {"lost", r.lost},
      {"lossPercent", r.lossPercent()},
      {"streamsWithMedia", r.streamsWithMedia},
      {"streamsExpected", r.streamsExpected},
      {"jitterMs", r.jitterMs},
      {"latencyP50Ms", r.latencyP50Ms},
      {"latencyP99Ms", r.latencyP99Ms},
      {"latencySamples", r.latencySamples},
      {"serverCpuCores", r.serverCpuCores ? nlohmann::json(*r.serverCpuCores) : nlohmann::json(nullptr)},
      {"toolCpuCores", r.toolCpuCores},
      {"nacksSent", r.nacksSent},
      {"plisSent", r.plisSent},
      {"feedbackSent", r.feedbackSent},
      {"decryptSample", r.decryptSample},
      {"error", r.error},
  };
  if (!r.attack.empty()) {
    j["attack"] = r.attack;
    j["attackNacks"] = r.attackNacks;
    j["attackNackBytes"] = r.attackNackBytes;
    j["attackRepeats"] = r.attackRepeats;
    j["attackRepeatBytes"] = r.attackRepeatBytes;
  }
  if (r.downlinkKbps > 0) {
    j["downlinkKbps"] = r.downlinkKbps;
    j["subscriberKbps"] = r.subscriberKbps;
    j["capDropped"] = r.capDropped;
  }
  if (r.serverCpuCores && *r.serverCpuCores > 0)
    j["forwardedPacketsPerSecondPerCore"] = r.packetsOutPerSecond() / *r.serverCpuCores;
  return j.dump(2);
}

}  // namespace vicos::loadtest
