# tenant move: a demo tenant carried to another store and back (SQLite to
# SQLite here; SQLite to PostgreSQL and back in the PostgreSQL pass) keeps
# its log byte for byte, its timelines, reports, products, users and alerts;
# bad moves change nothing; a move killed halfway leaves the source usable.
. "$E2E_LIB"

# The installation and the tenant live in SQLite files here on both passes:
# the PostgreSQL pass moves the tenant onto the test server and back.
DB="sqlite:$PWD/home.db"
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
if [ "$E2E_BACKEND" = sqlite ]; then
	S=""
	ELSEWHERE="sqlite:$PWD/elsewhere/shop.db"
else
	S=$(printf '%s' "$PWD" | cksum | cut -c1-6)
	ELSEWHERE="$BACKOFFICE_TEST_PG"
	# the registry keeps no password: the connection finds it here
	export PGPASSWORD="$BACKOFFICE_TEST_PG_PASSWORD"
fi
SHOP=shop$S
case $BACKOFFICE_BIN in
*valgrind*) ORDERS=40 ;;
*) ORDERS=400 ;;
esac

# snap DIR: everything a user can read of the shop, into DIR
snap() {
	mkdir -p "$1"
	t="--tenant $SHOP"
	as alice $t events export >"$1/events.jsonl" 2>"$1/err" &&
		as alice $t --format csv product list --all >"$1/products.csv" 2>>"$1/err" &&
		as alice $t --format csv user list >"$1/users.csv" 2>>"$1/err" &&
		as alice $t --format csv alerts list >"$1/alerts.csv" 2>>"$1/err" &&
		as alice $t --format csv product bulk list >"$1/bulks.csv" 2>>"$1/err" &&
		as alice $t --format csv order list --limit 100000 >"$1/orders.csv" 2>>"$1/err" ||
		echo "snap $1 failed: $(cat "$1/err")" >>"$1/failed"
	for r in summary daily products funnel shipping; do
		as alice $t --format csv report $r --from 2025-06-01 --to 2026-02-28 \
			>"$1/report-$r.csv" 2>>"$1/err" || echo "report $r" >>"$1/failed"
	done
	for id in 1 2 3 17 $ORDERS; do
		as alice $t --format json order timeline $id >"$1/timeline-$id.json" 2>>"$1/err" ||
			echo "timeline $id" >>"$1/failed"
	done
}

# same_snap A B WHAT: the two snapshots are identical, file by file
same_snap() {
	if [ -e "$1/failed" ] || [ -e "$2/failed" ]; then
		fail "$3: a snapshot could not be taken: $(cat "$1/failed" "$2/failed" 2>/dev/null)"
		return
	fi
	if diff -r -x err "$1" "$2" >"$3.diff"; then
		pass "$3: log, products, users, alerts, orders, reports and timelines are identical"
	else
		fail "$3: differs"
		head -20 "$3.diff"
	fi
}

expect_status 0 as alice init
expect_status 0 as alice tenant create "$SHOP" --time-zone Europe/Berlin
expect_status 0 as alice --tenant "$SHOP" demo seed --orders $ORDERS --days 200 --now 2026-01-31
expect_status 0 as alice --tenant "$SHOP" user add sam --role support
# a bulk action: its record goes along, so it can still be undone there
expect_status 0 as alice --tenant "$SHOP" product add --sku BULK-1 --name Bulk --price 10
expect_status 0 as alice --tenant "$SHOP" product bulk reprice --by +10% --sku BULK-1
snap before
if grep -q "reprice +10% round cent" before/bulks.csv; then
	pass "the tenant holds a bulk action"
else
	fail "no bulk action in before/bulks.csv"
fi
if [ "$(wc -l <before/events.jsonl)" -gt $((ORDERS * 2)) ]; then
	pass "the demo tenant holds $(wc -l <before/events.jsonl) events"
else
	fail "the demo seed left too few events to move"
fi

# ---- moves that must change nothing ---------------------------------------

registry() { as alice --format csv tenant list | tr -d '\r' | grep "^$SHOP,"; }
was=$(registry)
expect_status 4 as alice tenant move "nope$S" --to "$ELSEWHERE"
expect_stderr_contains "nope$S"
expect_status 3 as alice tenant move default --to "$ELSEWHERE"
expect_stderr_contains "installation's own"
expect_status 3 as alice tenant move "$SHOP" --to "sqlite:$PWD/$SHOP.db"
expect_stderr_contains "already lives there"
expect_status 2 as alice tenant move "$SHOP" --to "mysql://x/y"
expect_stderr_contains "--to"
expect_status 2 as alice tenant move "$SHOP"
expect_stderr_contains "--to"
expect_status 2 as alice tenant move "$SHOP" --to "postgresql://u@127.0.0.1:1/db?schema=Bad;drop"
expect_stderr_contains "the schema of --to"
mkdir -p adir
expect_status 5 as alice tenant move "$SHOP" --to "sqlite:$PWD/adir"
expect_stderr_contains "cannot be moved there"
expect_stderr_one_line
expect_status 0 as alice user add bob --role support
expect_status 6 as bob tenant move "$SHOP" --to "$ELSEWHERE"
# a store of another tenant where the move would go is never overwritten
expect_status 0 as alice tenant create "other$S"
expect_status 5 as alice tenant move "$SHOP" --to "sqlite:$PWD/other$S.db"
expect_stderr_contains "tenant other$S"
expect_stderr_one_line
expect_status 0 as alice --tenant "other$S" product list
if [ "$(registry)" = "$was" ]; then
	pass "refused moves left the registry as it was"
