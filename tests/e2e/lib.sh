# Helpers for the end-to-end scripts: run the binary, check status and output.
#
# Source it first (`. "$E2E_LIB"`), call `finish` last. Every check prints
# "  ok ..." or a FAIL block saying what was expected and what came out.
# $BACKOFFICE_BIN may hold a runner prefix (valgrind ...): it is split on purpose.
#
# E2E_BACKEND picks the store the scripts run on: sqlite (the default) or
# postgresql (then $BACKOFFICE_TEST_PG is the server, as tests/support/with_pg.sh
# gives it). Scripts name their stores with store_url; what only a SQLite file
# can show sits behind sqlite_only, which says why it is left out otherwise.

E2E_FAILS=0
E2E_CHECKS=0
E2E_OUT=$(pwd)/.last.out
E2E_ERR=$(pwd)/.last.err
E2E_STATUS=0
ESC=$(printf '\033')
: "${E2E_BACKEND:=sqlite}"
E2E_SCRIPT=$(basename "$0" .sh)
case $E2E_BACKEND in
sqlite) ;;
postgresql)
	if [ -z "${BACKOFFICE_TEST_PG:-}" ]; then
		echo "E2E_BACKEND=postgresql needs BACKOFFICE_TEST_PG (tests/support/with_pg.sh sets it)"
		exit 1
	fi
	;;
*)
	echo "E2E_BACKEND must be sqlite or postgresql, not '$E2E_BACKEND'"
	exit 1
	;;
esac

# store_url NAME: the --db value of this script's store NAME. On SQLite the
# file NAME.db here; on PostgreSQL a schema of the test database that no other
# script or run uses (the directory is a fresh mktemp, so its checksum tells
# runs apart), its name readable in the server's catalogue.
store_url() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		printf 'sqlite:%s/%s.db' "$PWD" "$1"
		return
	fi
	script=$(printf '%s' "$E2E_SCRIPT" | sed 's/^test_//' | tr -c 'a-z0-9\n' _ | cut -c1-16)
	name=$(printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' _ | cut -c1-12)
	sum=$(printf '%s/%s' "$PWD" "$1" | cksum | cut -d' ' -f1)
	case $BACKOFFICE_TEST_PG in
	*\?*) printf '%s&schema=e2e_%s_%s_%s' "$BACKOFFICE_TEST_PG" "$script" "$name" "$sum" ;;
	*) printf '%s?schema=e2e_%s_%s_%s' "$BACKOFFICE_TEST_PG" "$script" "$name" "$sum" ;;
	esac
}

# store_shown NAME: the store's location as the binary's sentences name it
# (a PostgreSQL URL with its password as ***).
store_shown() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		printf '%s/%s.db' "$PWD" "$1"
		return
	fi
	store_url "$1" | sed "s/:${BACKOFFICE_TEST_PG_PASSWORD:-no password}@/:***@/"
}

# store_sql NAME SQL: runs SQL behind the services' back on store NAME (the
# sqlite3 shell on the file, psql in the store's schema), for the scripts that
# plant or damage rows on purpose; the tables have the same names on both.
store_sql() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		sqlite3 "$1.db" "$2"
		return
	fi
	schema=$(store_url "$1" | sed 's/.*schema=//')
	PGOPTIONS="-c search_path=$schema" "${BACKOFFICE_TEST_PG_BINDIR:+$BACKOFFICE_TEST_PG_BINDIR/}psql" \
		-qAtX -v ON_ERROR_STOP=1 -d "$BACKOFFICE_TEST_PG" -c "$2"
}

# store_poison NAME FILE: the SQL of FILE run on store NAME with the log's
# append-only trigger lifted for it, as a hostile or damaged store would be;
# char(N) in FILE is the character N (chr on PostgreSQL).
store_poison() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		store_sql "$1" "DROP TRIGGER events_no_update;
$(cat "$2")
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;"
	else
		store_sql "$1" "ALTER TABLE events DISABLE TRIGGER events_no_update;
$(sed 's/char(/chr(/g' "$2")
ALTER TABLE events ENABLE TRIGGER events_no_update;"
	fi
}

# store_drop NAME: store NAME is gone, so that init can make it afresh.
store_drop() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		rm -f "$1.db" "$1.db-wal" "$1.db-shm"
		return
	fi
	schema=$(store_url "$1" | sed 's/.*schema=//')
	"${BACKOFFICE_TEST_PG_BINDIR:+$BACKOFFICE_TEST_PG_BINDIR/}psql" -qAtX \
		-v ON_ERROR_STOP=1 -d "$BACKOFFICE_TEST_PG" \
		-c "SET client_min_messages = warning" \
		-c "DROP SCHEMA IF EXISTS \"$schema\" CASCADE"
}

