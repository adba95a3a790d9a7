# Reports through the command line: figures checked by hand, formats, event
# queries between two times, and every refusal of a period or option.
. "$E2E_LIB"

ADMIN=ann
DB=$(store_url shop)
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
# CSV rows end in CR LF (RFC 4180); compare them as plain lines
csv() { user=$1; shift; bo --db "$DB" --user "$user" --format csv "$@" | tr -d '\r'; }
TODAY=$(date -u +%Y-%m-%d)
TOMORROW_0=$(date -u -d "$TODAY + 1 day" +%Y-%m-%dT00:00:00 2>/dev/null)

expect_status 0 as ann init
expect_status 0 as ann user add mia --role manager
expect_status 0 as ann product add --sku MUG --name Mug --price 12.50 --tax-rate 20
expect_status 0 as ann product add --sku TEE --name Tee --price 20 --tax-rate 7.5

# o1: MUG x2 + TEE x1 = 45.00, tax 4.17 + 1.40 = 5.57; paid 20.00 (tax 2.48 of
# it), a failure, 25.00 (tax 3.09); refund 10.00: MUG 5.56, TEE 4.44, tax 1.24
expect_status 0 as ann order place --customer a@example.com --line MUG:2 --line TEE:1
expect_status 0 as ann order pay 1 --amount 20
expect_status 0 as ann order fail-payment 1 --reason declined
expect_status 0 as ann order pay 1 --amount 25
expect_status 0 as ann order ship 1
expect_status 0 as ann order deliver 1
expect_status 0 as ann order refund 1 --amount 10 --reason damaged
# o2: TEE x3 = 60.00, cancelled unpaid; o3: MUG x1 = 12.50 (tax 2.08), paid
expect_status 0 as ann order place --customer b@example.com --line TEE:3
expect_status 0 as ann order cancel 2 --reason mistake
expect_status 0 as ann order place --customer c@example.com --line MUG:1
expect_status 0 as ann order pay 3 --amount 12.50

P="--from $TODAY --to $TODAY"
expect_stdout "from,to,orders_placed,orders_paid,placed_value,gross,tax,net,refunds,refund_tax,net_after_refunds,average_order_value,payments,payment_failures,payment_failure_rate,payment_failure_rate_bp,cancellations,currency
$TODAY,$TODAY,3,2,117.50,57.50,7.65,49.85,10.00,1.24,41.09,39.17,3,1,25,2500,1,EUR" \
	csv mia report summary $P
run as mia --format json report summary $P
expect_stdout_contains '"net_after_refunds":	"41.09"'
expect_stdout_contains '"payment_failure_rate":	"25"'
expect_stdout_contains '"payment_failure_rate_bp":	2500'
expect_stdout_contains '"currency":	"EUR"'
run as mia report summary
expect_stdout_contains "payment_failure_rate  25%"
expect_stdout_contains "to                    $TODAY"

# daily: one row per day, empty days at zero
run as mia --format csv report daily --to "$TODAY"
if [ "$(grep -c "^20" "$E2E_OUT")" -eq 30 ]; then pass "30 days by default"; else fail "daily should list 30 days"; show_last; fi
expect_stdout_contains "$TODAY,3,2,117.50,57.50,7.65,49.85,10.00,1.24,41.09,39.17,3,1,25,2500,1,EUR"
expect_stdout_contains ",0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0,0,0,EUR"

