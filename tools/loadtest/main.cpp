// vicos-loadtest: plays many browser-like participants against a running `vicos serve` (or
// Janus's VideoRoom) and prints one table row (and optionally JSON) of what it forwarded.
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "loadtest/nack_flood.hpp"
#include "loadtest/scenario.hpp"

namespace {

using vicos::loadtest::Options;

constexpr const char* kUsage = R"(usage: vicos-loadtest [options]
  --target vicos|janus  the server under test (default vicos)
  --server URL          signaling server (default https://127.0.0.1:8443, /ws added; for
                        janus ws://127.0.0.1:8188/janus, subprotocol janus-protocol)
  --bind-ip IP          address of the media sockets (default 127.0.0.1; Janus's libnice
                        needs a non-loopback interface: the benchmark uses 127.0.0.2)
  --insecure            do not verify the server's TLS certificate (self-signed localhost)
  --rooms R             rooms (default 1)
  --publishers P        publishers per room; they also receive everyone else (default 2)
  --subscribers S       subscribers per room; they receive only (default 0)
  --audio-only          publishers send Opus-like audio only
  --idle                publishers offer audio only and, once connected, send nothing: the
                        cost of connected, silent participants (memory, keepalives)
  --video-bitrate KBPS  VP8-like video at 30 frames/s (default 1000)
  --simulcast           vicos only: publishers send the camera as the server's simulcast
                        layers q, h, f (rids and bit rates of the media profile, 3,400 kbit/s
                        together; --video-bitrate is not used); the server needs
                        media.simulcast on (the default); subscribers get the layer the server
                        forwards (publishers send a sender report a second, so it can switch)
  --downlink-kbps KBPS  subscribers receive through an emulated bottleneck of this rate with
                        100 ms of queue (tail drop), as behind a home router; every participant
                        returns transport-cc feedback on what arrives, as browsers do, so the
                        server's estimate and layer choice follow the cap
  --keyframe-interval S seconds between periodic keyframes (default 10)
  --packet-size BYTES   SRTP size of a video packet (default 1200)
  --duration SECONDS    measured interval (default 10)
  --warmup SECONDS      media before the measurement (default 2)
  --setup-timeout SECONDS  time allowed for joining and connecting (default 20 + 0.1 per participant)
  --decrypt-sample N    authenticate and decrypt 1 of N received packets (default 1: all);
                        every packet's clear-text RTP header is accounted for regardless
  --server-pid PID      read the server's CPU use from /proc/PID/stat
  --json FILE           also write the result as JSON
  --no-header           print the table row without its header
  --attack nack-flood   abuse mode (vicos only): after set-up and warm-up, the last participant
                        of the first room, joined like any other, sends RTCP NACKs of 340
                        items each (5,780 sequence numbers: the newest 510 packets of one of
                        its video streams, over and over) for --attack-seconds at
                        --attack-rate; a second line reports the NACKs sent and the repeated
                        packets (retransmissions) and bytes that came back
  --attack-seconds S    how long the flood lasts; it replaces --duration (default 10, at most 600)
  --attack-rate N       NACKs per second, taking the video streams in turn (default 30, 1 to 1000)
Every run ends by itself: after set-up, warm-up and duration, and at the latest at a hard
deadline 60 s beyond them (SIGALRM).
)";

bool parseNumber(std::string_view text, uint32_t& out) {
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

bool parseSeconds(std::string_view text, double& out) {
  try {
    size_t used = 0;
    out = std::stod(std::string(text), &used);
    return used == text.size() && std::isfinite(out) && out >= 0 && out <= 3600;
  } catch (...) {
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  bool header = true;
  double attackSeconds = 10;
  bool serverGiven = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "vicos-loadtest: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&](uint32_t& out, uint32_t min, uint32_t max) {
      const auto name = arg;
      if (!parseNumber(value(), out) || out < min || out > max) {
        std::fprintf(stderr, "vicos-loadtest: %.*s must be a number from %u to %u\n",
                     static_cast<int>(name.size()), name.data(), min, max);
        std::exit(2);
      }
    };
    auto seconds = [&](double& out) {
      const auto name = arg;
      if (!parseSeconds(value(), out)) {
        std::fprintf(stderr, "vicos-loadtest: %.*s must be seconds from 0 to 3600\n",
                     static_cast<int>(name.size()), name.data());
        std::exit(2);
      }
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--target") {
      const auto target = value();
      if (target == "vicos") {
        o.target = vicos::loadtest::Target::Vicos;
      } else if (target == "janus") {
        o.target = vicos::loadtest::Target::Janus;
      } else {
        std::fprintf(stderr, "vicos-loadtest: --target must be vicos or janus\n");
        return 2;
      }
    } else if (arg == "--server") {
      o.server = value();
      serverGiven = true;
    } else if (arg == "--bind-ip") {
      o.bindIp = value();
    } else if (arg == "--insecure") {
      o.insecure = true;
    } else if (arg == "--rooms") {
      number(o.rooms, 1, 1000);
    } else if (arg == "--publishers") {
      number(o.publishers, 0, 1000);
    } else if (arg == "--subscribers") {
      number(o.subscribers, 0, 1000);
    } else if (arg == "--audio-only") {
      o.audioOnly = true;
    } else if (arg == "--idle") {
      o.idle = true;
      o.audioOnly = true;
    } else if (arg == "--simulcast") {
      o.simulcast = true;
    } else if (arg == "--video-bitrate") {
      number(o.videoKbps, 10, 100'000);
    } else if (arg == "--downlink-kbps") {
      number(o.downlinkKbps, 50, 1'000'000);
    } else if (arg == "--keyframe-interval") {
      number(o.keyframeSeconds, 0, 3600);
    } else if (arg == "--packet-size") {
      number(o.packetSize, 200, 1400);
    } else if (arg == "--duration") {
      seconds(o.duration);
    } else if (arg == "--warmup") {
      seconds(o.warmup);
    } else if (arg == "--setup-timeout") {
      seconds(o.setupTimeout);
    } else if (arg == "--decrypt-sample") {
      number(o.decryptSample, 1, 1'000'000);
    } else if (arg == "--server-pid") {
      uint32_t pid = 0;
      number(pid, 1, 1u << 22);
      o.serverPid = std::to_string(pid);
    } else if (arg == "--json") {
      o.jsonFile = value();
    } else if (arg == "--no-header") {
      header = false;
    } else if (arg == "--attack") {
      if (value() != "nack-flood") {
        std::fprintf(stderr, "vicos-loadtest: --attack must be nack-flood\n");
        return 2;
      }
      o.nackFlood = true;
    } else if (arg == "--attack-seconds") {
      seconds(attackSeconds);
      if (attackSeconds < 1 || attackSeconds > vicos::loadtest::NackFlood::kMaxSeconds) {
        std::fprintf(stderr, "vicos-loadtest: --attack-seconds must be from 1 to 600\n");
        return 2;
      }
    } else if (arg == "--attack-rate") {
      number(o.attackRate, 1, vicos::loadtest::NackFlood::kMaxRate);
    } else {
      std::fprintf(stderr, "vicos-loadtest: unknown option %s\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (o.publishers + o.subscribers < 2 || o.publishers == 0) {
    std::fprintf(stderr, "vicos-loadtest: a room needs at least one publisher and two participants\n");
    return 2;
  }

  if (o.nackFlood) {
    if (o.target != vicos::loadtest::Target::Vicos || o.audioOnly) {
      std::fprintf(stderr, "vicos-loadtest: --attack nack-flood needs --target vicos and video\n");
      return 2;
    }
    o.duration = attackSeconds;
  }
  if (o.simulcast && (o.target != vicos::loadtest::Target::Vicos || o.audioOnly)) {
    std::fprintf(stderr, "vicos-loadtest: --simulcast needs --target vicos and video\n");
    return 2;
  }
  if (o.idle && o.target != vicos::loadtest::Target::Vicos) {
    std::fprintf(stderr, "vicos-loadtest: --idle needs --target vicos\n");
    return 2;
  }
  if (o.target == vicos::loadtest::Target::Janus && !serverGiven) o.server = "ws://127.0.0.1:8188/janus";

  // The hard deadline: whatever hangs, the process ends (SIGALRM's default action).
  const double setup = o.setupTimeout > 0 ? o.setupTimeout : 20 + 0.1 * o.rooms * (o.publishers + o.subscribers);
  ::alarm(static_cast<unsigned>(setup + o.warmup + o.duration + 60));

  const auto result = vicos::loadtest::runScenario(o);
  if (header) std::cout << vicos::loadtest::tableHeader() << '\n';
  std::cout << vicos::loadtest::tableRow(result) << std::endl;
  if (const auto line = vicos::loadtest::attackLine(result); !line.empty()) std::cout << line << std::endl;
  if (const auto line = vicos::loadtest::downlinkLine(result); !line.empty()) std::cout << line << std::endl;
  if (!result.error.empty()) std::cerr << "vicos-loadtest: " << result.error << '\n';
  if (!o.jsonFile.empty()) {
    std::ofstream out(o.jsonFile);
    out << vicos::loadtest::toJson(result) << '\n';
    if (!out) {
      std::fprintf(stderr, "vicos-loadtest: cannot write %s\n", o.jsonFile.c_str());
      return 1;
    }
  }
  return result.participantsReady == result.participantsTotal ? 0 : 1;
}
