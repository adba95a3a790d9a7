# Reactors through the command line: paid orders take stock, low stock raises one alert.
. "$E2E_LIB"

ADMIN=alice
A=$(store_url a)
B=$(store_url b)
DB=$A
on() { db=$1; user=$2; shift 2; bo --db "$db" --user "$user" "$@"; }

expect_status 0 on "$A" alice init
expect_status 0 on "$A" alice user add max --role manager
expect_status 0 on "$A" alice product add --sku MUG --name "Blue mug" --price 10 --stock 8
expect_status 0 on "$A" alice product add --sku TEE --name Tee --price 20
expect_status 0 on "$A" alice product add --sku CAP --name Cap --price 5 --stock 3

# nothing yet
expect_stdout '[]' on "$A" alice --format json alerts list
expect_stdout 'TIME  SKU  NAME  STOCK  THRESHOLD  ORDER  ID  STATUS  ACKED BY' on "$A" max alerts list

# a partial payment takes no stock; the payment that completes the order does
expect_stdout 1 on "$A" alice order place --customer ann@example.com --line MUG:3 --line TEE:1
expect_status 0 on "$A" alice order pay 1 --amount 30
expect_status 0 on "$A" alice --format json product show MUG
expect_stdout_contains '"stock":	8'
expect_stdout '[]' on "$A" alice --format json alerts list
expect_status 0 on "$A" alice order pay 1 --amount 20
expect_status 0 on "$A" alice --format json product show MUG
expect_stdout_contains '"stock":	5'
# untracked stock stays untracked
expect_status 0 on "$A" alice --format json product show TEE
expect_stdout_contains '"stock":	null'

# 8 - 3 = 5: at the default threshold, one alert naming the order
expect_status 0 on "$A" max --format csv alerts list
expect_stdout_contains 'time,sku,name,stock,threshold,order_id,product_id,event_id'
expect_stdout_contains ',MUG,Blue mug,5,5,1,1,'
[ "$(wc -l <"$E2E_OUT")" -eq 2 ] && pass "one alert" || { fail "one alert"; show_last; }
expect_status 0 on "$A" alice alerts list
expect_stdout_contains 'MUG  Blue mug      5          5      1'

# the stock change is on the log: ProductUpdated by the system, caused by
# the payment that completed the order
expect_status 0 on "$A" alice events export
cp "$E2E_OUT" log.jsonl
pay_id=$(grep '"type":"PaymentReceived"' log.jsonl | tail -1 |
	sed 's/.*"event_id":"\([^"]*\)".*/\1/')
upd=$(grep '"type":"ProductUpdated"' log.jsonl | tail -1)
case $upd in
*'"user":"system","role":"admin"'*"\"causation_id\":\"$pay_id\""*'"stock":5'*)
	pass "ProductUpdated by system caused by $pay_id" ;;
*) fail "ProductUpdated by system caused by the payment: $upd" ;;
esac

# a product deleted before the payment is skipped
expect_stdout 2 on "$A" alice order place --customer bo@example.com --line CAP:1
expect_status 0 on "$A" alice product delete CAP
expect_status 0 on "$A" alice order pay 2 --amount 5
expect_stdout_lacks 'warning'
expect_status 0 on "$A" alice --format csv alerts list
[ "$(wc -l <"$E2E_OUT")" -eq 2 ] && pass "still one alert" || { fail "still one alert"; show_last; }

# a rebuild replays projections, never reactors
expect_status 0 on "$A" alice events export
cp "$E2E_OUT" before.jsonl
expect_status 0 on "$A" alice projections rebuild
expect_status 0 on "$A" alice events export
cp "$E2E_OUT" after.jsonl
same_file before.jsonl after.jsonl "log after a rebuild"
expect_status 0 on "$A" alice --format csv alerts list
[ "$(wc -l <"$E2E_OUT")" -eq 2 ] && pass "one alert after rebuild" || { fail "one alert after rebuild"; show_last; }

# a reactor that fails does not fail the command; it retries after the next
store_sql a "INSERT INTO settings (key, value) VALUES ('low_stock_threshold', 'lots')"
expect_stdout 3 on "$A" alice order place --customer cy@example.com --line MUG:1
expect_status 0 on "$A" alice order pay 3 --amount 10
expect_stderr_contains 'warning: a reactor failed and will retry'
expect_stderr_contains 'low_stock_threshold must be a whole number'
expect_status 0 on "$A" alice --format json product show MUG
expect_stdout_contains '"stock":	5'
store_sql a "UPDATE settings SET value = '4' WHERE key = 'low_stock_threshold'"
expect_status 0 on "$A" alice order note 3 --text "retry please"
expect_status 0 on "$A" alice --format json product show MUG
expect_stdout_contains '"stock":	4'
expect_status 0 on "$A" alice --format csv alerts list
expect_stdout_contains ',MUG,Blue mug,4,4,3,1,'

# an imported history is not reacted to again
expect_status 0 on "$A" alice events export
cp "$E2E_OUT" a.jsonl
expect_status 0 on "$B" alice init
expect_status 0 on "$B" alice events import a.jsonl
expect_stdout '[]' on "$B" alice --format json alerts list
expect_status 0 on "$B" alice --format json product show MUG
expect_stdout_contains '"stock":	4'
expect_status 0 on "$B" alice events export
cp "$E2E_OUT" b.jsonl
same_file a.jsonl b.jsonl "log after import (no reactor ran)"
# and what happens next is
expect_stdout 4 on "$B" alice order place --customer dee@example.com --line MUG:2
expect_status 0 on "$B" alice order pay 4 --amount 20
expect_status 0 on "$B" alice --format csv alerts list
expect_stdout_contains ',MUG,Blue mug,2,5,4,1,'

finish
