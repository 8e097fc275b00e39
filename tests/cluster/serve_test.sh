#!/usr/bin/env bash
# Two `vicos serve` nodes and a real redis-server (password, loopback, a temporary directory):
# check-config refuses a secret file every user may read; a node that cannot reach Redis stops at
# start with a clear error and no address; both nodes register; failed logins spread over the two
# nodes are throttled together over HTTPS; a node killed with -9 drops out of the registry when
# its TTL ends, a node stopped gracefully at once; without Redis a node still throttles alone.
# Usage: tests/cluster/serve_test.sh path/to/vicos
set -euo pipefail
vicos=$(realpath "$1")
command -v redis-server >/dev/null || { echo "serve_test.sh: no redis-server (apt-get install redis-server)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vicos-cluster.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "serve_test.sh: FAIL: $*" >&2; exit 1; }
# A TCP port nobody listens on (as tests/store/with_postgres.sh finds one).
free_port() {
  local port=$((20000 + RANDOM % 20000))
  while grep -qi ":$(printf '%04X' "$port") " /proc/net/tcp /proc/net/tcp6 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

password=$(openssl rand -hex 16)
redis_port=$(free_port)
(umask 077; printf '%s\n' "$password" >"$work/redis-password"; openssl rand -base64 32 >"$work/secret")
start_redis() {
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --requirepass "$password" --save "" \
    --appendonly no --logfile "$work/redis.log" &
  redis_pid=$!
  pids+=("$redis_pid")
  for _ in $(seq 50); do rcli PING 2>/dev/null | grep -q PONG && return; sleep 0.1; done
  fail "redis-server did not start"
}
rcli() { REDISCLI_AUTH=$password redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
start_redis

config() {  # config NODE_ID REDIS_PORT
  cat >"$work/$1.toml" <<TOML
[cluster]
redis_url = "redis://127.0.0.1:$2"
redis_password_file = "$work/redis-password"
secret_file = "$work/secret"
node_id = "$1"
public_address = "$1.example.org"
TOML
}
config a "$redis_port"
config b "$redis_port"

# check-config: the files' modes.
"$vicos" check-config --config "$work/a.toml" >/dev/null || fail "a valid configuration was refused"
chmod o+r "$work/secret"
out=$("$vicos" check-config --config "$work/a.toml" 2>&1) && fail "a world-readable secret passed"
grep -q "cluster.secret_file .* is readable by every user" <<<"$out" || fail "unclear: $out"
chmod o-r "$work/secret"

serve() {  # serve NODE_ID -> sets port_NODE and pid_NODE
  local port
  port=$(free_port)
  "$vicos" serve --config "$work/$1.toml" --data-dir "$work/data-$1" --listen 127.0.0.1 --port "$port" \
    --media-bind 127.0.0.1 --media-ip 127.0.0.1 --media-port $((port + 1)) --media-workers 1 \
    --metrics-listen "" --turn-port 0 >"$work/$1.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  eval "port_$1=$port pid_$1=$pid"
  for _ in $(seq 150); do
    curl -ksf "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return
    kill -0 "$pid" 2>/dev/null || fail "node $1 ended: $(cat "$work/$1.log")"
    sleep 0.2
  done
  fail "node $1 did not become ready"
}

# A Redis that is not there: a clear error at start, no address in it.
config gone "$(free_port)"
status=0
"$vicos" serve --config "$work/gone.toml" --data-dir "$work/data-gone" --listen 127.0.0.1 --port "$(free_port)" \
  --media-bind 127.0.0.1 --media-ip 127.0.0.1 --media-port "$(free_port)" --media-workers 1 \
  --metrics-listen "" --turn-port 0 >"$work/gone.log" 2>&1 || status=$?
[[ $status -ne 0 ]] || fail "a node started without its Redis"
grep -q "cluster: cannot reach Redis (cluster.redis_url)" "$work/gone.log" || fail "unclear: $(cat "$work/gone.log")"
! grep -q "127.0.0.1" "$work/gone.log" || fail "the error names the address: $(cat "$work/gone.log")"

serve a
serve b
[[ $(rcli SMEMBERS vicos:nodes | sort | tr '\n' ' ') == "a b " ]] || fail "not registered: $(rcli SMEMBERS vicos:nodes)"
rcli GET vicos:node:a | grep -q '"public":"a.example.org"' || fail "a's entry: $(rcli GET vicos:node:a)"

login() {  # login PORT -> HTTP status of a wrong password for anna
  curl -ks -o /dev/null -w '%{http_code}' -H "Origin: https://127.0.0.1:$1" -H 'Content-Type: application/json' \
    --data '{"login":"anna","password":"wrong password"}' "https://127.0.0.1:$1/api/login"
}
# Five free failures per account and address: three on each node make the cluster's sixth.
for node in a a a b b b; do
  port_var="port_$node"
  [[ $(login "${!port_var}") == 401 ]] || fail "a failure under the limit was throttled on $node"
  sleep 0.2  # the cluster's count comes back from Redis
done
[[ $(login "$port_b") == 429 ]] || fail "node b let a seventh guess through: counts are not shared"
for key in $(rcli --scan --pattern 'vicos:*'); do
  [[ $key != *anna* && $key != *127.0.0.1* ]] || fail "a name or address in a Redis key: $key"
done

# kill -9: a's entry outlives it by at most its TTL (15 s); a graceful stop withdraws at once.
kill -9 "$pid_a"
kill -TERM "$pid_b"
wait "$pid_b" 2>/dev/null || true
[[ -z $(rcli GET vicos:node:b) ]] || fail "b stopped gracefully but is still registered"
[[ -n $(rcli GET vicos:node:a) ]] || fail "a vanished before its TTL"
for _ in $(seq 40); do [[ -z $(rcli GET vicos:node:a) ]] && break; sleep 0.5; done
[[ -z $(rcli GET vicos:node:a) ]] || fail "a is still registered 20 s after kill -9"

# Redis gone while b runs: failures still count on b alone, the loss is logged without an address.
serve b
kill -9 "$redis_pid"
for i in 1 2 3 4 5 6; do [[ $(login "$port_b") == 401 ]] || fail "failure $i throttled without Redis"; done
[[ $(login "$port_b") == 429 ]] || fail "without Redis node b stopped throttling"
grep -q "cluster: lost the connection to Redis" "$work/b.log" || fail "the loss was not logged: $(cat "$work/b.log")"
! grep -q "127.0.0.1:$redis_port" "$work/b.log" || fail "the log names Redis's address"
echo "serve_test.sh: passed"
