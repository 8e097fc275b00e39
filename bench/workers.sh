#!/usr/bin/env bash
# One large room on one media worker and then spread over two: runs the same vicos-loadtest
# scenario against `vicos serve --media-workers 1` and `--media-workers 2 --media-room-split N`
# in a private loopback-only network namespace, and prints for each the forwarded packets per
# second, loss, the server's CPU, and how that CPU divides between the media worker threads
# (from /proc/PID/task/*/stat, threads named vicos-media).
#
#   bench/workers.sh PATH/TO/vicos PATH/TO/vicos-loadtest [OUT_DIR]
# Environment: WORKERS_SCENARIO ("ROOMS PUBS SUBS KBPS", default "1 4 36 2500": one room of
# 40), WORKERS_SPLIT (room split for the 2-worker run, default half the room), WORKERS_DURATION
# (measured seconds, default 8), WORKERS_TIMEOUT (seconds for everything, default 300).
# Needs root (netns). On a 2-core machine the load tool shares the cores with the server: read
# the per-thread figures, not the capacity, from such a run.
set -euo pipefail

if [[ -z ${WORKERS_BOUNDED:-} ]]; then
  WORKERS_BOUNDED=1 exec timeout --kill-after=20 "${WORKERS_TIMEOUT:-300}" "$0" "$@"
fi

[[ $# -ge 2 ]] || { echo "usage: $0 PATH/TO/vicos PATH/TO/vicos-loadtest [OUT_DIR]" >&2; exit 2; }
vicos=$(realpath "$1")
loadtest=$(realpath "$2")
out_dir=${3:-$(mktemp -d /tmp/vicos-workers.XXXXXX)}
mkdir -p "$out_dir"
out_dir=$(realpath "$out_dir")
[[ $(id -u) -eq 0 ]] || { echo "workers.sh: needs root for the network namespace" >&2; exit 2; }
command -v jq >/dev/null || { echo "workers.sh: needs jq (apt-get install jq)" >&2; exit 2; }

read -r rooms pubs subs kbps <<<"${WORKERS_SCENARIO:-1 4 36 2500}"
split=${WORKERS_SPLIT:-$(((pubs + subs + 1) / 2))}
duration=${WORKERS_DURATION:-8}
port=18543
media_port=42000
ns=vicos-workers-$$
server_pid=
data_dir=$(mktemp -d /tmp/vicos-workers-data.XXXXXX)
ticks=$(getconf CLK_TCK)

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

create_namespace

# CPU ticks (user + system) of each media worker thread, one number per line, in thread order.
worker_ticks() {
  local task
  for task in /proc/"$server_pid"/task/*; do
    [[ $(cat "$task/comm" 2>/dev/null) == vicos-media ]] || continue
    # Fields after the ")" of the name: state is 1, utime 12, stime 13.
    sed 's/.*) //' "$task/stat" | awk '{ print $12 + $13 }'
  done
}

run() {
  local workers=$1 room_split=$2 json=$out_dir/workers-$1.json
  rm -rf "$data_dir/server"
  # The load tool plays every participant from one address: the per-address limits are lifted.
  ip netns exec "$ns" "$vicos" serve --listen 127.0.0.1 --port "$port" --media-ip 127.0.0.1 \
    --media-port "$media_port" --data-dir "$data_dir/server" --max-participants 500 --room-policy open \
    --media-workers "$workers" --media-room-split "$room_split" --log-level warn \
    --max-connections-per-address 100000 --max-websockets-per-address 100000 >"$out_dir/vicos-$workers.log" 2>&1 &
  server_pid=$!
  wait_listening "workers.sh: vicos" "$port" "$out_dir/vicos-$workers.log" || return 1
  ip netns exec "$ns" "$loadtest" --target vicos --server "https://127.0.0.1:$port" --insecure \
    --rooms "$rooms" --publishers "$pubs" --subscribers "$subs" --video-bitrate "$kbps" \
    --duration "$duration" --warmup 2 --decrypt-sample 4 --server-pid "$server_pid" --json "$json" \
    --no-header >"$out_dir/loadtest-$workers.txt" 2>&1 &
  local tool=$! samples=()
  # One sample a second; the last `duration` seconds before the tool ends are the measurement.
  while kill -0 "$tool" 2>/dev/null; do
    samples+=("$(worker_ticks | paste -sd' ')")
    sleep 1
  done
  wait "$tool" || true
  local n=${#samples[@]} first last
  ((n > duration)) || { echo "workers.sh: run with $workers worker(s) too short" >&2; stop_server; return 1; }
  first=${samples[n - duration - 1]}
  last=${samples[n - 1]}
  local split_cpu
  split_cpu=$(paste <(tr ' ' '\n' <<<"$first") <(tr ' ' '\n' <<<"$last") |
    awk -v t="$ticks" -v d="$duration" '{ printf "%s%.2f", (NR > 1 ? " + " : ""), ($2 - $1) / t / d }')
  jq -r --arg w "$workers" --arg s "$room_split" --arg cpu "$split_cpu" \
    '"| \($w) | \($s) | \(.participantsReady)/\(.participantsTotal) | \(.packetsOutPerSecond | floor) | \(.lossPercent * 1000 | floor / 1000) % | \(.serverCpuCores * 100 | floor / 100) | \($cpu) | \(.toolCpuCores * 100 | floor / 100) |"' "$json"
  stop_server
}

echo "scenario: $rooms room(s) x ($pubs publishers + $subs subscribers), video $kbps kbit/s, $duration s measured"
echo "| workers | room split | ready | forwarded packets/s | loss | server cores | media threads (cores) | load tool cores |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
run 1 0
run 2 "$split"
