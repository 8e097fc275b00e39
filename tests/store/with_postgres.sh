#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb in a fresh temporary directory, the
# server on a unix socket there and on 127.0.0.1 with TLS (a CA and certificate made for the run),
# started as an unprivileged user when run as root (PostgreSQL refuses root), stopped and removed
# afterwards. The command finds it in the environment:
#   VICOS_TEST_POSTGRES_URL            unix socket, user vicos, no password
#   VICOS_TEST_POSTGRES_TLS_URL        127.0.0.1 with sslmode=verify-full, user vicos_pw
#   VICOS_TEST_POSTGRES_PASSWORD_FILE  vicos_pw's password (SCRAM, over TLS only)
# Usage: tests/store/with_postgres.sh COMMAND [ARG...]
set -euo pipefail

bindir=${VICOS_POSTGRES_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [[ ! -x $bindir/initdb ]]; then
  echo "with_postgres.sh: no PostgreSQL server (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/vicos-pg.XXXXXX")
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  chown nobody "$dir"
  as_owner=(runuser -u nobody --)
fi
cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

# A port for this run only: the socket's name carries it, and TCP listens on 127.0.0.1 alone.
port=$((20000 + RANDOM % 20000))
while grep -qi ":$(printf '%04X' "$port") " /proc/net/tcp 2>/dev/null; do
  port=$((port + 1))
done

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U vicos --auth-local=trust --auth-host=reject -E UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

# TLS: a CA for this run and a server certificate for 127.0.0.1 and the name db.example.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=vicos-test-ca \
  -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 1 \
  -extfile <(echo "subjectAltName=IP:127.0.0.1,DNS:db.example") -out "$dir/server.crt" 2>/dev/null
chmod 600 "$dir/server.key"
[[ ${#as_owner[@]} -eq 0 ]] || chown nobody "$dir/server.key" "$dir/server.crt"

# Over TCP only the password user, only with TLS and SCRAM; everything else over the socket.
cat >"$dir/data/pg_hba.conf" <<HBA
local   all  all                     trust
hostssl all  vicos_pw  127.0.0.1/32  scram-sha-256
HBA
[[ ${#as_owner[@]} -eq 0 ]] || chown nobody "$dir/data/pg_hba.conf"

"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s start -o "\
  -c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir \
  -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off" || { cat "$dir/server.log" >&2; exit 1; }

password=$(openssl rand -hex 16)
(umask 077; printf '%s\n' "$password" >"$dir/password")
"$bindir/psql" -q -v ON_ERROR_STOP=1 "host=$dir port=$port user=vicos dbname=postgres" \
  -c "CREATE ROLE vicos_pw LOGIN SUPERUSER PASSWORD '$password'" >/dev/null

export VICOS_TEST_POSTGRES_URL="postgresql:///postgres?host=$dir&port=$port&user=vicos"
tls="sslmode=verify-full&sslrootcert=$dir/ca.crt"
export VICOS_TEST_POSTGRES_TLS_URL="postgresql://vicos_pw@127.0.0.1:$port/postgres?$tls"
export VICOS_TEST_POSTGRES_PASSWORD_FILE="$dir/password"
"$@"
