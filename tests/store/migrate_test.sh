#!/usr/bin/env bash
# `vicos migrate` end to end: an organizer added to a real SQLite file is copied into a real
# PostgreSQL (the throwaway cluster of with_postgres.sh), a second run and a wrong target are
# refused with clear words and no password, and `vicos serve` on PostgreSQL, with an empty data
# directory, then logs the migrated organizer in over HTTPS.
# Usage: tests/store/migrate_test.sh path/to/vicos   (starts its own cluster when none is given)
set -euo pipefail
vicos=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
if [[ -z ${VICOS_TEST_POSTGRES_URL:-} ]]; then exec "$here/with_postgres.sh" "$0" "$vicos"; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vicos-migrate.XXXXXX")
server=
cleanup() {
  [[ -z $server ]] || kill "$server" 2>/dev/null || true
  [[ -z $server ]] || wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "migrate_test.sh: FAIL: $*" >&2; exit 1; }
# Runs vicos, keeping its standard output and error in $work/out; its status in $status.
run() { status=0; "$vicos" "$@" >"$work/out" 2>&1 || status=$?; }

schema="m_$$"
psql -q -v ON_ERROR_STOP=1 "$VICOS_TEST_POSTGRES_URL" -c "CREATE SCHEMA $schema" >/dev/null
url="$VICOS_TEST_POSTGRES_URL&options=-csearch_path%3D$schema"
password='correct horse battery staple'

printf '%s\n' "$password" |
  "$vicos" user add anna --name 'Anna Ä.' --admin --data-dir "$work/sqlite" >/dev/null

run migrate --data-dir "$work/none" --postgres-url "$url"
[[ $status -eq 1 ]] && grep -q "no SQLite database $work/none/vicos.db" "$work/out" ||
  fail "a missing SQLite file: $(cat "$work/out")"
run migrate --data-dir "$work/sqlite"
[[ $status -eq 2 ]] && grep -q "needs the target" "$work/out" || fail "no target: $(cat "$work/out")"

# Wrong targets: refused before or at the connection, the password never repeated.
run migrate --data-dir "$work/sqlite" --postgres-url "postgresql://vicos:hunter22@[db/vicos"
[[ $status -eq 1 ]] && grep -q "cannot be read" "$work/out" && ! grep -q hunter22 "$work/out" ||
  fail "a URL that does not parse: $(cat "$work/out")"
run migrate --data-dir "$work/sqlite" --postgres-url "postgresql://vicos:hunter22@127.0.0.1:1/vicos"
[[ $status -eq 1 ]] && grep -q "holds a password" "$work/out" && ! grep -q hunter22 "$work/out" ||
  fail "a password in the URL: $(cat "$work/out")"
run check-config --postgres-url "postgresql://vicos:hunter22@db.example/vicos?sslmode=verify-full"
[[ $status -eq 2 ]] && grep -q "holds a password" "$work/out" && ! grep -q hunter22 "$work/out" ||
  fail "check-config with a password in the URL: $(cat "$work/out")"
run migrate --data-dir "$work/sqlite" --postgres-url "postgresql://vicos@db.example/vicos?sslmode=require"
[[ $status -eq 1 ]] && grep -q "sslmode=verify-full" "$work/out" ||
  fail "no verified TLS: $(cat "$work/out")"
run migrate --data-dir "$work/sqlite" --postgres-url "postgresql://vicos@127.0.0.1:1/vicos"
[[ $status -eq 1 ]] && grep -q "cannot connect to PostgreSQL" "$work/out" &&
  grep -qi "refused" "$work/out" ||
  fail "connection refused: $(cat "$work/out")"

# Over TLS with the password file, as another node would connect.
tls_schema="mt_$$"
psql -q -v ON_ERROR_STOP=1 "$VICOS_TEST_POSTGRES_URL" -c "CREATE SCHEMA $tls_schema" >/dev/null
tls_url="$VICOS_TEST_POSTGRES_TLS_URL&options=-csearch_path%3D$tls_schema"
cat >"$work/vicos.toml" <<TOML
[storage]
data_dir = "$work/sqlite"
postgres_url = "$tls_url"
postgres_password_file = "$VICOS_TEST_POSTGRES_PASSWORD_FILE"
TOML
run migrate --config "$work/vicos.toml"
[[ $status -eq 0 ]] || fail "migrate over TLS: $(cat "$work/out")"
! grep -q "$(cat "$VICOS_TEST_POSTGRES_PASSWORD_FILE")" "$work/out" || fail "the password was printed"

run migrate --data-dir "$work/sqlite" --postgres-url "$url"
[[ $status -eq 0 ]] || fail "migrate: $(cat "$work/out")"
grep -qE "^users	1$" "$work/out" || fail "users not counted: $(cat "$work/out")"
grep -q "copied .* rows from $work/sqlite/vicos.db into PostgreSQL database postgres on this machine" \
  "$work/out" || fail "no summary: $(cat "$work/out")"
run migrate --data-dir "$work/sqlite" --postgres-url "$url"
[[ $status -eq 1 ]] && grep -q "the target is not empty" "$work/out" ||
  fail "a second copy: $(cat "$work/out")"

# The SQLite file is left as it was; PostgreSQL holds the organizer.
run user list --data-dir "$work/sqlite"
grep -q "^anna	Anna Ä." "$work/out" || fail "the SQLite file changed: $(cat "$work/out")"
run user list --data-dir "$work/empty" --postgres-url "$url"
grep -q "^anna	Anna Ä.	.*admin" "$work/out" || fail "not in PostgreSQL: $(cat "$work/out")"

# A node on PostgreSQL with an empty data directory logs the migrated organizer in.
port=$((20000 + RANDOM % 20000))
"$vicos" serve --data-dir "$work/node" --postgres-url "$url" --listen 127.0.0.1 --port "$port" \
  --media-bind 127.0.0.1 --media-ip 127.0.0.1 --media-port $((port + 1)) --media-workers 1 \
  --metrics-listen "" --turn-port 0 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -ksf "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || fail "the server ended: $(cat "$work/server.log")"
  sleep 0.2
done
login() {
  curl -ks -o "$work/login" -w '%{http_code}' -H "Origin: https://127.0.0.1:$port" \
    -H 'Content-Type: application/json' --data "{\"login\":\"anna\",\"password\":\"$1\"}" \
    "https://127.0.0.1:$port/api/login"
}
[[ $(login "$password") == 200 ]] || fail "the migrated login was refused: $(cat "$work/login")"
[[ $(login "wrong") == 401 ]] || fail "a wrong password was let in: $(cat "$work/login")"
grep -q "accounts and audit log in the PostgreSQL database postgres on this machine" "$work/server.log" ||
  fail "the server did not say where: $(cat "$work/server.log")"
[[ ! -e $work/node/vicos.db ]] || fail "the node created a SQLite file beside PostgreSQL"
echo "migrate_test.sh: passed"
