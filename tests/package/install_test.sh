#!/usr/bin/env bash
# Builds the Debian package, checks it with lintian, installs it, runs the installed server as its
# systemd unit would and holds a meeting on it in Chromium, then purges it and checks what is left.
#
#   tests/package/install_test.sh
# Needs root (apt-get, a network namespace), a machine without vicos installed, debhelper, lintian,
# chromium and `npm ci` run at the repository root. Without systemd as PID 1 (CI), the unit's
# ExecStart line runs as its User= with its ambient capability and umask, in a loopback-only
# network namespace; the journal is the server's standard error, kept in a file.
set -euo pipefail
cd "$(dirname "$0")/../.."

die() { echo "install_test.sh: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "needs root"
! dpkg-query -W -f='${Status}' vicos 2>/dev/null | grep -q installed ||
  die "vicos is installed on this machine; this test installs and purges it"

work=$(mktemp -d /tmp/vicos-package.XXXXXX)
ns=vicos-package-$$
server_pid=
installed=

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local status=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    sleep 1
  fi
  tests/e2e/netns.sh delete "$ns"
  if [[ $status -ne 0 && -s $work/journal.log ]]; then
    echo "---- last lines of the server's log ----" >&2
    tail -n 40 "$work/journal.log" >&2
  fi
  [[ -z $installed ]] || DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq vicos >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step_start=$SECONDS
timing=()
step() {
  local now=$SECONDS
  [[ -z ${step_name:-} ]] || timing+=("$step_name $((now - step_start)) s")
  step_name=$1
  step_start=$now
  echo "== package: $1"
}

# What a purge must restore: the files in these trees (apt's and dpkg's own records apart).
snapshot() {
  find /etc /usr /var/lib /var/log /srv /opt -xdev \
    \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/log/apt -o -path /var/lib/systemd/deb-systemd-helper-masked \
    -o -path /var/log/journal -o -path /var/lib/ucf \) -prune -o -print 2>/dev/null |
    grep -Ev '^/etc/(passwd|group|shadow|gshadow)-?$|^/var/log/(dpkg|alternatives)\.log$|^/etc/ld\.so\.cache$' | sort
}

step build
deb=$(tests/package/build.sh "$work")
version=$(dpkg-deb -f "$deb" Version)
echo "$deb ($version)"

step lintian
# Errors and warnings fail; the few overrides are explained in debian/vicos.lintian-overrides.
lintian --fail-on error,warning --display-info "$work"/vicos_*.changes

step install
snapshot >"$work/before.txt"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; die "apt-get install failed"; }
grep -q "made a self-signed certificate" "$work/apt.log" || die "postinst made no certificate"
grep -q "installed but not started" "$work/apt.log" || die "postinst did not say what to do next"
! pgrep -u vicos >/dev/null || die "postinst started a process as vicos before the operator configured it"
[[ $(stat -c '%U:%G %a' /var/lib/vicos) == "vicos:vicos 700" ]] || die "/var/lib/vicos is not vicos's, 0700"
[[ $(stat -c '%U:%G %a' /etc/vicos/vicos.toml) == "root:vicos 640" ]] || die "/etc/vicos/vicos.toml is not root:vicos 0640"
[[ $(stat -c '%U %a' /var/lib/vicos/tls/key.pem) == "vicos 600" ]] || die "the TLS key is not vicos's, 0600"
dpkg-query -W -f='${Conffiles}\n' vicos | grep -q '^ /etc/vicos/vicos.toml ' || die "vicos.toml is not a conffile"
expected_version="vicos ${version%-*} (commit $(git rev-parse --short=12 HEAD))"
[[ $(vicos version) == "$expected_version" ]] || die "vicos version says '$(vicos version)', expected '$expected_version'"
vicos check-config --config /etc/vicos/vicos.toml >/dev/null || die "the installed vicos.toml is not valid"
# A bad configuration stops the start at once, naming the file, the line and the key.
printf '[http]\nport = 443\nprot = 8443\n' >"$work/bad.toml"
status=0
vicos serve --config "$work/bad.toml" 2>"$work/bad.log" || status=$?
{ [[ $status -eq 2 ]] && grep -qF "$work/bad.toml:3: unknown key http.prot" "$work/bad.log"; } ||
  die "a bad vicos.toml was not refused as it should be: status $status, $(cat "$work/bad.log")"
