# Business days in the tenant's time zone: one log, restored into a
# Europe/Berlin tenant and into a UTC tenant (the control), counted on each
# one's local days across both clock changes of 2026; tables show local
# times with the zone, CSV and JSON keep UTC.
. "$E2E_LIB"

DB=$(store_url shop)
as() { bo --db "$DB" --user alice "$@"; }
if [ "$E2E_BACKEND" = sqlite ]; then
	S=""
else
	S=$(printf '%s' "$PWD" | cksum | cut -c1-6)
fi
BER=ber$S
UTC=utc$S

# log TENANT: a product, then 8 orders, each paid half a second after it was
# placed, at 30 minutes either side of local midnight around 2026-03-29
# (Berlin: 23 hours, CET to CEST at 01:00 UTC) and 2026-10-25 (25 hours,
# CEST to CET at 01:00 UTC).
log() {
	ev() {
		printf '{"position":%s,"event_id":"00000000-0000-4000-8000-%012d","stream":"%s","version":%s,"type":"%s","schema_version":%s,"recorded_at":"%s","metadata":{"user":"alice","role":"admin","tenant":"%s","correlation_id":"00000000-0000-4000-9000-%012d","causation_id":"00000000-0000-4000-9000-%012d"},"payload":%s}\n' \
			"$1" "$1" "$2" "$3" "$4" "$5" "$6" "$tenant" "$1" "$1" "$7"
	}
	tenant=$1
	ev 1 product-1 1 ProductCreated 1 2026-03-01T10:00:00.000Z \
		'{"product":{"id":1,"sku":"A-1","name":"Apple","description":"","price":"1000","tax_bp":0,"stock":-1,"retired":false,"row_version":1,"created_at":"2026-03-01T10:00:00.000Z","updated_at":"2026-03-01T10:00:00.000Z"}}'
	pos=2
	id=1
	for at in 2026-03-28T22:30:00 2026-03-28T23:30:00 2026-03-29T21:30:00 \
		2026-03-29T22:30:00 2026-10-24T21:30:00 2026-10-24T22:30:00 \
		2026-10-25T22:30:00 2026-10-25T23:30:00; do
		ev $pos order-$id 1 OrderPlaced 2 "$at.000Z" \
			"{\"order_id\":$id,\"currency\":\"EUR\",\"customer_email\":\"c$id@example.com\",\"lines\":[{\"product_id\":1,\"sku\":\"A-1\",\"name\":\"Apple\",\"unit_price\":\"1000\",\"tax_bp\":0,\"quantity\":1}]}"
		pos=$((pos + 1))
		ev $pos order-$id 2 PaymentReceived 1 "$at.500Z" \
			"{\"order_id\":$id,\"amount\":\"1000\"}"
		pos=$((pos + 1))
		id=$((id + 1))
	done
}

# days TENANT FROM TO: "day,placed,gross" lines of report daily
days() {
	as --tenant "$1" --format csv report daily --from "$2" --to "$3" |
		tail -n +2 | cut -d, -f1,2,5
}

expect_status 0 as init
expect_status 0 as tenant create "$BER" --time-zone Europe/Berlin
expect_status 0 as tenant create "$UTC"
log "$BER" >ber.jsonl
log "$UTC" >utc.jsonl
expect_status 0 as --tenant "$BER" events import ber.jsonl
expect_status 0 as --tenant "$UTC" events import utc.jsonl

# ---- daily reports: local days --------------------------------------------

expect_stdout "2026-03-28,1,10.00
2026-03-29,2,20.00
2026-03-30,1,10.00" days "$BER" 2026-03-28 2026-03-30
expect_stdout "2026-10-24,1,10.00
2026-10-25,2,20.00
2026-10-26,1,10.00" days "$BER" 2026-10-24 2026-10-26
# the control: the same log on UTC days counts otherwise, so the checks
# above can fail
expect_stdout "2026-03-28,2,20.00
2026-03-29,2,20.00
2026-03-30,0,0.00" days "$UTC" 2026-03-28 2026-03-30
expect_stdout "2026-10-24,2,20.00
2026-10-25,2,20.00
2026-10-26,0,0.00" days "$UTC" 2026-10-24 2026-10-26

# one day's summary: the 23-hour and the 25-hour day hold two orders each
for d in 2026-03-29 2026-10-25; do
	expect_status 0 as --tenant "$BER" --format json report summary --from $d --to $d
	if tr -d ' \t\n' <"$E2E_OUT" | grep -q '"orders_placed":2,'; then
		pass "report summary of $d counts Berlin's local day"
	else
		fail "report summary of $d"
		show_last
	fi
done
# products and funnel take the same bounds
expect_status 0 as --tenant "$BER" --format csv report products --from 2026-03-30 --to 2026-03-30
expect_stdout_contains "A-1,Apple,1,"
expect_status 0 as --tenant "$BER" --format csv report funnel --from 2026-03-30 --to 2026-03-30
if tr -d '\r' <"$E2E_OUT" | grep -q '^2026-03-30,2026-03-30,0,1,0,0,0,1$'; then
	pass "report funnel of 2026-03-30 holds the one order placed that local day"
else
	fail "report funnel of 2026-03-30"
	show_last
fi
# an event query (exact times, folded from the log) agrees with the model:
# the Berlin day 2026-03-29 is 23:00 UTC on the 28th to 22:00 UTC on the 29th
expect_status 0 as --tenant "$BER" --format json report summary \
	--from 2026-03-28T23:00:00Z --to 2026-03-29T22:00:00Z
if tr -d ' \t\n' <"$E2E_OUT" | grep -q '"orders_placed":2,'; then
	pass "the event query over the 23 hours finds the same two orders"
else
	fail "event query over Berlin's 2026-03-29"
	show_last
fi

# ---- times shown: local with the zone in tables, UTC for scripts ----------

expect_status 0 as --tenant "$BER" order show 2
expect_stdout_contains "2026-03-29 00:30:00 CET"
expect_status 0 as --tenant "$BER" order show 3
expect_stdout_contains "2026-03-29 23:30:00 CEST"
expect_status 0 as --tenant "$BER" order show 7
expect_stdout_contains "2026-10-25 23:30:00 CET"
expect_status 0 as --tenant "$UTC" order show 2
expect_stdout_contains "2026-03-28 23:30:00 UTC"
expect_status 0 as --tenant "$BER" --format json order show 2
expect_stdout_contains '"2026-03-28T23:30:00.000Z"'
expect_stdout_lacks "CET"
expect_status 0 as --tenant "$BER" --format csv order list
expect_stdout_contains "2026-03-28T23:30:00.000Z"
expect_stdout_lacks "CET"

# ---- a store whose zone the system does not know ---------------------------

# the C library would count it as UTC without a word: refused instead
mkdir -p zones
export TZDIR="$PWD/zones"
expect_status 7 as --tenant "$BER" report daily
expect_stderr_contains "time zone Europe/Berlin"
expect_stderr_one_line
unset TZDIR
expect_status 0 as --tenant "$BER" report daily

finish
