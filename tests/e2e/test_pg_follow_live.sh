# PostgreSQL: `projections run --follow` is woken by another process's commit within 100 ms (NOTIFY, not its 5 s fallback tick), and a killed connection is said in one line and re-established.
. "$E2E_LIB"

pg_only "the --follow live test" || { finish; exit 0; }

SCHEMA=e2e_follow_$$
DB="$BACKOFFICE_TEST_PG?schema=$SCHEMA"
as() { bo --db "$DB" --user alice "$@"; }
sql() { psql -X -qAt -d "$BACKOFFICE_TEST_PG" -c "$1"; }

expect_status 0 as init
expect_status 0 as product add --sku MUG --name Mug --price 10 --stock 9
expect_stdout "1" as order place --customer ann@example.com --line MUG:1

# exec: $! is the binary itself, so the signal below reaches it
(exec $BACKOFFICE_BIN --db "$DB" --user alice projections run --follow >follow.out 2>follow.err) &
follower=$!
cleanup() { kill "$follower" 2>/dev/null; wait "$follower" 2>/dev/null; }
trap cleanup EXIT
# the follower's backend: the one backoffice session left once the CLI
# commands are done
fpid=
i=0
while [ -z "$fpid" ] && [ $i -lt 50 ]; do
	sleep 0.1
	fpid=$(sql "SELECT pid FROM pg_stat_activity WHERE application_name = 'backoffice' AND state = 'idle' LIMIT 1")
	i=$((i + 1))
done
[ -n "$fpid" ] && pass "the follower is connected (backend $fpid)" ||
	fail "no follower connection"
sleep 0.5

# last_query_ms: when the follower's backend began its latest statement
# (ms since the epoch, the server's clock = this machine's).
last_query_ms() {
	sql "SELECT (extract(epoch FROM query_start) * 1000)::bigint FROM pg_stat_activity WHERE pid = $fpid"
}
# One note from another process; the figure is from the note's recorded_at
# (taken inside the writer before its commit: an upper bound) to the last
# statement the follower started after waking (a few ms after the wake-up).
measure() {
	before=$(last_query_ms)
	expect_status 0 as order note 1 --text "$1"
	sleep 0.3
	after=$(last_query_ms)
	at=$(sql "SELECT recorded_at FROM $SCHEMA.events ORDER BY position DESC LIMIT 1")
	if [ "$after" -le "$before" ]; then
		echo 999999
	else
		echo $((after - at))
	fi
}
worst=0
figures=
for n in 1 2 3 4 5; do
	dt=$(measure "follow $n" | tail -n 1)
	figures="$figures ${dt}ms"
	[ "$dt" -gt "$worst" ] && worst=$dt
done
echo "  commit to the follower's wake-up, per note:$figures (worst ${worst}ms)"
if [ "$worst" -lt 100 ]; then
	pass "--follow woke within 100 ms of every commit (worst ${worst}ms)"
else
	fail "--follow took ${worst}ms to wake (want < 100 ms):$figures"
fi

# The connection is killed: one line says so, the follower reconnects and
# is woken by commits again.
sql "SELECT pg_terminate_backend($fpid)" >/dev/null
i=0
while ! grep -q "reconnected" follow.err && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if grep -q "^backoffice: lost the connection to the PostgreSQL server" follow.err &&
	grep -q "^backoffice: reconnected to the store" follow.err &&
	[ "$(wc -l <follow.err)" -eq 2 ]; then
	pass "the lost connection is one line, the reconnect another"
	sed 's/^/    | /' follow.err
else
	fail "follow's stderr after a killed connection: $(cat follow.err)"
fi
fpid=$(sql "SELECT pid FROM pg_stat_activity WHERE application_name = 'backoffice' AND state = 'idle' LIMIT 1")
dt=$(measure "after the reconnect" | tail -n 1)
if [ "$dt" -lt 1000 ]; then
	pass "after reconnecting, a commit wakes --follow again (${dt}ms)"
else
	fail "after reconnecting --follow is no longer woken (${dt}ms)"
fi
kill -TERM "$follower"
wait "$follower"
st=$?
[ "$st" -eq 0 ] && pass "--follow stops on a signal with status 0" ||
	fail "--follow exited $st: $(cat follow.err)"
grep -q "^stopped" follow.out && pass "it says it stopped" || fail "no 'stopped' in $(cat follow.out)"
if grep -qF -- "$BACKOFFICE_TEST_PG_PASSWORD" follow.out follow.err; then
	fail "the password appeared in the output"
fi
trap - EXIT
finish