unit=$(dpkg -L vicos | grep '/systemd/system/vicos.service$')
systemd-analyze verify "$unit" 2>&1 | grep -v "^$" && die "systemd-analyze verify complains about $unit"
exposure=$(systemd-analyze security --offline=yes "$unit" | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
echo "systemd-analyze security: exposure $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 1.4) }' || die "exposure $exposure is above 1.4 (docs/operations.md)"

step "run as the unit does"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
user=$(sed -n 's/^User=//p' "$unit")
[[ -n $exec_start && $user == vicos ]] || die "no ExecStart or User=vicos in $unit"
grep -qx 'AmbientCapabilities=CAP_NET_BIND_SERVICE' "$unit" || die "the unit no longer grants CAP_NET_BIND_SERVICE"
grep -qx 'port = 443  # built-in default 8443' /etc/vicos/vicos.toml || die "vicos.toml no longer sets port 443"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$password" |
  runuser -u vicos -- vicos user add organizer --name "Olga Organizer" --config /etc/vicos/vicos.toml >/dev/null
tests/e2e/netns.sh create "$ns" >/dev/null
# shellcheck disable=SC2086 # ExecStart is split into words as systemd does for this simple line
ip netns exec "$ns" setpriv --reuid=vicos --regid=vicos --init-groups --no-new-privs \
  --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service \
  sh -c 'umask 077 && exec "$@"' sh $exec_start >"$work/journal.log" 2>&1 &
server_pid=$!
health="
  const req = require('node:https').get('https://127.0.0.1/healthz', { rejectUnauthorized: false, timeout: 1000 },
    (res) => process.exit(res.statusCode === 200 ? 0 : 1));
  req.on('error', () => process.exit(1));"
for attempt in $(seq 60); do
  kill -0 "$server_pid" 2>/dev/null || die "the installed server exited during start-up"
  ip netns exec "$ns" node -e "$health" && break
  [[ $attempt -lt 60 ]] || die "https://127.0.0.1/healthz did not answer within 30 s"
  sleep 0.5
done
# `ip netns exec`, setpriv and sh each exec the next, so $! is the server itself.
[[ $(ps -o user= -p "$server_pid") == vicos && $(ps -o comm= -p "$server_pid") == vicos ]] ||
  die "the server does not run as vicos"
ip netns exec "$ns" env VICOS_URL=https://127.0.0.1 VICOS_ORGANIZER_LOGIN=organizer \
  VICOS_ORGANIZER_PASSWORD="$password" node --test tests/package/installed.test.mjs
kill -TERM "$server_pid"
wait "$server_pid" || die "the installed server did not exit cleanly on SIGTERM"
server_pid=
grep -q "listening on https port 443" "$work/journal.log" || die "the server did not listen on port 443"
[[ $(stat -c %U /var/lib/vicos/vicos.db) == vicos ]] || die "the database is not vicos's"

step "reinstall: the operator's configuration and certificate stay"
echo '# changed by the operator' >>/etc/vicos/vicos.toml
certificate=$(sha256sum </var/lib/vicos/tls/cert.pem)
DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y -qq "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; die "apt-get install --reinstall failed"; }
grep -qx '# changed by the operator' /etc/vicos/vicos.toml || die "the operator's vicos.toml was replaced"
[[ $(sha256sum </var/lib/vicos/tls/cert.pem) == "$certificate" ]] || die "the certificate was replaced"
[[ $(stat -c '%U:%G %a' /etc/vicos/vicos.toml) == "root:vicos 640" ]] || die "vicos.toml lost its permissions"
runuser -u vicos -- vicos user list --config /etc/vicos/vicos.toml | grep -q organizer || die "the account is gone"

step purge
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq vicos >/dev/null
installed=
for path in /var/lib/vicos /etc/vicos /usr/bin/vicos "$unit"; do
  [[ ! -e $path ]] || die "$path is left after purge"
done
! dpkg-statoverride --list /etc/vicos/vicos.toml >/dev/null || die "the statoverride is left after purge"
getent passwd vicos >/dev/null || die "the vicos user should stay after purge (debian/vicos.postrm)"
snapshot >"$work/after.txt"
diff "$work/before.txt" "$work/after.txt" || die "purge left or removed the files above"

step finished
printf '  %s\n' "${timing[@]}"
