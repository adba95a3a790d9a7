# Online rebuild: 4 writer processes and a reader keep going through `projections rebuild` and a stale projector's rebuild; Ctrl-C and a kill leave the live model as it was.
. "$E2E_LIB"
. "$(dirname "$E2E_LIB")/rebuild_load.sh"

ADMIN=root
DB=$(store_url shop)
as() { bo --db "$DB" --user "$ADMIN" "$@"; }

LOAD_BIN=$BACKOFFICE_BIN
LOAD_DB=$DB
LOAD_USER=$ADMIN
LOAD_SKU=LOAD
LOAD_DIR=$(pwd)/load
mkdir -p "$LOAD_DIR"

expect_status 0 as init

# Under valgrind (make memcheck) every process runs some thirty times
# slower: writers hold the lock for seconds, so the timing this script
# measures means nothing there. That run checks the rebuild's memory use on
# a small shop instead, and leaves the concurrency to the native runs
# (make test, make asan).
case "$BACKOFFICE_BIN" in
*valgrind*)
	expect_status 0 as demo seed --orders 200 --seed 7
	expect_status 0 as projections rebuild
	expect_stderr_contains "rebuilt every projector"
	expect_status 0 as projections verify
	echo "  skip: writers and timing under valgrind (run natively in make test)"
	finish
	exit $?
	;;
esac

expect_status 0 as demo seed --orders 4000 --seed 7
expect_status 0 as product add --sku LOAD --name "Load test" --price 1.00 \
	--stock 1000000

order_lines() { as order list --format csv | wc -l; }
placed() {
	as report summary --format json |
		sed -n 's/.*"orders_placed":[^0-9]*\([0-9]*\).*/\1/p'
}
# field $1 of the writers' summary line
summary_field() { load_summary | awk -v f="$1" '{ print $f }'; }
# objects of the store whose name ends in $1 (the sqlite3 shell, psql)
leftovers() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		store_sql shop "SELECT count(*) FROM sqlite_master \
			WHERE name LIKE '%$1'"
	else
		store_sql shop "SELECT count(*) FROM pg_tables \
			WHERE schemaname = current_schema() AND tablename LIKE '%$1'"
	fi
}
# the store's tables, for a failure's message
tables() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		sqlite3 shop.db .tables
	else
		store_sql shop "SELECT string_agg(tablename, ' ') FROM pg_tables \
			WHERE schemaname = current_schema()"
	fi
}
have_shell=0
if [ "$E2E_BACKEND" = sqlite ]; then
	command -v sqlite3 >/dev/null 2>&1 && have_shell=1
else
	have_shell=1
fi
# writes_inside FROM TO: writes (of the last load) that began at or after
# FROM and ended by TO (ms since the epoch)
writes_inside() {
	cat "$LOAD_DIR"/w*.log | awk -v s="$1" -v e="$2" \
		'$3 - $2 >= s && $3 <= e { n++ } END { print n + 0 }'
}
# writes_ended FROM TO: writes that committed (status 0) and ended inside
# (FROM, TO); a write that gave up waiting (busy) ended but wrote nothing
writes_ended() {
	cat "$LOAD_DIR"/w*.log | awk -v s="$1" -v e="$2" \
		'$1 == 0 && $3 > s && $3 < e { n++ } END { print n + 0 }'
}
# longest_quiet FROM TO: the longest stretch of (FROM, TO) in ms in which
# no write committed (a writer giving up with exit 8 ends without a commit)
longest_quiet() {
	{
		echo "$1"
		cat "$LOAD_DIR"/w*.log |
			awk -v s="$1" -v e="$2" '$1 == 0 && $3 > s && $3 < e { print $3 }'
		echo "$2"
	} | sort -n | awk 'NR > 1 && $1 - p > m { m = $1 - p } { p = $1 }
		END { print m + 0 }'
}
# writes_across AT: writes under way at AT (begun before, ended after)
writes_across() {
	cat "$LOAD_DIR"/w*.log | awk -v t="$1" \
		'$3 - $2 < t && $3 > t { n++ } END { print n + 0 }'
}

