# Shared by the benchmark scripts (sourced, not run): stopping the server under test, and at
# exit the namespace and data directory. Uses the caller's variables ns, data_dir, server_pid.

# Stops the server under test: TERM, up to 5 s, then KILL.
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local status=$?
  stop_server
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$data_dir"
  exit "$status"
}

# wait_listening NAME PORT LOG: waits up to 15 s until the server under test ($server_pid)
# accepts TCP connections on 127.0.0.1:PORT inside the namespace; fails, showing the end of
# LOG, when it exits or does not listen in time.
wait_listening() {
  local name=$1 port=$2 log=$3
  for _ in $(seq 60); do
    kill -0 "$server_pid" 2>/dev/null || { echo "$name exited during start-up" >&2; tail "$log" >&2; return 1; }
    if ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  echo "$name did not listen within 15 s" >&2
  return 1
}

# The private network namespace with only loopback up.
create_namespace() {
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
}
