# Reads never write: a read-only copy answers every read as the store does,
# reads sync nothing, a write is one durable commit, lag is shown, seeds and
# imports leave the reports caught up.
. "$E2E_LIB"

TOP=$PWD
DB=$(store_url shop)
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
# digest NAME: what store NAME holds. On SQLite the file's bytes; on
# PostgreSQL every row of every table of its schema with the transaction
# that last wrote it (xmin), so even a write of the same values shows.
digest() {
	if [ "$E2E_BACKEND" = sqlite ]; then
		sha256sum "$1.db"
		return
	fi
	store_sql "$1" "SELECT md5(string_agg(tablename || ':' || (xpath('/row/d/text()',
		query_to_xml(format('SELECT md5(coalesce(string_agg(t.xmin::text || t::text, '','' ORDER BY t::text), '''')) AS d FROM %I.%I t',
		schemaname, tablename), false, true, '')))[1]::text, ';' ORDER BY tablename))
		FROM pg_tables WHERE schemaname = current_schema()"
}
case $BACKOFFICE_BIN in
*valgrind*) slow=1 ;;
*) slow=0 ;;
esac
# syncs CMD...: fdatasync + fsync calls of the command (strace -c), on stdout
syncs() {
	strace -f -qq -c -e trace=fdatasync,fsync -o "$TOP/.strace" "$@" >/dev/null 2>&1
	awk '$NF == "fdatasync" || $NF == "fsync" { n += $4 } END { print n + 0 }' \
		"$TOP/.strace"
}

expect_status 0 as ann init
# a fresh store: nothing applied, nothing behind, nothing to note
run as ann report summary
if [ "$E2E_STATUS" -eq 0 ] && [ ! -s "$E2E_ERR" ]; then
	pass "report summary on a fresh store notes nothing"
else
	fail "report summary on a fresh store"
	show_last
fi
expect_status 0 as ann user add max --role manager
expect_status 0 as ann product add --sku MUG --name Mug --price 10 --stock 4
expect_status 0 as ann product add --sku TEE --name Tee --price 20 --tax-rate 7.5
expect_status 0 as ann order place --customer a@example.com --line MUG:2 --line TEE:1
expect_status 0 as ann order pay 1 --amount 40
expect_status 0 as ann order ship 1
expect_status 0 as ann order place --customer b@example.com --line TEE:3
expect_status 0 as ann order note 2 --text "call first"

# every read a manager may make, each answered from the writable store first
cat >"$TOP/reads" <<EOF
report summary
report summary --format json
report daily
report products
report funnel
report shipping --format json
order list
order show 1
order timeline 1
product list
product show MUG
alerts list
projections status
EOF
n=0
while read -r cmd <&3; do
	# shellcheck disable=SC2086
	run as max $cmd
	cp "$E2E_OUT" "$TOP/read.$n"
	if [ "$E2E_STATUS" -ne 0 ] || [ -s "$E2E_ERR" ]; then
		fail "'$cmd' as a manager on the store"
		show_last
	fi
	n=$((n + 1))
done 3<"$TOP/reads"
pass "$n reads as a manager answer, with nothing on stderr (caught up)"
run cat "$TOP/read.1"
expect_stdout_contains '"orders_placed":	2'
expect_stdout_lacks '"behind"'

# ---- syncs: a read none, a write command one commit ----------------------------

if [ "$E2E_BACKEND" != sqlite ]; then
	# the server does the writing: no fsync of ours to count. Instead each
	# read leaves every row of the store as it was, its writer included.
	before=$(digest shop)
	bad=0
	while read -r cmd <&3; do
		# shellcheck disable=SC2086
		as max $cmd >/dev/null 2>&1
		if [ "$(digest shop)" != "$before" ]; then
			fail "'$cmd' changed the store"
			bad=1
			before=$(digest shop)
		fi
	done 3<"$TOP/reads"
	[ $bad = 0 ] && pass "every read leaves every row as it was (rows and their xmin)"
	expect_status 0 as ann order place --customer c@example.com --line MUG:1
	if [ "$(digest shop)" != "$before" ]; then pass "a write does change the digest"; else fail "the digest missed a write"; fi
	expect_status 0 as ann order pay 3 --amount 10
	expect_status 0 as ann order place --customer d@example.com --line TEE:1
	expect_status 0 as ann user add sam --role support
	expect_status 0 as ann order pay 4 --amount 20
	n=0
	while read -r cmd <&3; do
		# shellcheck disable=SC2086
		as max $cmd >"$TOP/read.$n" 2>/dev/null
		n=$((n + 1))
	done 3<"$TOP/reads"
elif [ $slow = 0 ] && command -v strace >/dev/null 2>&1 &&
	strace -f -qq -c -o /dev/null true 2>/dev/null; then
	bad=0
	while read -r cmd <&3; do
		# shellcheck disable=SC2086
		got=$(syncs $BACKOFFICE_BIN --db "$DB" --user max $cmd)
		if [ "$got" -ne 0 ]; then
			fail "'$cmd' made $got fdatasync/fsync calls"
			bad=1
		fi
	done 3<"$TOP/reads"
	[ $bad = 0 ] && pass "every read makes 0 fdatasync/fsync calls (strace -c)"
	# `user add` commits once and runs nothing else: order pay (with its
	# reactor and the reports catch-up) must cost the same, nothing more
	one=$(syncs $BACKOFFICE_BIN --db "$DB" --user ann user add sam --role support)
	expect_status 0 as ann order place --customer c@example.com --line MUG:1
	pay=$(syncs $BACKOFFICE_BIN --db "$DB" --user ann order pay 3 --amount 10)
	place=$(syncs $BACKOFFICE_BIN --db "$DB" --user ann order place --customer d@example.com --line TEE:1)
	if [ "$pay" -eq "$one" ] && [ "$place" -eq "$one" ] && [ "$one" -gt 0 ]; then
		pass "order pay and order place sync as often as a one-commit user add ($one calls, the close checkpoint included)"
	else
		fail "syncs: user add $one, order pay $pay, order place $place"
	fi
	# the pay went through: its reactor took stock, in the same commit
	run as ann alerts list
	expect_stdout_contains "MUG"
	expect_status 0 as ann order pay 4 --amount 20
	n=0
	while read -r cmd <&3; do
		# shellcheck disable=SC2086
		as max $cmd >"$TOP/read.$n" 2>/dev/null
		n=$((n + 1))
	done 3<"$TOP/reads"
else
	echo "  note: strace is not usable here (or valgrind runs); sync counts skipped"
fi

# ---- a read-only copy serves every read with the same answers -----------------

if [ "$E2E_BACKEND" = sqlite ]; then
	mkdir ro
	cp shop.db ro/shop.db
	RO="sqlite:$TOP/ro/shop.db"
else
	# a session the server keeps read-only: a read that wrote would fail
	RO="$DB&options=-c%20default_transaction_read_only%3Don"
fi
# check_copy WHAT: each read on the copy answers as on the store
check_copy() {
	n=0
	ok=0
	while read -r cmd <&3; do
		# shellcheck disable=SC2086
		run bo --db "$RO" --user max $cmd
		if [ "$E2E_STATUS" -eq 0 ] && cmp -s "$E2E_OUT" "$TOP/read.$n"; then
			ok=$((ok + 1))
		else
			fail "$1: '$cmd' on the read-only copy"
			show_last
		fi
		n=$((n + 1))
	done 3<"$TOP/reads"
	[ "$ok" -eq "$n" ] && pass "$1: all $n reads answer as on the writable store"
}
if [ "$E2E_BACKEND" != sqlite ]; then
	check_copy "a read-only session (default_transaction_read_only)"
	# a write there is refused as on a read-only store file: permission
	expect_status 6 bo --db "$RO" --user ann order note 1 --text x
	expect_stderr_one_line
	expect_stderr_contains "is read-only for this session"
elif [ "$(id -u)" -ne 0 ]; then
	chmod a-w ro/shop.db ro
	check_copy "file and directory without write permission"
	expect_status 6 bo --db "$RO" --user ann order note 1 --text x
	chmod u+w ro/shop.db ro
else
	: >"$TOP/probe"
	if chattr +i "$TOP/probe" 2>/dev/null; then
		chattr -i "$TOP/probe"
		trap 'chattr -i "$TOP/ro/shop.db" "$TOP/ro" 2>/dev/null' EXIT
		chattr +i ro/shop.db ro
		check_copy "immutable file and directory (root)"
		expect_status 6 bo --db "$RO" --user ann order note 1 --text x
		expect_stderr_contains "is read-only"
		chattr -i ro/shop.db ro
	else
		echo "  note: chattr +i is not available here; read-only copy check skipped"
	fi
fi

# ---- lag: a model behind is shown as it is, and says so -----------------------

# the reports emptied and their checkpoint at 0: a model that has applied
# nothing yet, as honest as one whose writer stopped before catching up
# (on PostgreSQL, where a store is no file to copy, the store itself: the
# sections below leave it caught up or rebuilt)
if [ "$E2E_BACKEND" = sqlite ]; then
	cp shop.db behind.db
	cp shop.db stale.db
	BEHIND=behind
	STALE=stale
else
	BEHIND=shop
	STALE=shop
fi
BD=$(store_url $BEHIND)
store_sql $BEHIND "DELETE FROM report_orders; DELETE FROM report_lines;
	DELETE FROM report_days; DELETE FROM report_products;
	UPDATE projector_state SET checkpoint = 0 WHERE name = 'reports';"
head=$(store_sql $BEHIND "SELECT max(position) FROM events")
sum_before=$(digest $BEHIND)
run bo --db "$BD" --user max report summary
expect_stderr_one_line
expect_stderr_contains "the reports are $head events behind the log (none applied yet)"
expect_stdout_contains "orders_placed         0"
run bo --db "$BD" --user max --format json report summary
expect_stdout_contains '"behind":'
expect_stdout_contains "\"events\":	$head"
expect_stdout_contains '"stale":	false'
run bo --db "$BD" --user max report daily --format json
expect_stderr_contains "events behind the log"
if [ "$(digest $BEHIND)" = "$sum_before" ]; then
	pass "reads of a model behind left the store as it was"
else
	fail "a read of a model behind changed the store"
fi
expect_status 0 bo --db "$BD" --user ann projections run
run bo --db "$BD" --user max report summary
if [ ! -s "$E2E_ERR" ] && cmp -s "$E2E_OUT" "$TOP/read.0"; then
	pass "after projections run the summary is the store's, without a note"
else
	fail "summary after projections run"
	show_last
fi
# one event behind: the note gives the newest applied event and its age
store_sql $BEHIND "UPDATE projector_state SET checkpoint = checkpoint - 1 WHERE name = 'reports';"
run bo --db "$BD" --user max report funnel
expect_stderr_contains "the reports are 1 events behind the log (newest applied event 20"

# ---- a stale projector: a read shows it as it is, a write rebuilds ------------

SD=$(store_url $STALE)
store_sql $STALE "UPDATE projector_state SET version = 99 WHERE name = 'reports';"
sum_before=$(digest $STALE)
run bo --db "$SD" --user max report summary
expect_stderr_contains "projector reports needs a rebuild (its read model is shown as it is); run: backoffice projections rebuild"
expect_stderr_contains "the reports were built by another version"
if [ "$(digest $STALE)" = "$sum_before" ]; then
	pass "a read of a stale model rebuilt nothing"
else
	fail "a read of a stale model changed the store"
fi
expect_status 0 bo --db "$SD" --user ann order note 1 --text rebuilt
run bo --db "$SD" --user max report summary
if [ ! -s "$E2E_ERR" ]; then pass "the write command rebuilt the stale model"; else fail "still stale after a write"; show_last; fi

# ---- a seed and an import leave the reports caught up -------------------------

expect_status 0 bo --db "$(store_url seed)" --user ann init
expect_status 0 bo --db "$(store_url seed)" --user ann demo seed --orders 120 --days 10 --seed 3 --now 2026-11-20
P="--from 2026-11-01 --to 2026-11-30"
run bo --db "$(store_url seed)" --user ann --format json report summary $P
cp "$E2E_OUT" "$TOP/seed.summary"
if [ ! -s "$E2E_ERR" ] && grep -q '"orders_placed":	120' "$TOP/seed.summary"; then
	pass "report summary right after demo seed: 120 orders, not behind"
else
	fail "report summary after demo seed"
	show_last
fi
expect_status 0 bo --db "$(store_url seed)" --user ann projections run
expect_status 0 bo --db "$(store_url seed)" --user ann --format json report summary $P
same_file "$TOP/seed.summary" "$E2E_OUT" "summary after the seed and after projections run"
expect_status 0 bo --db "$(store_url seed)" --user ann projections rebuild
expect_status 0 bo --db "$(store_url seed)" --user ann --format json report summary $P
same_file "$TOP/seed.summary" "$E2E_OUT" "summary after the seed and after projections rebuild"
expect_status 0 bo --db "$(store_url seed)" --user ann events export
cp "$E2E_OUT" "$TOP/seed.jsonl"
expect_status 0 bo --db "$(store_url imp)" --user ann init
expect_status 0 bo --db "$(store_url imp)" --user ann events import "$TOP/seed.jsonl"
run bo --db "$(store_url imp)" --user ann --format json report summary $P
if [ ! -s "$E2E_ERR" ] && cmp -s "$E2E_OUT" "$TOP/seed.summary"; then
	pass "report summary right after events import equals the seeded store's"
else
	fail "report summary after events import"
	show_last
fi

finish