# ---- calibration: the same load without a rebuild --------------------------
# (wall times here are the machine's: printed, not held to a bound, as the
# writers also wait for one another; `make bench-rebuild` measures at scale)

load_start 4 reader
sleep 2
load_stop
idle=$(summary_field 6)
if [ "$(summary_field 4)" -eq 0 ] && [ "$(summary_field 2)" -gt 0 ]; then
	pass "calibration: $(load_summary) with no rebuild running"
else
	fail "calibration writes failed: $(load_summary)"
fi

# ---- the rebuild with writers and a reader running -------------------------

base_lines=$(order_lines)
base_placed=$(placed)
load_start 4 reader
sleep 0.5
rs=$(load_now)
expect_status 0 as projections rebuild
re=$(load_now)
sleep 0.5
load_stop
cat "$LOAD_DIR"/w*.log >online.writes
echo "  rebuild took $((re - rs)) ms; $(load_summary)"
during=$(writes_inside "$rs" "$re")
ended=$(writes_ended $((rs + 300)) "$re")
quiet=$(longest_quiet "$rs" "$re")
if [ "$during" -gt 0 ] && [ "$ended" -gt 0 ] &&
	[ $((quiet * 2)) -lt $((re - rs)) ]; then
	pass "$during writes began and ended inside the rebuild ($((re - rs)) ms), $ended ended while it ran, at most $quiet ms without one"
else
	fail "writes held up by the rebuild: $during inside it, $ended ended while it ran, $quiet ms without one ($((re - rs)) ms)"
fi
if [ "$(summary_field 4)" -eq 0 ]; then
	pass "every write went through: $(load_summary) (no rebuild: longest $idle ms)"
else
	fail "writes failed during the rebuild: $(load_summary)"
	head -5 "$LOAD_DIR"/w*.err
fi
# the reader saw the old whole model or a newer one, never a half-built one
bad=$(awk -v l="$base_lines" -v p="$base_placed" \
	'$1 < l || $2 == "none" || $2 < p { n++ } END { print n + 0 }' \
	"$LOAD_DIR/r.log")
reads=$(wc -l <"$LOAD_DIR/r.log")
if [ "$bad" -eq 0 ] && [ "$reads" -gt 0 ]; then
	pass "$reads reads, none saw fewer than $base_lines order lines or $base_placed placed"
else
	fail "$bad of $reads reads saw a partial model (base $base_lines lines, $base_placed placed)"
	awk -v l="$base_lines" '$1 < l' "$LOAD_DIR/r.log" | head -5
fi
expect_status 0 as projections verify
expect_stdout_contains "the read model matches the log"
places=$(cat "$LOAD_DIR"/w*.log | awk '$1 == 0 && $4 == "place"' | wc -l)
if [ "$(order_lines)" -eq $((base_lines + places)) ]; then
	pass "all $places orders of the writers are listed"
else
	fail "$(order_lines) order lines, want $((base_lines + places))"
fi
expect_status 0 as projections status --format csv
if awk -F, 'NR > 1 && $4 != $5 { bad = 1 } END { exit bad }' "$E2E_OUT"; then
	pass "every checkpoint is at the head after the rebuild"
else
	fail "a checkpoint is behind: $(cat "$E2E_OUT")"
fi
if [ "$have_shell" -eq 1 ]; then
	if [ "$(leftovers __rebuild)" -eq 0 ] && [ "$(leftovers __old)" -eq 0 ]; then
		pass "no shadow or old table stays behind"
	else
		fail "tables left behind: $(tables)"
	fi
fi

# ---- Ctrl-C and a kill in the middle ------------------------------------------

as order list --format csv >before.orders
as report summary --format json >before.report
as projections status --format csv >before.status

