# The event log through the command line: export, import, and the bridge acceptance test.
. "$E2E_LIB"

ADMIN=alice
A=$(store_url a)
B=$(store_url b)
on() { db=$1; user=$2; shift 2; bo --db "$db" --user "$user" "$@"; }

# ---- a shop with some history ------------------------------------------------
DB=$A
expect_status 0 on "$A" alice init
expect_status 0 on "$A" alice user add sam --role support
expect_status 0 on "$A" alice product add --sku MUG --name "Blue mug" --price 12.50 --tax-rate 20 --stock 50
expect_status 0 on "$A" alice product add --sku TEE --name Tee --price 20 --tax-rate 7.5
expect_status 0 on "$A" alice product add --sku CAP --name "Red cap" --price 8.99 --tax-rate 20
expect_stdout 1 on "$A" alice order place --customer ann@example.com --customer-name Ann --line MUG:2 --line TEE:1
expect_stdout 2 on "$A" alice order place --customer bo@example.com --line CAP:3
expect_stdout 3 on "$A" alice order place --customer cy@example.com --line TEE:1
expect_status 0 on "$A" alice order pay 1 --amount 45
expect_status 0 on "$A" alice order ship 1 --carrier DHL --tracking T1
expect_status 0 on "$A" sam order refund 1 --amount 5 --reason "chipped"
expect_status 0 on "$A" sam order note 1 --text "sent a voucher"
expect_status 0 on "$A" alice order pay 2 --amount 26.97
expect_status 0 on "$A" alice order fail-payment 3 --reason "card declined"
expect_status 0 on "$A" sam order cancel 3 --reason "no payment"
# re-price one product and delete another that an order refers to
expect_status 0 on "$A" alice product edit MUG --price 15 --name "Blue mug XL"
expect_status 0 on "$A" alice product delete CAP
expect_stdout 4 on "$A" alice order place --customer dee@example.com --line MUG:1
expect_status 0 on "$A" alice order pay 4 --amount 15
expect_status 0 on "$A" alice order ship 4
expect_status 0 on "$A" alice order deliver 4

# the orders keep what they recorded
expect_status 0 on "$A" alice --format json order show 2
expect_stdout_contains '"name":	"Red cap"'
expect_stdout_contains '"unit_price":	"8.99"'
expect_stdout_contains '"total":	"26.97"'
expect_status 0 on "$A" alice order timeline 2
expect_stdout_contains "26.97"
expect_status 0 on "$A" alice --format json order show 1
expect_stdout_contains '"name":	"Blue mug"'
expect_stdout_contains '"unit_price":	"12.50"'
expect_status 0 on "$A" alice --format json order show 4
expect_stdout_contains '"unit_price":	"15.00"'

# ---- export ------------------------------------------------------------------
run on "$A" alice --format csv events export
cp .last.out log.jsonl
if [ "$E2E_STATUS" -eq 0 ]; then pass "export"; else fail "export exited $E2E_STATUS"; fi
n=$(wc -l <log.jsonl)
# 3 created + 1 updated + 1 deleted, 4 placed, 3 paid, 1 failed, 2 shipped,
# 1 delivered, 1 refund, 1 note, 1 cancel, and 2 stock updates by the
# low-stock reactor (orders 1 and 4 took MUG, which tracks stock)
if [ "$n" -eq 21 ]; then pass "21 events exported"; else fail "exported $n events, expected 21"; fi
if head -1 log.jsonl | grep -q '^{"position":1,"event_id":"[^"]*","stream":"product-1","version":1,"type":"ProductCreated","schema_version":1,"recorded_at":"'; then
	pass "export lines are JSON events"
else
	fail "unexpected first line: $(head -1 log.jsonl)"
fi
expect_rejected 6 on "$A" sam events export

# ---- import into an empty store: everything comes back identical --------------
DB=$B
expect_status 0 on "$B" alice init
expect_stdout "" on "$B" alice events import log.jsonl
on "$B" alice events export >b.jsonl
same_file log.jsonl b.jsonl "the log after import"
for fmt in json csv table; do
	on "$A" alice --format $fmt order list >a.list
	on "$B" alice --format $fmt order list >b.list
	same_file a.list b.list "order list ($fmt)"
	on "$A" alice --format $fmt product list --all >a.products
	on "$B" alice --format $fmt product list --all >b.products
	same_file a.products b.products "product list --all ($fmt)"
