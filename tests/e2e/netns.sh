#!/usr/bin/env bash
# Private loopback-only network namespaces for browser tests (browsers gather candidates on every interface otherwise).
#
#   netns.sh create [NAME]         create NAME (default vicos-e2e-$$) with only lo up; prints NAME
#   netns.sh delete NAME           delete it (killing whatever still runs inside)
#   netns.sh exec NAME CMD...      run CMD inside NAME
#   netns.sh run [NAME] -- CMD...  create, run CMD inside, delete afterwards (also on error or signal)
# Needs root (CI runs as root).
set -euo pipefail

die() { echo "netns.sh: $*" >&2; exit 2; }

create() {
  local name=$1
  ip netns add "$name"
  ip netns exec "$name" ip link set lo up
  # Outgoing connections take their local ports from 50000 up, above every fixed port a test
  # server listens on (HTTPS 8443-8480, media 40000-48999): a browser's connection once held
  # 40400 just as the single-sign-on suite's server wanted to listen there.
  ip netns exec "$name" sysctl -qw net.ipv4.ip_local_port_range="50000 65000"
  echo "$name"
}

delete() {
  local name=$1
  local pids
  pids=$(ip netns pids "$name" 2>/dev/null || true)
  if [[ -n $pids ]]; then
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    sleep 1
    pids=$(ip netns pids "$name" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -z $pids ]] || kill -9 $pids 2>/dev/null || true
  fi
  ip netns delete "$name" 2>/dev/null || true
}

[[ $# -ge 1 ]] || die "usage: netns.sh create|delete|exec|run ..."
command=$1
shift
case $command in
  create)
    create "${1:-vicos-e2e-$$}"
    ;;
  delete)
    [[ $# -eq 1 ]] || die "usage: netns.sh delete NAME"
    delete "$1"
    ;;
  exec)
    [[ $# -ge 2 ]] || die "usage: netns.sh exec NAME CMD..."
    name=$1
    shift
    exec ip netns exec "$name" "$@"
    ;;
  run)
    name="vicos-e2e-$$"
    if [[ $# -ge 1 && $1 != -- ]]; then
      name=$1
      shift
    fi
    [[ $# -ge 2 && $1 == -- ]] || die "usage: netns.sh run [NAME] -- CMD..."
    shift
    create "$name" >/dev/null
    trap 'delete "$name"' EXIT
    trap 'exit 130' INT TERM
    status=0
    ip netns exec "$name" "$@" || status=$?
    exit "$status"
    ;;
  *)
    die "unknown command $command"
    ;;
esac
