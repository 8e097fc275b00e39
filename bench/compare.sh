#!/usr/bin/env bash
# Side-by-side forwarding benchmark: the same ladder of loads against `vicos serve` and then
# Janus's VideoRoom (Debian `janus`, installed with apt when missing) in a private
# loopback-only network namespace, server pinned to CPU 0 and vicos-loadtest to CPU 1; prints
# each run's row, the highest load that held <= 0.1 % loss for each server, forwarded packets
# per second per server core, and the ratio vicos/Janus.
#
#   bench/compare.sh PATH/TO/vicos PATH/TO/vicos-loadtest [OUT_DIR]
# Environment: COMPARE_LADDER ("ROOMS PUBS SUBS KBPS" steps separated by ","), COMPARE_DURATION
# (measured seconds per step, default 8), COMPARE_TIMEOUT (seconds for everything, default
# 600), COMPARE_DECRYPT_SAMPLE (decrypt 1 of N received packets, default 4), COMPARE_JANUS=0
# to skip Janus. Needs root (netns).
set -euo pipefail

if [[ -z ${COMPARE_BOUNDED:-} ]]; then
  COMPARE_BOUNDED=1 exec timeout --kill-after=20 "${COMPARE_TIMEOUT:-600}" "$0" "$@"
fi

[[ $# -ge 2 ]] || { echo "usage: $0 PATH/TO/vicos PATH/TO/vicos-loadtest [OUT_DIR]" >&2; exit 2; }
vicos=$(realpath "$1")
loadtest=$(realpath "$2")
out_dir=${3:-$(mktemp -d /tmp/vicos-compare.XXXXXX)}
mkdir -p "$out_dir"
out_dir=$(realpath "$out_dir")
[[ $(id -u) -eq 0 ]] || { echo "compare.sh: needs root for the network namespace" >&2; exit 2; }
command -v jq >/dev/null || { echo "compare.sh: needs jq (apt-get install jq)" >&2; exit 2; }
[[ $(nproc) -ge 2 ]] || echo "compare.sh: fewer than 2 CPUs: server and load tool will share one" >&2

# Each step: rooms, publishers per room, subscribers per room, video kbit/s. Publishers send
# Opus (50 packets/s) and VP8 at 30 frames/s in ~1,200-byte packets; every participant
# receives every publisher of its room but itself. Rooms stay at 20 participants: larger
# rooms make offers and answers beyond the 32 KiB SDP limit of src/sdp (60+ m-lines).
ladder=${COMPARE_LADDER:-"2 2 18 2500,4 2 18 2500,6 2 18 2500,8 2 18 2500,10 2 18 2500,12 2 18 2500,16 2 18 2500,20 2 18 2500"}
duration=${COMPARE_DURATION:-8}
sample=${COMPARE_DECRYPT_SAMPLE:-4}
port=18443
media_port=41000
janus_port=18188
janus_lib=/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)/janus
[[ -d $janus_lib ]] || janus_lib=/usr/lib/x86_64-linux-gnu/janus
ns=vicos-bench-$$
server_pid=
data_dir=$(mktemp -d /tmp/vicos-compare-data.XXXXXX)
janus_dir=$data_dir/janus

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

create_namespace
# libnice (Janus) skips loopback-flagged interfaces: a veth inside the namespace with
# 127.0.0.2/32 and no IPv6 gives it one (see the Janus recipe in the README).
ip netns exec "$ns" ip link add vb0 type veth peer name vb1
ip netns exec "$ns" sysctl -qw net.ipv6.conf.vb0.disable_ipv6=1 net.ipv6.conf.vb1.disable_ipv6=1
ip netns exec "$ns" ip addr add 127.0.0.2/32 dev vb0
ip netns exec "$ns" ip link set vb0 up
ip netns exec "$ns" ip link set vb1 up

start_vicos() {
  # taskset and `ip netns exec` both exec, so $! is the server itself. The load tool plays every
  # participant from one address: the per-address connection limits are lifted.
  taskset -c 0 ip netns exec "$ns" "$vicos" serve --listen 127.0.0.1 --port "$port" \
    --media-ip 127.0.0.1 --media-port "$media_port" --data-dir "$data_dir" \
    --max-participants 500 --room-policy open --media-workers 1 --log-level warn \
    --max-connections-per-address 100000 --max-websockets-per-address 100000 >"$out_dir/vicos.log" 2>&1 &
  server_pid=$!
  wait_listening "compare.sh: vicos" "$port" "$out_dir/vicos.log"
}

# run_ladder TARGET URL: one vicos-loadtest run per step; stops after the first step that
# loses more than 0.1 % (or fails); prints the best step's JSON file name.
run_ladder() {
  local target=$1 url=$2 best="" step=0 bind_ip=127.0.0.1
  # libnice answers checks only on its non-loopback interface (the 127.0.0.2 veth).
  [[ $target == janus ]] && bind_ip=127.0.0.2
  IFS=',' read -ra steps <<<"$ladder"
  for s in "${steps[@]}"; do
    read -r rooms pubs subs kbps <<<"$s"
    step=$((step + 1))
    local json=$out_dir/$target-$step.json
    local header=--no-header
    [[ $step -eq 1 ]] && header=
    local status=0
    taskset -c 1 ip netns exec "$ns" "$loadtest" --target "$target" --server "$url" --insecure \
      --bind-ip "$bind_ip" --rooms "$rooms" \
      --publishers "$pubs" --subscribers "$subs" --video-bitrate "$kbps" --duration "$duration" \
      --warmup 2 --decrypt-sample "$sample" --server-pid "$server_pid" --json "$json" $header \
      >&2 || status=$?
    [[ -s $json ]] || { echo "compare.sh: step $step wrote no result" >&2; break; }
    local loss ok tool
    loss=$(jq -r '.lossPercent' "$json")
    ok=$(jq -r '(.error == "") and (.lossPercent <= 0.1)' "$json")
    tool=$(jq -r '.toolCpuCores' "$json")
    if awk -v t="$tool" 'BEGIN { exit !(t > 0.95) }'; then
      echo "compare.sh: the load tool used $tool cores in step $step: it, not the server, may be the limit" >&2
    fi
    if [[ $status -ne 0 || $ok != true ]]; then
      echo "compare.sh: $target step $step ($s) lost $loss % or failed: stopping the ladder" >&2
      break
    fi
    best=$json
  done
  echo "$best"
}

summarise() {
  local target=$1 json=$2
  if [[ -z $json ]]; then
    echo "$target: no step held <= 0.1 % loss"
    return
  fi
  jq -r --arg t "$target" '"\($t): highest load with <= 0.1 % loss: \(.rooms) rooms x (\(.publishersPerRoom) publishers + \(.subscribersPerRoom) subscribers), \(.packetsOutPerSecond | floor) packets/s forwarded on \(.serverCpuCores * 100 | floor / 100) cores = \(.forwardedPacketsPerSecondPerCore // 0 | floor) packets/s per core"' "$json"
}

# Janus's configuration for this run only: the WebSocket transport on 127.0.0.1 with plain
# JSON, the VideoRoom plugin, every other plugin, transport and logger disabled, ICE gathering
# restricted to 127.0.0.x (so its one candidate is the veth's 127.0.0.2), half trickle.
write_janus_config() {
  mkdir -p "$janus_dir"
  cat >"$janus_dir/janus.jcfg" <<CFG
general: {
	configs_folder = "$janus_dir"
	plugins_folder = "$janus_lib/plugins"
	transports_folder = "$janus_lib/transports"
	events_folder = "$janus_lib/events"
	loggers_folder = "$janus_lib/loggers"
	debug_level = 3
	server_name = "vicos-bench"
	session_timeout = 60
}
certificates: {
}
media: {
	rtp_port_range = "20000-40000"
}
nat: {
	ice_lite = false
	ice_tcp = false
	full_trickle = false
	ignore_mdns = true
	ice_enforce_list = "127.0.0."
}
plugins: {
	disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
}
transports: {
	disable = "libjanus_http.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
}
loggers: {
	disable = "libjanus_jsonlog.so"
}
events: {
	broadcast = false
}
CFG
  cat >"$janus_dir/janus.transport.websockets.jcfg" <<CFG
general: {
	json = "plain"
	ws = true
	ws_port = $janus_port
	ws_ip = "127.0.0.1"
	wss = false
}
admin: {
	admin_ws = false
	admin_wss = false
}
CFG
  # No admin_key: the load tool creates its rooms (reachable only inside the namespace).
  cat >"$janus_dir/janus.plugin.videoroom.jcfg" <<CFG
general: {
	lock_rtp_forward = true
}
CFG
}

ensure_janus() {
  if ! command -v janus >/dev/null; then
    echo "compare.sh: installing Debian's janus package" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends janus >&2 || {
      echo "compare.sh: cannot install janus" >&2
      return 1
    }
  fi
  [[ -d $janus_lib/plugins ]] || { echo "compare.sh: no Janus plugins in $janus_lib" >&2; return 1; }
}

start_janus() {
  write_janus_config
  taskset -c 0 ip netns exec "$ns" janus -C "$janus_dir/janus.jcfg" -F "$janus_dir" -o \
    >"$out_dir/janus.log" 2>&1 &
  server_pid=$!
  wait_listening "compare.sh: janus" "$janus_port" "$out_dir/janus.log"
}

echo "# vicos forwarding benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs" >&2
start_vicos
vicos_best=$(run_ladder vicos "https://127.0.0.1:$port")
stop_server

janus_best=
if [[ ${COMPARE_JANUS:-1} != 0 ]]; then
  if ensure_janus && start_janus; then
    janus_best=$(run_ladder janus "ws://127.0.0.1:$janus_port/janus")
  fi
  stop_server
fi

echo
summarise vicos "$vicos_best"
if [[ ${COMPARE_JANUS:-1} == 0 ]]; then
  echo "janus: skipped (COMPARE_JANUS=0)"
else
  summarise janus "$janus_best"
fi
if [[ -n $vicos_best && -n $janus_best ]]; then
  jq -rn --slurpfile v "$vicos_best" --slurpfile j "$janus_best" '
    ($v[0].forwardedPacketsPerSecondPerCore // 0) as $vp | ($j[0].forwardedPacketsPerSecondPerCore // 0) as $jp |
    if $jp > 0 then "ratio vicos/janus in forwarded packets per second per core: \($vp / $jp * 100 | round / 100)"
    else "ratio vicos/janus: n/a (no Janus CPU figure)" end'
  # Both ladders may end on their last step: then neither server was saturated, and the
  # ratio compares CPU per packet at the same load rather than capacity.
fi
echo "results: $out_dir"