# plant_event NAME EVENT_ID STREAM VERSION TYPE SCHEMA_VERSION PAYLOAD: one
# event written straight into store NAME's log at the next position (no
# quote characters in the arguments). PostgreSQL's positions are an identity
# column, which an explicit value must override.
plant_event() {
	cols="event_id, stream, version, type, schema_version, recorded_at, metadata, payload"
	vals="'$2', '$3', $4, '$5', $6, 0, '{}', '$7'"
	if [ "$E2E_BACKEND" = sqlite ]; then
		store_sql "$1" "INSERT INTO events ($cols) VALUES ($vals)"
	else
		store_sql "$1" "INSERT INTO events (position, $cols) OVERRIDING SYSTEM VALUE
			SELECT coalesce(max(position), 0) + 1, $vals FROM events"
	fi
}

# sqlite_only REASON: true on SQLite; elsewhere says what is skipped and why,
# so `if sqlite_only "..."; then ... fi` keeps file-only checks visible.
sqlite_only() {
	[ "$E2E_BACKEND" = sqlite ] && return 0
	printf '  skip on %s: %s\n' "$E2E_BACKEND" "$*"
	return 1
}

# pg_only WHAT: true when this run has a PostgreSQL test server and is the
# PostgreSQL pass; otherwise says why WHAT is skipped and returns 1, so a
# PostgreSQL-only script starts with `pg_only "..." || { finish; exit 0; }`.
pg_only() {
	if [ -n "${E2E_BACKEND:-}" ] && [ "$E2E_BACKEND" != postgresql ]; then
		echo "PostgreSQL only: $* runs in the PostgreSQL pass; skipping it on $E2E_BACKEND"
		return 1
	fi
	if [ -z "${BACKOFFICE_TEST_PG:-}" ]; then
		echo "BACKOFFICE_TEST_PG is not set (run under tests/support/with_pg.sh); skipping $*"
		return 1
	fi
	return 0
}

# The binary, with whatever runner prefix the suite was given.
bo() {
	$BACKOFFICE_BIN "$@"
}

# The checks' own lines show commands with their --db URL: the test server's
# password is masked there too, so the log can be searched for it as well.
redact() {
	if [ -n "${BACKOFFICE_TEST_PG_PASSWORD:-}" ]; then
		sed "s/$BACKOFFICE_TEST_PG_PASSWORD/***/g"
	else
		cat
	fi
}

# printf, not echo: some shells' echo turns backslashes in data into bytes.
fail() {
	E2E_FAILS=$((E2E_FAILS + 1))
	if [ -n "${BACKOFFICE_TEST_PG_PASSWORD:-}" ]; then
		printf 'FAIL: %s\n' "$*" | redact
	else
		printf 'FAIL: %s\n' "$*"
	fi
}

pass() {
	E2E_CHECKS=$((E2E_CHECKS + 1))
	if [ -n "${BACKOFFICE_TEST_PG_PASSWORD:-}" ]; then
		printf '  ok %s\n' "$*" | redact
	else
		printf '  ok %s\n' "$*"
	fi
}

# leaks FILE...: true when one of the files holds the test server's password.
leaks() {
	[ -n "${BACKOFFICE_TEST_PG_PASSWORD:-}" ] &&
		grep -qF -- "$BACKOFFICE_TEST_PG_PASSWORD" "$@" 2>/dev/null
}

# Runs a command, keeping stdout, stderr and the status for the checks.
# Every run's output is searched for the test server's password.
run() {
	"$@" >"$E2E_OUT" 2>"$E2E_ERR"
	E2E_STATUS=$?
	if leaks "$E2E_OUT" "$E2E_ERR"; then
		fail "the password of --db appears in the output of: $*"
	fi
}

show_last() {
	printf '    stdout: %s\n' "$(head -c 2000 "$E2E_OUT")" | redact
	printf '    stderr: %s\n' "$(head -c 2000 "$E2E_ERR")" | redact
}

# expect_status N cmd...: the command exits with status N.
expect_status() {
	want=$1
	shift
	run "$@"
	if [ "$E2E_STATUS" -eq "$want" ]; then
		pass "status $want: $*"
	else
		fail "$*"
		echo "    expected status $want, got $E2E_STATUS"
		show_last
	fi
}

# expect_stdout TEXT cmd...: status 0 and stdout exactly TEXT (trailing
# newlines aside, as $(...) drops them).
expect_stdout() {
	want=$1
	shift
	run "$@"
	got=$(cat "$E2E_OUT")
	if [ "$E2E_STATUS" -eq 0 ] && [ "$got" = "$want" ]; then
		pass "stdout: $*"
	else
		fail "$*"
		echo "    expected status 0 and stdout:"
		printf '%s\n' "$want" | sed 's/^/      | /' | redact
		echo "    got status $E2E_STATUS and stdout:"
		printf '%s\n' "$got" | sed 's/^/      | /' | redact
		printf '    stderr: %s\n' "$(cat "$E2E_ERR")" | redact
	fi
}

# expect_stdout_contains TEXT: the last command's stdout contains TEXT.
expect_stdout_contains() {
	if grep -qF -- "$1" "$E2E_OUT"; then
		pass "stdout has '$1'"
	else
		fail "stdout should contain '$1'"
		show_last
	fi
}

