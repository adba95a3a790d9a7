# Event schema evolution: a stored-v1 export imports with the right tax, upcast --dry-run counts, unknown events survive.
. "$E2E_LIB"

ADMIN=alice
A=$(store_url a)
C=$(store_url c)
DB=$A
FIXTURE="$(dirname "$E2E_LIB")/../fixtures/orderplaced_v1.jsonl"
on() { db=$1; user=$2; shift 2; bo --db "$db" --user "$user" "$@"; }

expect_status 0 on "$A" alice init
expect_status 0 on "$A" alice user add max --role manager
expect_status 0 on "$A" alice events import "$FIXTURE"

# v1 carried one order-level rate: every line gets it
expect_status 0 on "$A" alice --format json order show 1
expect_stdout_contains '"total":	"28.33"'
expect_stdout_contains '"tax":	"4.73"'
expect_stdout_contains '"status":	"paid"'
expect_status 0 on "$A" alice order show 1
expect_stdout_contains 'CARD  Gift card        3.33     20    1   3.33'
expect_status 0 on "$A" alice --format json order show 2
expect_stdout_contains '"total":	"32.10"'
expect_stdout_contains '"tax":	"2.10"'

# counted by stored (type, version); unknown and newer ones are kept
expect_status 0 on "$A" alice events upcast --dry-run
expect_stdout_contains 'GiftWrapped           1        -  unknown type                1       0'
expect_stdout_contains 'NoteAdded             7        1  newer than this build       1       0'
expect_stdout_contains 'OrderPlaced           1        2  upcast                      2       0'
expect_stdout_contains '6 events read, 0 cannot be read, 2 kept but not projected'
expect_status 0 on "$A" alice --format json events upcast --dry-run
expect_stdout_contains '"kept_unprojected":	2'
expect_stdout_contains '"failures":	[]'
expect_status 0 on "$A" alice --format csv events upcast --dry-run
expect_stdout_contains 'OrderPlaced,1,2,upcast,2,0'
# --dry-run is required; admins only
expect_status 2 on "$A" alice events upcast
expect_stderr_contains 'needs --dry-run'
expect_rejected 6 on "$A" max events upcast --dry-run

# a rebuild keeps them in the log and says so, rather than dropping them silently
expect_status 0 on "$A" alice projections rebuild
expect_stderr_contains 'rebuilt every projector from 6 events'
expect_stderr_contains '2 events of an unknown type or a newer schema version are kept in the log but not projected'
expect_status 0 on "$A" alice events upcast --dry-run
expect_stdout_contains '6 events read, 0 cannot be read, 2 kept but not projected'

# export writes unknown events back unchanged and OrderPlaced in the current shape
expect_status 0 on "$A" alice events export
cp "$E2E_OUT" a.jsonl
for n in 4 6; do
	line=$(sed -n "${n}p" "$FIXTURE")
	if grep -qxF -- "$line" a.jsonl; then pass "line $n exported unchanged"
	else fail "line $n should be exported unchanged"; fi
done
expect_stdout_contains '"type":"OrderPlaced","schema_version":2'
expect_stdout_contains '"unit_price":"333","tax_bp":2000,"quantity":1'

# round trip: import the export elsewhere, export again, the same log
expect_status 0 on "$C" alice init
expect_status 0 on "$C" alice events import a.jsonl
expect_status 0 on "$C" alice events export
cp "$E2E_OUT" c.jsonl
same_file a.jsonl c.jsonl "export -> import -> export"
expect_status 0 on "$C" alice --format json order show 1
expect_stdout_contains '"tax":	"4.73"'

# a stored event this build cannot read is listed, nothing changes, exit 3
plant_event a bad-1 order-1 4 PaymentReceived 1 '{"order_id":1,"amount":12}'
on "$A" alice events export --skip-unreadable >before.events 2>/dev/null
[ "$E2E_BACKEND" = sqlite ] && cp a.db before.db
expect_status 3 on "$A" alice events upcast --dry-run
expect_stdout_contains 'PaymentReceived       1        1  current                     2       1'
expect_stdout_contains "key 'amount' must be a string of digits"
expect_stdout_contains '7 events read, 1 cannot be read'
expect_stderr_contains '1 stored event cannot be read by this build'
expect_status 3 on "$A" alice --format json events upcast --dry-run
expect_stdout_contains '"position":	7'
on "$A" alice events export --skip-unreadable >after.events 2>/dev/null
same_file before.events after.events "the readable log after a dry run"
if sqlite_only "the store file byte for byte after a dry run"; then
	same_file a.db before.db "store after a dry run"
fi

finish
