#!/bin/sh
# Runs a command with a throwaway PostgreSQL server beside it:
#   tests/support/with_pg.sh COMMAND [ARG ...]
# initdb into a fresh temporary directory (as the unprivileged user
# "postgres" when run as root), listening on 127.0.0.1 only, on a port that
# was free a moment ago, with durable commits (fsync on) as in production.
# The command sees BACKOFFICE_TEST_PG, a postgresql:// URL of the cluster's
# superuser and its database "backoffice_test", and BACKOFFICE_TEST_PG_PASSWORD
# (the tests check that it never appears in any output). The server is
# stopped and its directory removed however the command ends; the command's
# exit status is this script's. Without the server binaries the command runs
# without BACKOFFICE_TEST_PG (the PostgreSQL tests then say they skipped) --
# unless BACKOFFICE_REQUIRE_PG=1, when that is an error (CI sets it).
set -eu

if [ "$#" -eq 0 ]; then
	echo "usage: $0 COMMAND [ARG ...]" >&2
	exit 2
fi

bindir=$(sh "$(dirname "$0")/pg_bindir.sh" || true)
if [ -z "$bindir" ]; then
	if [ "${BACKOFFICE_REQUIRE_PG:-0}" = 1 ]; then
		echo "with_pg: no PostgreSQL server binaries (initdb, pg_ctl); make check-deps installs them" >&2
		exit 1
	fi
	echo "with_pg: no PostgreSQL server here; the PostgreSQL tests will skip" >&2
	exec "$@"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-pg.XXXXXX")
as=
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$dir"
	as="runuser -u postgres --"
	# A checkout under a private home is out of the server user's reach:
	# the cluster then goes to the system's temporary directory.
	if ! $as test -w "$dir"; then
		rm -rf "$dir"
		dir=$(mktemp -d /tmp/backoffice-pg.XXXXXX)
		chown postgres "$dir"
	fi
fi

cleanup() {
	if [ -f "$dir/data/postmaster.pid" ]; then
		$as "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" > "$dir/pw"
[ -z "$as" ] || chown postgres "$dir/pw"

$as "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" \
	--auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
	>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$dir/pw"
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 200
log_min_messages = warning
CONF
$as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
	>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
$as "$bindir/../bin/createdb" -h "$dir" -p "$port" -U postgres backoffice_test \
	2>/dev/null || $as psql -h "$dir" -p "$port" -U postgres -qc \
	'CREATE DATABASE backoffice_test' postgres

BACKOFFICE_TEST_PG="postgresql://postgres:$password@127.0.0.1:$port/backoffice_test"
BACKOFFICE_TEST_PG_PASSWORD=$password
BACKOFFICE_TEST_PG_BINDIR=$bindir
BACKOFFICE_TEST_PG_SOCKET=$dir
export BACKOFFICE_TEST_PG BACKOFFICE_TEST_PG_PASSWORD BACKOFFICE_TEST_PG_BINDIR \
	BACKOFFICE_TEST_PG_SOCKET
status=0
"$@" || status=$?
exit "$status"
