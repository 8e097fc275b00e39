#!/usr/bin/env bash
# Entry point of the real-browser tests: runs a vicos server and `node --test tests/e2e/` together in a private loopback-only network namespace.
#
#   tests/e2e/run.sh PATH/TO/vicos [TEST FILE...]
# Environment: VICOS_E2E_PORT (HTTPS, default 8443), VICOS_E2E_MEDIA_PORT (UDP, default 40000),
# VICOS_E2E_TIMEOUT (seconds for everything, default 600), VICOS_E2E_SERVER_ARGS (extra flags for
# `vicos serve`, e.g. --media-workers 2). Needs root, chromium, firefox-esr
# and `npm ci` run at the repository root. Exits with the tests' status.
# Two servers run: VICOS_URL with `--room-policy open --recording on` for the tests that need no
# organizer (and recording), and VICOS_ORGANIZER_URL (port + 1, media port + 100) with the default
# policy `organizer` (recording off). Both have the organizer account VICOS_ORGANIZER_LOGIN /
# VICOS_ORGANIZER_PASSWORD, created before they start; the first also the admin account
# VICOS_ADMIN_LOGIN / VICOS_ADMIN_PASSWORD.
# VICOS_BINARY names the binary for tests that run a server of their own (outbound, sso).
set -euo pipefail

if [[ -z ${VICOS_E2E_BOUNDED:-} ]]; then
  # Bound the whole run, whatever hangs.
  VICOS_E2E_BOUNDED=1 exec timeout --kill-after=20 "${VICOS_E2E_TIMEOUT:-600}" "$0" "$@"
fi