# expect_stderr_contains TEXT: the last command's stderr contains TEXT.
expect_stderr_contains() {
	if grep -qF -- "$1" "$E2E_ERR"; then
		pass "stderr has '$1'"
	else
		fail "stderr should contain '$1'"
		show_last
	fi
}

# expect_stdout_lacks TEXT: the last command's stdout does not contain TEXT.
expect_stdout_lacks() {
	if grep -qF -- "$1" "$E2E_OUT"; then
		fail "stdout should not contain '$1'"
		show_last
	else
		pass "stdout lacks '$1'"
	fi
}

# expect_stderr_one_line: errors are one sentence on one line, prefixed.
expect_stderr_one_line() {
	lines=$(wc -l <"$E2E_ERR")
	if [ "$lines" -eq 1 ] && grep -q '^backoffice: ' "$E2E_ERR"; then
		pass "one-line error"
	else
		fail "stderr should be one 'backoffice: ...' line"
		show_last
	fi
}

# same_file A B WHAT: two files are byte-identical.
same_file() {
	if cmp -s "$1" "$2"; then
		pass "identical: $3"
	else
		fail "$3: $1 and $2 differ"
		diff "$1" "$2" | head -20 | sed 's/^/    /' | redact
	fi
}

# snapshot FILE-PREFIX: the event log and every product, as an admin sees them.
# Needs $DB (the --db value) and $ADMIN.
snapshot() {
	bo --db "$DB" --user "$ADMIN" events export >"$1.events" 2>&1
	bo --db "$DB" --user "$ADMIN" product list --all --format json \
		>"$1.products" 2>&1
}

# expect_rejected N cmd...: status N, a one-line error, and nothing written.
expect_rejected() {
	snapshot .before
	expect_status "$@"
	expect_stderr_one_line
	snapshot .after
	same_file .before.events .after.events "event log after: $*"
	same_file .before.products .after.products "products after: $*"
}

# ---- the TUI under tmux ---------------------------------------------------------

# tmux_own NAME: a tmux server of the script's own (socket bo-e2e-NAME-PID),
# so nothing of the user's leaks in or out, killed when the script exits;
# t runs tmux on it. The TUI scripts drive a pane called "tui".
tmux_own() {
	SOCK="bo-e2e-$1-$$"
	trap 't kill-server >/dev/null 2>&1' EXIT
}
t() { tmux -L "$SOCK" "$@"; }

# wait_for TEXT [SECONDS]: until the pane shows TEXT (valgrind is slow).
wait_for() {
	i=0
	limit=$((${2:-20} * 10))
	while [ $i -lt $limit ]; do
		if t capture-pane -p -t tui 2>/dev/null | grep -qF -- "$1"; then
			pass "pane shows '$1'"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "pane never showed '$1'"
	t capture-pane -p -t tui 2>/dev/null | sed 's/^/    | /'
	return 1
}

# wait_gone TEXT [SECONDS]: until the pane no longer shows TEXT.
wait_gone() {
	i=0
	limit=$((${2:-20} * 10))
	while [ $i -lt $limit ]; do
		if ! t capture-pane -p -t tui 2>/dev/null | grep -qF -- "$1"; then
			pass "pane no longer shows '$1'"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "pane still shows '$1'"
	t capture-pane -p -t tui 2>/dev/null | sed 's/^/    | /'
	return 1
}

# pane_lacks TEXT: the pane does not show TEXT now.
pane_lacks() {
	if t capture-pane -p -t tui 2>/dev/null | grep -qF -- "$1"; then
		fail "pane shows '$1'"
		t capture-pane -p -t tui 2>/dev/null | sed 's/^/    | /'
	else
		pass "pane lacks '$1'"
	fi
}

# tui_quit: Q in the pane "tui", and the TUI (started with its status
# written to tui.status and its stderr to tui.err) ends with status 0.
tui_quit() {
	t send-keys -t tui Q
	i=0
	while t has-session -t tui 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ "$(cat tui.status 2>/dev/null)" = 0 ]; then
		pass "Q quits the TUI with status 0"
	else
		fail "the TUI exited with status $(cat tui.status 2>/dev/null)"
		sed 's/^/    /' tui.err 2>/dev/null
	fi
}

# Call last: the script's status says whether every check passed.
# Every file the script left (exports, snapshots, captured outputs) is
# searched for the test server's password first.
finish() {
	if [ -n "${BACKOFFICE_TEST_PG_PASSWORD:-}" ]; then
		found=$(grep -rlF -- "$BACKOFFICE_TEST_PG_PASSWORD" . 2>/dev/null)
		if [ -n "$found" ]; then
			fail "the password of --db appears in: $found"
		else
			pass "no file here holds the password of --db"
		fi
	fi
	echo "$E2E_CHECKS checks, $E2E_FAILS failed ($E2E_BACKEND)"
	[ "$E2E_FAILS" -eq 0 ]
}