done
for id in 1 2 3 4; do
	for cmd in "order show $id" "order timeline $id" "order show $id --at 1"; do
		# shellcheck disable=SC2086
		on "$A" alice --format json $cmd >a.out
		# shellcheck disable=SC2086
		on "$B" alice --format json $cmd >b.out
		same_file a.out b.out "$cmd"
	done
done

# ---- across backends: the log made here, imported into the other one ---------
# (SQLite -> PostgreSQL on the SQLite run, PostgreSQL -> SQLite on the other;
# only where a PostgreSQL server is given)
if [ -n "${BACKOFFICE_TEST_PG:-}" ]; then
	if [ "$E2E_BACKEND" = sqlite ]; then
		X=$(E2E_BACKEND=postgresql; store_url other)
	else
		X=$(E2E_BACKEND=sqlite; store_url other)
	fi
	expect_status 0 on "$X" alice init
	expect_stdout "" on "$X" alice events import log.jsonl
	on "$X" alice events export >x.jsonl
	same_file log.jsonl x.jsonl "the log imported on the other backend"
	for fmt in json csv table; do
		on "$A" alice --format $fmt order list >a.list
		on "$X" alice --format $fmt order list >x.list
		same_file a.list x.list "order list ($fmt) on the other backend"
		on "$A" alice --format $fmt product list --all >a.products
		on "$X" alice --format $fmt product list --all >x.products
		same_file a.products x.products "product list --all ($fmt) on the other backend"
	done
	for id in 1 2 3 4; do
		for fmt in json table; do
			for cmd in "order show $id" "order timeline $id"; do
				# shellcheck disable=SC2086
				on "$A" alice --format $fmt $cmd >a.out
				# shellcheck disable=SC2086
				on "$X" alice --format $fmt $cmd >x.out
				same_file a.out x.out "$cmd ($fmt) on the other backend"
			done
		done
	done
	for cmd in "report summary --from 2000-01-01 --to 2099-12-31" "alerts list"; do
		# shellcheck disable=SC2086
		on "$A" alice $cmd >a.out 2>&1
		# shellcheck disable=SC2086
		on "$X" alice $cmd >x.out 2>&1
		same_file a.out x.out "$cmd on the other backend"
	done
fi

expect_status 0 on "$B" alice --format json order show 2
expect_stdout_contains '"name":	"Red cap"'
expect_stdout_contains '"unit_price":	"8.99"'
expect_status 0 on "$B" alice order timeline 2
expect_stdout_contains "26.97"
expect_status 4 on "$B" alice product show CAP
expect_status 0 on "$B" alice --format json product show MUG
expect_stdout_contains '"price":	"15.00"'
expect_stdout_contains '"name":	"Blue mug XL"'
# new writes carry on after the imported ids
expect_stdout 5 on "$B" alice order place --customer eve@example.com --line TEE:1
expect_status 0 on "$B" alice --format json product add --sku HAT --name Hat --price 3
expect_stdout_contains '"id":	4'

# importing the same log again does not follow on: conflict, nothing written
expect_rejected 5 on "$B" alice events import log.jsonl
expect_stderr_contains "does not follow on"

# ---- refused imports write nothing --------------------------------------------
C=$(store_url c)
DB=$C
expect_status 0 on "$C" alice init
expect_status 0 on "$C" alice user add sam --role support
sed '7s/"type":"/"type":/' log.jsonl >broken.jsonl
expect_rejected 3 on "$C" alice events import broken.jsonl
expect_stderr_contains "line 7: "
{ head -3 log.jsonl; echo '{"position":4}'; tail -n +5 log.jsonl; } >missing.jsonl
expect_rejected 3 on "$C" alice events import missing.jsonl
expect_stderr_contains "line 4: "
expect_rejected 4 on "$C" alice events import nothing-here.jsonl
expect_stderr_contains "nothing-here.jsonl"
expect_rejected 6 on "$C" sam events import log.jsonl
expect_rejected 2 on "$C" alice events import
expect_stderr_contains "events import needs FILE"
# the second half alone does not follow on from an empty store
tail -n +10 log.jsonl >half.jsonl
expect_rejected 5 on "$C" alice events import half.jsonl

# ---- standard input, blank lines ---------------------------------------------
{ head -10 log.jsonl; echo; tail -n +11 log.jsonl; echo; } >gappy.jsonl
expect_stdout "" sh -c "$BACKOFFICE_BIN --db '$C' --user alice events import - <gappy.jsonl"
on "$C" alice events export >c.jsonl
same_file log.jsonl c.jsonl "the log imported from standard input"

finish