# products: counted when fully paid; refunds split over the lines
expect_stdout "[
{\"rank\":1,\"sku\":\"MUG\",\"name\":\"Mug\",\"units\":3,\"revenue\":\"37.50\",\"refunds\":\"5.56\",\"currency\":\"EUR\"},
{\"rank\":2,\"sku\":\"TEE\",\"name\":\"Tee\",\"units\":1,\"revenue\":\"20.00\",\"refunds\":\"4.44\",\"currency\":\"EUR\"}
]" as mia --format json report products $P
expect_stdout "rank,sku,name,units,revenue,refunds,currency
1,MUG,Mug,3,37.50,5.56,EUR" csv mia report products $P --limit 1
expect_stdout "rank,sku,name,units,revenue,refunds,currency
1,TEE,Tee,1,20.00,4.44,EUR" csv mia report products $P --sku TEE
# a SKU that sold nothing in the period is an empty table; one that is no
# product of the tenant and was never sold is "not found", naming it
expect_status 0 as ann product add --sku CAP --name Cap --price 9 --tax-rate 20
expect_stdout "rank,sku,name,units,revenue,refunds,currency" csv mia report products $P --sku CAP
expect_stdout "rank,sku,name,units,revenue,refunds,currency" \
	csv mia report products --from 2020-01-01 --to 2020-01-31 --sku TEE
expect_rejected 4 as mia report products $P --sku NOPE
expect_stderr_contains "there is no product NOPE, and none was ever sold"
if [ ! -s "$E2E_OUT" ]; then pass "no table for an unknown SKU"; else fail "an unknown SKU printed: $(cat "$E2E_OUT")"; fi
expect_rejected 4 as mia report products --from 2020-01-01T00:00 --to 2020-01-01T01:00 --sku NOPE
expect_stderr_contains "NOPE"
# a product deleted before it sold anything is gone: not found
expect_status 0 as ann product delete CAP
expect_rejected 4 as mia report products $P --sku CAP

expect_stdout "from,to,placed,paid,shipped,delivered,cancelled,total
$TODAY,$TODAY,0,1,0,1,1,3" csv mia report funnel $P
run as mia --format json report shipping $P
expect_stdout_contains '{"leg":"paid_to_shipped","orders":1,'
expect_stdout_contains '{"leg":"shipped_to_delivered","orders":1,'
run as mia report shipping $P
expect_stdout_contains "paid_to_shipped"
# durations in words, whole seconds (how many depends on the machine's pace)
if grep -Eq '^paid_to_shipped +1 +[0-9]+s +[0-9]+s +[0-9]+s$' "$E2E_OUT"; then
	pass "report shipping's table writes durations in words"
else
	fail "report shipping's table does not write durations in words"
	show_last
fi

# event queries: the same day given as two times is folded from the log and
# agrees with the projection
if [ -n "$TOMORROW_0" ]; then
	T="--from ${TODAY}T00:00:00 --to $TOMORROW_0"
	as mia --format csv report products $P --sku MUG >projected.csv
	as mia --format csv report products $T --sku MUG >folded.csv
	same_file projected.csv folded.csv "report products --sku between two times"
	as mia --format csv report summary $P | cut -d, -f3- >projected.csv
	as mia --format csv report summary $T | cut -d, -f3- >folded.csv
	same_file projected.csv folded.csv "report summary between two times"
	as mia --format csv report funnel $P | cut -d, -f3- >projected.csv
	as mia --format csv report funnel $T | cut -d, -f3- >folded.csv
	same_file projected.csv folded.csv "report funnel between two times"
	as mia --format csv report shipping $P >projected.csv
	as mia --format csv report shipping $T >folded.csv
	same_file projected.csv folded.csv "report shipping between two times"
fi
# a span before anything happened holds nothing
expect_stdout "rank,sku,name,units,revenue,refunds,currency" \
	csv mia report products --from 2020-01-01T00:00 --to 2020-01-01T01:00

# rebuilt from the log, the figures are the same
as mia --format csv report daily $P >before.csv
expect_status 0 as ann projections rebuild reports
as mia --format csv report daily $P >after.csv
same_file before.csv after.csv "report daily after rebuild"

# refusals: a bad date or time, a period that ends before it starts, a bad limit
expect_rejected 3 as mia report summary --from 2026-02-30
expect_stderr_contains "--from must be a date written YYYY-MM-DD"
expect_rejected 3 as mia report daily --to 26-01-01
expect_stderr_contains "--to"
expect_rejected 3 as mia report funnel --from 2026-03-02 --to 2026-03-01
expect_stderr_contains "--from 2026-03-02 is after --to 2026-03-01"
expect_rejected 3 as mia report products --from 2026-03-01T10:00 --to 2026-03-01T09:00
expect_stderr_contains "--from 2026-03-01T10:00 must be before --to 2026-03-01T09:00"
expect_rejected 3 as mia report shipping --from 2026-03-01T25:00
expect_stderr_contains "--from must be a time"
expect_rejected 3 as mia report daily --from 2026-03-01T10:00
expect_stderr_contains "--from must be a date written YYYY-MM-DD for this report"
expect_rejected 3 as mia report products --limit 0
expect_stderr_contains "--limit"
expect_rejected 3 as mia report products --limit x
expect_rejected 2 as mia report products --sku
expect_rejected 2 as mia report summary --limit 3
expect_rejected 2 as mia report nosuch

# a product sold and then deleted is still one the shop sold: an empty
# table for a period it sold nothing in
expect_status 0 as ann product delete TEE
expect_stdout "rank,sku,name,units,revenue,refunds,currency" \
	csv mia report products --from 2020-01-01 --to 2020-01-31 --sku TEE

run bo report --help
expect_stdout_contains "summary"
expect_stdout_contains "shipping"
run bo report products --help
expect_stdout_contains "--limit N"

finish