# interrupt SIGNAL: starts a rebuild, sends SIGNAL once its shadow tables
# exist (or after a moment without the sqlite3 shell); leaves its status in
# $stopped_rc
interrupt() {
	# the binary itself in the background (not the function, whose
	# subshell would take the signal instead)
	$BACKOFFICE_BIN --db "$DB" --user "$ADMIN" projections rebuild \
		>/dev/null 2>interrupt.err &
	pid=$!
	i=0
	if [ "$have_shell" -eq 1 ]; then
		while [ "$(leftovers __rebuild 2>/dev/null)" != 9 ] &&
			[ $i -lt 500 ]; do
			i=$((i + 1))
		done
	else
		sleep 0.2
	fi
	kill "-$1" "$pid"
	wait "$pid"
	stopped_rc=$?
}

interrupt INT
if [ "$stopped_rc" -eq 9 ]; then
	pass "Ctrl-C stops the rebuild with status 9"
else
	fail "an interrupted rebuild exited $stopped_rc: $(cat interrupt.err)"
fi
as order list --format csv >after.orders
as report summary --format json >after.report
as projections status --format csv >after.status
same_file before.orders after.orders "order list after Ctrl-C"
same_file before.report after.report "report summary after Ctrl-C"
same_file before.status after.status "projector state after Ctrl-C"
if [ "$have_shell" -eq 1 ]; then
	if [ "$(leftovers __rebuild)" -eq 0 ]; then
		pass "Ctrl-C dropped the shadow tables"
	else
		fail "shadow tables left after Ctrl-C: $(tables)"
	fi
fi
expect_status 0 as projections verify
expect_stdout_contains "the read model matches the log"

interrupt KILL
as order list --format csv >after.orders
as report summary --format json >after.report
same_file before.orders after.orders "order list after a killed rebuild"
same_file before.report after.report "report summary after a killed rebuild"
if [ "$have_shell" -eq 1 ] && [ "$stopped_rc" -ne 0 ]; then
	if [ "$(leftovers __rebuild)" -eq 9 ]; then
		pass "a killed rebuild leaves its shadow tables, unused"
	else
		fail "after the kill: $(tables)"
	fi
fi
expect_status 0 as projections rebuild
as order list --format csv >after.orders
same_file before.orders after.orders "order list after the next rebuild"
if [ "$have_shell" -eq 1 ]; then
	if [ "$(leftovers __rebuild)" -eq 0 ] && [ "$(leftovers __old)" -eq 0 ]; then
		pass "the next rebuild dropped what the killed one left"
	else
		fail "tables left behind: $(tables)"
	fi
fi
expect_status 0 as projections verify
expect_stdout_contains "the read model matches the log"

# ---- two rebuilds at once: the later one takes over ---------------------------

if [ "$have_shell" -eq 1 ]; then
	$BACKOFFICE_BIN --db "$DB" --user "$ADMIN" projections rebuild \
		>/dev/null 2>first.err &
	pid=$!
	i=0
	while [ "$(leftovers __rebuild 2>/dev/null)" != 9 ] && [ $i -lt 500 ]; do
		i=$((i + 1))
	done
	expect_status 0 as projections rebuild
	wait "$pid"
	first_rc=$?
	if [ "$first_rc" -eq 5 ] &&
		grep -q "took its shadow tables over" first.err; then
		pass "the first of two rebuilds stops with status 5 when the second takes over"
	elif [ "$first_rc" -eq 0 ]; then
		pass "the first rebuild was done before the second began"
	else
		fail "the first of two rebuilds exited $first_rc: $(cat first.err)"
	fi
	as order list --format csv >after.orders
	same_file before.orders after.orders "order list after two rebuilds"
	expect_status 0 as projections verify
	expect_stdout_contains "the read model matches the log"
	if [ "$(leftovers __rebuild)" -eq 0 ]; then
		pass "no shadow left after two rebuilds"
	else
		fail "shadow tables left after two rebuilds"
	fi