[[ $# -ge 1 ]] || { echo "usage: $0 PATH/TO/vicos [TEST FILE...]" >&2; exit 2; }
binary=$(realpath "$1")
shift
[[ -x $binary ]] || { echo "run.sh: $binary is not an executable" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[[ -d $root/node_modules/playwright-core && -d $root/node_modules/puppeteer-core ]] ||
  { echo "run.sh: run 'npm ci' in $root first" >&2; exit 2; }

port=${VICOS_E2E_PORT:-8443}
media_port=${VICOS_E2E_MEDIA_PORT:-40000}
ns=vicos-e2e-$$
data_dir=$(mktemp -d /tmp/vicos-e2e-data.XXXXXX)
server_log=$data_dir/server.log
server_pid=
org_port=$((port + 1))
metrics_port=${VICOS_E2E_METRICS_PORT:-9464}
org_media_port=$((media_port + 100))
org_log=$data_dir/organizer-server.log
org_pid=
organizer_login=organizer
organizer_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
admin_login=ada
admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local status=$?
  for pid in $server_pid $org_pid; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  "$here/netns.sh" delete "$ns"
  if [[ $status -ne 0 && -s $server_log ]]; then
    echo "---- last lines of the server log ----" >&2
    tail -n 60 "$server_log" >&2
  fi
  if [[ $status -ne 0 && -s $org_log ]]; then
    echo "---- last lines of the organizer-policy server's log ----" >&2
    tail -n 30 "$org_log" >&2
  fi
  rm -rf "$data_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$here/netns.sh" create "$ns" >/dev/null

# The organizer account (the password is read from standard input, one line when not a terminal),
# and one for the second-factor test, whose factors must not reach the other tests' logins.
for dir in "$data_dir/server" "$data_dir/organizer-server"; do
  printf '%s\n' "$organizer_password" |
    "$binary" user add "$organizer_login" --name "Olga Organizer" --data-dir "$dir" >/dev/null
  printf '%s\n' "$organizer_password" |
    "$binary" user add second-factor --name "Toni Twofactor" --data-dir "$dir" >/dev/null
done
# An admin on the open-policy server, made as an operator makes the first one (docs/operations.md "Admin page").
printf '%s\n' "$admin_password" |
  "$binary" user add "$admin_login" --name "Ada Admin" --admin --data-dir "$data_dir/server" >/dev/null

# `ip netns exec` execs the program, so $! is the server itself.
# Debug logging: the privacy test checks that even it holds no name or address (P27).
# A configuration file, as operators write one: the operator's links (P31) come from it.
cat >"$data_dir/vicos.toml" <<'TOML'
[privacy]
notice_url = "https://operator.example/datenschutz"
imprint_url = "https://operator.example/impressum"
TOML
ip netns exec "$ns" "$binary" serve --config "$data_dir/vicos.toml" --listen 127.0.0.1 --port "$port" \
  --media-ip 127.0.0.1 --media-port "$media_port" --data-dir "$data_dir/server" \
  --log-level debug --room-policy open --recording on --metrics-listen "127.0.0.1:$metrics_port" \
  --turn-port "$((media_port + 90))" ${VICOS_E2E_SERVER_ARGS:-} >"$server_log" 2>&1 &
server_pid=$!
ip netns exec "$ns" "$binary" serve --listen 127.0.0.1 --port "$org_port" \
  --media-ip 127.0.0.1 --media-port "$org_media_port" --data-dir "$data_dir/organizer-server" \
  --log-level debug --metrics-listen "" --turn-port 0 ${VICOS_E2E_SERVER_ARGS:-} >"$org_log" 2>&1 &
org_pid=$!

url=https://127.0.0.1:$port
org_url=https://127.0.0.1:$org_port
health_check="
  const req = require('node:https').get(process.argv[1] + '/healthz', { rejectUnauthorized: false, timeout: 1000 },
    (res) => process.exit(res.statusCode === 200 ? 0 : 1));
  req.on('error', () => process.exit(1));
  req.on('timeout', () => { req.destroy(); process.exit(1); });"
ready=
for _ in $(seq 60); do
  kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: the server exited during start-up" >&2; exit 1; }
  kill -0 "$org_pid" 2>/dev/null || { echo "run.sh: the organizer-policy server exited during start-up" >&2; exit 1; }
  if ip netns exec "$ns" node -e "$health_check" "$url" && ip netns exec "$ns" node -e "$health_check" "$org_url"; then
    ready=1
    break
  fi
  sleep 0.5
done
[[ -n $ready ]] || { echo "run.sh: $url/healthz did not answer within 30 s" >&2; exit 1; }

tests=("$@")
[[ ${#tests[@]} -gt 0 ]] || tests=(tests/e2e/)
cd "$root"
status=0
concurrency=(); [[ $(node -p "process.versions.node.split('.')[0]") -ge 20 ]] && concurrency=(--test-concurrency=1)
ip netns exec "$ns" env VICOS_METRICS_URL="http://127.0.0.1:$metrics_port/metrics" VICOS_BINARY="$binary" \
  VICOS_URL="$url" VICOS_ORGANIZER_URL="$org_url" VICOS_ORGANIZER_SERVER_LOG="$org_log" \
  VICOS_ORGANIZER_LOGIN="$organizer_login" VICOS_ORGANIZER_PASSWORD="$organizer_password" \
  VICOS_ADMIN_LOGIN="$admin_login" VICOS_ADMIN_PASSWORD="$admin_password" VICOS_DATA_DIR="$data_dir/server" \
  VICOS_SERVER_LOG="$server_log" VICOS_BINARY="$binary" node --test "${concurrency[@]}" "${tests[@]}" || status=$?

# The server must shut down cleanly on SIGTERM; a sanitizer build reports leaks and other
# errors at exit, which fail the run too.
kill -TERM "$server_pid" "$org_pid" 2>/dev/null || true
server_status=0
wait "$server_pid" || server_status=$?
wait "$org_pid" || server_status=$?
server_pid=
org_pid=
if [[ $server_status -ne 0 ]] || grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$server_log" "$org_log"; then
  echo "run.sh: the server did not exit cleanly (status $server_status)" >&2
  [[ $status -ne 0 ]] || status=1
fi
exit "$status"
