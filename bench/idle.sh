#!/usr/bin/env bash
# The cost of connected, silent participants: for each step a fresh `vicos serve` in a private
# loopback-only network namespace, then `vicos-loadtest --idle` (rooms of audio-only publishers
# that connect ICE, DTLS and SRTP and send no media); prints the server's memory (VmRSS before
# and during the run, and the difference per participant) and its CPU per participant while idle.
#
#   bench/idle.sh PATH/TO/vicos PATH/TO/vicos-loadtest [OUT_DIR]
# Environment: IDLE_STEPS (participants per step, default "100 300 1000"), IDLE_ROOM_SIZE
# (default 20), IDLE_DURATION (measured seconds, default 20), IDLE_TIMEOUT (seconds for
# everything, default 900). Needs root (netns). Server pinned to CPU 0, load tool to CPU 1.
set -euo pipefail

if [[ -z ${IDLE_BOUNDED:-} ]]; then
  IDLE_BOUNDED=1 exec timeout --kill-after=20 "${IDLE_TIMEOUT:-900}" "$0" "$@"
fi

[[ $# -ge 2 ]] || { echo "usage: $0 PATH/TO/vicos PATH/TO/vicos-loadtest [OUT_DIR]" >&2; exit 2; }
vicos=$(realpath "$1")
loadtest=$(realpath "$2")
out_dir=${3:-$(mktemp -d /tmp/vicos-idle.XXXXXX)}
mkdir -p "$out_dir"
out_dir=$(realpath "$out_dir")
[[ $(id -u) -eq 0 ]] || { echo "idle.sh: needs root for the network namespace" >&2; exit 2; }
command -v jq >/dev/null || { echo "idle.sh: needs jq (apt-get install jq)" >&2; exit 2; }

steps=${IDLE_STEPS:-"100 300 1000"}
room_size=${IDLE_ROOM_SIZE:-20}
duration=${IDLE_DURATION:-20}
port=18543
media_port=41100
ns=vicos-idle-$$
server_pid=
data_dir=$(mktemp -d /tmp/vicos-idle-data.XXXXXX)

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

create_namespace
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
echo "# vicos idle participants, $(date -u +%Y-%m-%dT%H:%M:%SZ), $cpu_model, $(nproc) CPUs"
echo "| participants | RSS before (MiB) | RSS connected (MiB) | per participant (KiB) |" \
  "server CPU (cores) | per participant (% of a core) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $steps; do
  rooms=$(((n + room_size - 1) / room_size))
  rm -rf "${data_dir:?}"/*
  # As in compare.sh: one address plays everyone, so the per-address limits are lifted.
  taskset -c 0 ip netns exec "$ns" "$vicos" serve --listen 127.0.0.1 --port "$port" \
    --media-ip 127.0.0.1 --media-port "$media_port" --data-dir "$data_dir" \
    --max-participants 500 --room-policy open --media-workers 1 --log-level warn \
    --max-connections-per-address 100000 --max-websockets-per-address 100000 \
    >"$out_dir/vicos-$n.log" 2>&1 &
  server_pid=$!
  wait_listening "idle.sh: vicos" "$port" "$out_dir/vicos-$n.log"
  sleep 1
  before=$(rss_kib "$server_pid")
  # The highest RSS while everyone is connected, sampled twice a second.
  (
    peak=0
    while [[ -r /proc/$server_pid/status ]]; do
      r=$(rss_kib "$server_pid" 2>/dev/null || echo 0)
      ((r > peak)) && peak=$r
      echo "$peak" >"$out_dir/peak-$n"
      sleep 0.5
    done
  ) &
  sampler=$!
  json=$out_dir/idle-$n.json
  taskset -c 1 ip netns exec "$ns" "$loadtest" --server "https://127.0.0.1:$port" --insecure \
    --rooms "$rooms" --publishers "$room_size" --idle --duration "$duration" --warmup 2 \
    --server-pid "$server_pid" --json "$json" >"$out_dir/loadtest-$n.txt" 2>&1 || true
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  stop_server
  [[ -s $json ]] || { echo "idle.sh: step $n wrote no result (see $out_dir/loadtest-$n.txt)" >&2; continue; }
  ready=$(jq -r '.participantsReady' "$json")
  total=$(jq -r '.participantsTotal' "$json")
  cpu=$(jq -r '.serverCpuCores // 0' "$json")
  peak=$(cat "$out_dir/peak-$n")
  awk -v n="$total" -v b="$before" -v p="$peak" -v c="$cpu" -v r="$ready" 'BEGIN {
    printf "| %d%s | %.1f | %.1f | %.0f | %.3f | %.4f |\n", n, (r == n ? "" : " (" r " ready)"),
      b / 1024, p / 1024, (p - b) / n, c, c * 100 / n }'
done