else
	fail "the registry changed: $(registry)"
fi

# ---- there and back -----------------------------------------------------------

mkdir -p elsewhere
expect_status 0 as alice --format json tenant move "$SHOP" --to "$ELSEWHERE"
if tr -d ' \t\n' <"$E2E_OUT" | grep -q "\"events\":$(wc -l <before/events.jsonl),"; then
	pass "the move reports every event copied"
else
	fail "tenant move JSON"
	show_last
fi
expect_stdout_lacks "${BACKOFFICE_TEST_PG_PASSWORD:-no password given}"
if [ "$E2E_BACKEND" = postgresql ]; then
	expect_status 0 as alice --format csv tenant list
	expect_stdout_contains "$SHOP,EUR,Europe/Berlin,postgresql,"
	if sqlite3 home.db "SELECT location FROM tenants" | grep -qF "$BACKOFFICE_TEST_PG_PASSWORD"; then
		fail "the registry keeps the server's password"
	else
		pass "the registry keeps no password"
	fi
fi
snap there
same_snap before there "moved to $E2E_BACKEND"
# the old store is left as it was, and the tenant works where it went
expect_status 0 bo --db "sqlite:$PWD/$SHOP.db" --user alice --format csv product list --all
expect_status 0 as alice --tenant "$SHOP" product add --sku MOVED-1 --name "After the move" --price 3.50
expect_stdout "$((ORDERS + 1))" as alice --tenant "$SHOP" order place --customer new@example.com --line MOVED-1:1
expect_status 0 as alice --tenant "$SHOP" --format csv order list --limit 100000
if [ "$(tail -n +2 "$E2E_OUT" | wc -l)" -eq $((ORDERS + 1)) ]; then
	pass "a new order after the move takes the next number"
else
	fail "orders after the move: $(tail -n +2 "$E2E_OUT" | wc -l)"
fi

# and back to a file (the old one there is no tenant's now: made anew)
rm -rf back
mkdir back
expect_status 0 as alice tenant move "$SHOP" --to "sqlite:$PWD/back/$SHOP.db"
expect_stdout_contains "verified"
expect_status 0 as alice --tenant "$SHOP" --format csv order list --limit 100000
if [ "$(tail -n +2 "$E2E_OUT" | wc -l)" -eq $((ORDERS + 1)) ]; then
	pass "the order placed over there came back"
else
	fail "orders after moving back: $(tail -n +2 "$E2E_OUT" | wc -l)"
fi

# ---- a move killed halfway ---------------------------------------------------

was=$(registry)
expect_status 0 as alice --tenant "$SHOP" events export
cp "$E2E_OUT" killed-before.jsonl
rm -rf half
mkdir half
# exec: $! is the binary itself (or valgrind running it), so the kill below
# stops the move, not only a shell around it
# shellcheck disable=SC2086
(exec $BACKOFFICE_BIN --db "$DB" --user alice tenant move "$SHOP" \
	--to "sqlite:$PWD/half/$SHOP.db" >half.out 2>&1) &
pid=$!
# somewhere inside the copy: the target file appears early
i=0
while [ $i -lt 200 ] && [ ! -e "half/$SHOP.db" ]; do
	sleep 0.01
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
# a second move goes where the killed one went (its leftover is made anew);
# one that finished before the kill went there already, so then elsewhere
again=half
if [ "$(registry)" = "$was" ]; then
	pass "a killed move left the registry pointing at the source"
elif grep -q verified half.out; then
	pass "the move finished before the kill (and verified)"
	again=again
	mkdir -p again
else
	fail "a killed move changed the registry: $(registry)"
fi
expect_status 0 as alice --tenant "$SHOP" events export
if [ "$(registry)" = "$was" ] && ! cmp -s "$E2E_OUT" killed-before.jsonl; then
	fail "the source's log changed under a killed move"
else
	pass "the source's log is as it was"
fi
expect_status 0 as sam --tenant "$SHOP" order note 2 --text "still usable after a killed move"
# and a second move starts over cleanly
expect_status 0 as alice tenant move "$SHOP" --to "sqlite:$PWD/$again/$SHOP.db"
expect_stdout_contains "verified"
expect_status 0 as alice --tenant "$SHOP" order timeline 2
expect_stdout_contains "still usable after a killed move"

# a path with a terminal escape in it is shown with the escape made visible
esc=$(printf 'esc\033[31m')
expect_status 0 as alice tenant move "$SHOP" --to "sqlite:$PWD/$esc.db"
if grep -q "$(printf '\033')" "$E2E_OUT" "$E2E_ERR"; then
	fail "tenant move printed a raw escape character"
else
	pass "tenant move's output holds no raw escape character"
fi
expect_status 0 as alice --tenant "$SHOP" order timeline 2

finish