fi

# ---- a stale projector is rebuilt online too -------------------------------
# A projector whose stored version is not the code's is rebuilt by the
# start-up check of a write command or of `projections run`. stale_case
# WHAT CMD...: marks every projector stale, starts CMD, starts 2 writers once
# its shadow tables exist (they find its claim and go on), and checks that
# writes ended while it ran, none failed, and the result is a fresh
# rebuild's.

stale_case() {
	what=$1
	shift
	store_sql shop "UPDATE projector_state SET version = version + 7"
	$BACKOFFICE_BIN --db "$DB" --user "$ADMIN" "$@" >/dev/null \
		2>stale.err &
	pid=$!
	i=0
	while [ "$(leftovers __rebuild 2>/dev/null)" != 9 ] && [ $i -lt 500 ]; do
		i=$((i + 1))
	done
	ss=$(load_now)
	load_start 2
	wait "$pid"
	stale_rc=$?
	se=$(load_now)
	sleep 0.3
	load_stop
	if [ "$stale_rc" -eq 0 ]; then
		pass "$what rebuilt the stale projectors ($((se - ss)) ms with writers)"
	else
		fail "$what exited $stale_rc: $(cat stale.err)"
	fi
	quiet=$(longest_quiet "$ss" "$se")
	if [ "$(writes_ended "$ss" "$se")" -gt 0 ] &&
		[ $((quiet * 2)) -lt $((se - ss)) ]; then
		pass "$what: writes went on during the stale rebuild (at most $quiet ms without one)"
	else
		fail "$what: writes held up by the stale rebuild ($quiet ms of $((se - ss)) ms without one)"
	fi
	if [ "$(summary_field 4)" -eq 0 ]; then
		pass "$what: every write went through: $(load_summary)"
	else
		fail "$what: writes failed: $(load_summary)"
		head -5 "$LOAD_DIR"/w*.err
	fi
	stale=$(store_sql shop "SELECT count(*) FROM projector_state \
		WHERE version > 7")
	if [ "$stale" -eq 0 ] && [ "$(leftovers __rebuild)" -eq 0 ] &&
		[ "$(leftovers __old)" -eq 0 ]; then
		pass "$what: no projector stale, no shadow or old table left"
	else
		fail "$what: $stale stale, tables: $(tables)"
	fi
	as order list --format csv >stale.orders
	as report summary --format json >stale.report
	expect_status 0 as projections rebuild
	as order list --format csv >fresh.orders
	as report summary --format json >fresh.report
	same_file fresh.orders stale.orders "$what: order list = a fresh rebuild's"
	same_file fresh.report stale.report "$what: report = a fresh rebuild's"
}

if [ "$have_shell" -eq 1 ]; then
	stale_case "projections run" projections run
	stale_case "a write command's start-up" product add --sku STALE \
		--name "Stale check" --price 2.00 --stock 5
fi

# ---- negative control: one long write transaction -----------------------------
# verify replays the whole log inside one write transaction, exactly as the
# old `projections rebuild` did before it went online; with it running the
# same writers cannot commit at all until it ends: for most of its run no
# write ends (all but the time it takes to open the store and take the
# lock), and the writers waiting for it end after it.

load_start 4
sleep 0.5
vs=$(load_now)
expect_status 0 as projections verify
ve=$(load_now)
sleep 0.3
load_stop
quiet=$(longest_quiet "$vs" "$ve")
across=$(writes_across "$ve")
if [ $((quiet * 2)) -ge $((ve - vs)) ] && [ "$across" -gt 0 ]; then
	pass "control: no write ended for $quiet ms of a one-transaction replay's $((ve - vs)) ms; $across waited for its end ($(load_summary))"
else
	fail "control: writes kept ending during a one-transaction replay (at most $quiet ms of its $((ve - vs)) ms without one), $across waited for it ($(load_summary))"
fi
finish
