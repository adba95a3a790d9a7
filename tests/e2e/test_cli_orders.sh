# Orders through the command line: the life of an order, listings, and every refusal.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice user add mia --role manager
expect_status 0 as alice product add --sku MUG --name Mug --price 12.50 --tax-rate 20
expect_status 0 as alice product add --sku TEE --name Tee --price 20 --tax-rate 7.5
expect_status 0 as alice product add --sku OLD --name Old --price 1
expect_status 0 as alice product retire OLD

# place: the id alone on stdout, in any format
expect_stdout "1" as alice order place --customer ann@example.com \
	--customer-name "Ann Lee" --line MUG:2 --line TEE:1
expect_stdout "2" as alice --format json order place --customer bo@example.com --line TEE:3
expect_stdout "3" as alice --format csv order place --customer=cy@example.com --line=MUG:1

# refusals of place write nothing
expect_rejected 3 as alice order place --customer not-an-email --line MUG:1
expect_stderr_contains "email"
expect_rejected 3 as alice order place --customer a@example.com --line MUG:0
expect_stderr_contains "quantity of --line 1 must be a whole number above 0"
expect_rejected 3 as alice order place --customer a@example.com --line MUG:1 --line TEE:x
expect_stderr_contains "--line 2"
expect_rejected 3 as alice order place --customer a@example.com --line MUG
expect_stderr_contains "--line 1 must be SKU:QUANTITY"
expect_rejected 3 as alice order place --customer a@example.com --line :3
expect_rejected 3 as alice order place --customer a@example.com --line MUG:-1
expect_rejected 3 as alice order place --customer a@example.com --line MUG:10001
expect_rejected 4 as alice order place --customer a@example.com --line NOPE:1
expect_stderr_contains "NOPE"
expect_rejected 3 as alice order place --customer a@example.com --line OLD:1
expect_stderr_contains "OLD"
expect_rejected 3 as alice order place --customer a@example.com --line MUG:1 --line MUG:2
expect_rejected 2 as alice order place --customer a@example.com
expect_stderr_contains "order place needs --line"
expect_rejected 2 as alice order place --line MUG:1
expect_stderr_contains "order place needs --customer"
expect_rejected 6 as sam order place --customer a@example.com --line MUG:1

# pay, fail-payment, ship, deliver
expect_rejected 3 as alice order pay 1 --amount 1.001
expect_rejected 3 as alice order pay 1 --amount -5
expect_rejected 3 as alice order pay 1 --amount 999
expect_rejected 3 as alice order pay x1 --amount 1
expect_stderr_contains "order id must be a whole number above 0"
expect_rejected 3 as alice order pay 0 --amount 1
expect_rejected 3 as alice order pay 99999999999999999999 --amount 1
expect_rejected 4 as alice order pay 42 --amount 1
expect_stderr_contains "order 42"
expect_rejected 2 as alice order pay 1
expect_stderr_contains "order pay needs --amount"
expect_rejected 6 as sam order pay 1 --amount 1
expect_stdout "" as alice order fail-payment 1 --reason "card declined"
expect_rejected 5 as alice order ship 1
expect_stderr_contains "order 1"
expect_stdout "" as alice order pay 1 --amount 20
expect_stdout "" as alice order pay 1 --amount 25.00
expect_rejected 5 as alice order pay 1 --amount 1
expect_rejected 5 as alice order fail-payment 1 --reason late
expect_rejected 5 as alice order deliver 1
expect_rejected 6 as sam order ship 1
expect_stdout "" as alice order ship 1 --carrier DHL --tracking "JD 0123"
expect_rejected 5 as alice order ship 1
expect_rejected 5 as alice order cancel 1 --reason "too late"
expect_stdout "" as alice order deliver 1
expect_rejected 5 as alice order deliver 1

# refunds, notes, cancel: support may, a manager may not
expect_rejected 3 as sam order refund 1 --amount 45.01 --reason "too much"
expect_stderr_contains "refundable"
expect_rejected 2 as sam order refund 1 --amount 5
expect_stdout "" as sam order refund 1 --amount 5 --reason "chipped mug"
expect_stdout "" as sam order refund 1 --amount 40 --reason "returned"
expect_rejected 3 as sam order refund 1 --amount 0.01 --reason "again"
expect_rejected 6 as mia order refund 1 --amount 1 --reason x
expect_stdout "" as sam order note 1 --text "customer called, all good"
expect_rejected 6 as mia order note 1 --text "hello"
expect_rejected 3 as sam order note 1 --text ""
expect_rejected 6 as mia order cancel 2 --reason "changed mind"
expect_stderr_contains "mia"
expect_rejected 3 as sam order cancel 2 --reason ""
expect_stdout "" as sam order cancel 2 --reason "changed mind"
expect_rejected 5 as sam order cancel 2 --reason "again"
expect_rejected 5 as alice order pay 2 --amount 1

# list: filters, formats
expect_status 0 as mia order list
expect_stdout_contains "ID  STATUS     PLACED"
expect_stdout_contains "CUSTOMER"
expect_stdout_contains "delivered"
expect_stdout_contains "45.00"
expect_stdout "2" sh -c "$BACKOFFICE_BIN --db '$DB' --user mia --format csv order list --status cancelled | tail -n +2 | cut -d, -f1"
expect_status 0 as mia --format csv order list
expect_stdout_contains "id,status,placed_at,customer_email,customer_name,items,total,tax,paid,refunded,currency"
expect_stdout_contains ',delivered,'
expect_stdout_contains ',ann@example.com,Ann Lee,3,45.00,5.57,45.00,45.00,EUR'
expect_status 0 as mia --format json order list --customer ANN
expect_stdout_contains '"id":1,"status":"delivered","placed_at":"'
expect_stdout_contains '"customer_email":"ann@example.com","customer_name":"Ann Lee","items":3,"total":"45.00","tax":"5.57","paid":"45.00","refunded":"45.00","currency":"EUR"}'
expect_stdout_lacks 'bo@example.com'
expect_stdout "[]" as mia --format json order list --status placed --customer ann
expect_status 0 as mia --format json order list --limit 2
n=$(grep -c '"id":' .last.out)
if [ "$n" -eq 2 ]; then pass "--limit 2 gives 2 orders"; else fail "--limit 2 gave $n orders"; fi
# by what was refunded: order 1 had all its 45.00 back
expect_stdout "1" sh -c "$BACKOFFICE_BIN --db '$DB' --user mia --format csv order list --refunded full | tail -n +2 | cut -d, -f1"
expect_stdout "1" sh -c "$BACKOFFICE_BIN --db '$DB' --user mia --format csv order list --refunded any | tail -n +2 | cut -d, -f1"
expect_stdout "" sh -c "$BACKOFFICE_BIN --db '$DB' --user mia --format csv order list --refunded part | tail -n +2 | cut -d, -f1"
expect_rejected 3 as mia order list --refunded some
expect_stderr_contains "--refunded must be any, full or part"
expect_rejected 3 as mia order list --status lost
expect_stderr_contains "--status must be"
expect_rejected 3 as mia order list --limit -1

# show: now, and as it was
expect_status 0 as mia order show 1
for text in "status            delivered" "customer_name     Ann Lee" \
	"refundable        0.00" "payment_failures  1" "notes             1" \
	"carrier           DHL" "tracking          JD 0123" "cancel_reason     -" \
	"SKU  NAME  UNIT PRICE  TAX %  QTY  TOTAL" \
	"MUG  Mug        12.50     20    2  25.00" \
	"TEE  Tee        20.00    7.5    1  20.00"; do
	expect_stdout_contains "$text"
done
expect_status 0 as mia --format json order show 1 --at 1
for key in '"id":	1' '"status":	"placed"' '"version":	1' '"paid":	"0.00"' \
	'"outstanding":	"45.00"' '"carrier":	null' '"paid_at":	null' \
	'"cancelled_at":	null' '"placed_at":	"20' '"lines":	[{' \
	'"product_id":	1' '"unit_price":	"12.50"' '"tax_rate":	"20"' \
	'"quantity":	2' '"line_total":	"25.00"'; do
	expect_stdout_contains "$key"
done
expect_status 0 as mia --format json order show 2
expect_stdout_contains '"cancel_reason":	"changed mind"'
expect_stdout_contains '"status":	"cancelled"'
expect_status 0 as mia --format csv order show 1
expect_stdout_contains ',line_product_id,line_sku,line_name,line_unit_price,line_tax_rate,line_quantity,line_total'
n=$(wc -l <.last.out)
if [ "$n" -eq 3 ]; then pass "csv show: a header and one row per line"; else fail "csv show has $n lines"; fi
expect_rejected 4 as mia order show 1 --at 99
expect_rejected 3 as mia order show 1 --at 0
expect_stderr_contains "--at must be a whole number above 0"
expect_rejected 4 as mia order show 77

# timeline
expect_status 0 as mia order timeline 1
expect_stdout_contains "#  TIME"
expect_stdout_contains "ACTOR"
expect_stdout_contains "alice (admin)  OrderPlaced"
expect_stdout_contains "sam (support)  RefundIssued"
expect_stdout_contains "PaymentFailed"
expect_stdout_contains "card declined"
n=$(grep -c '(admin)\|(support)' .last.out)
if [ "$n" -eq 9 ]; then pass "9 events on the timeline"; else fail "timeline has $n events"; fi
expect_status 0 as mia --format json order timeline 1
expect_stdout_contains '{"version":1,"position":'
expect_stdout_contains ',"user":"alice","role":"admin","type":"OrderPlaced","summary":"'
expect_stdout_contains '"event_id":"'
expect_status 0 as mia --format csv order timeline 1
expect_stdout_contains "version,position,recorded_at,user,role,type,summary,event_id"
expect_rejected 4 as mia order timeline 9
expect_rejected 3 as mia order timeline one

# cancel --refund: the money goes back in the same step, all or nothing
expect_stdout "4" as alice order place --customer dee@example.com --line MUG:2
expect_stdout "" as alice order pay 4 --amount 25
expect_rejected 6 as mia order cancel 4 --reason "lost parcel" --refund
expect_rejected 3 as sam order cancel 4 --reason "" --refund
expect_rejected 4 as sam order cancel 99 --reason "lost parcel" --refund
expect_stdout "refunded 25.00 EUR" as sam order cancel 4 --reason "lost parcel" --refund
expect_status 0 as mia order timeline 4
expect_stdout_contains "sam (support)  RefundIssued"
expect_stdout_contains "sam (support)  OrderCancelled"
expect_status 0 as mia --format json order show 4
expect_stdout_contains '"refunded":	"25.00"'
expect_stdout_contains '"status":	"cancelled"'
# cancelled already: refused, nothing refunded even though it could be
expect_rejected 5 as sam order cancel 4 --reason "again" --refund
expect_stderr_contains "order 4 is cancelled"
# --refund takes no value
expect_rejected 2 as sam order cancel 4 --reason x --refund=yes
# shipped: the cancel refuses, so no refund either
expect_stdout "5" as alice order place --customer eve@example.com --line TEE:1
expect_stdout "" as alice order pay 5 --amount 20
expect_stdout "" as alice order ship 5 --carrier DHL --tracking T5
expect_rejected 5 as sam order cancel 5 --reason "late" --refund
expect_stderr_contains "order 5 is already shipped and cannot be cancelled"
# partly paid and partly refunded: only the rest goes back
expect_stdout "6" as alice order place --customer fay@example.com --line MUG:2
expect_stdout "" as alice order pay 6 --amount 10
expect_stdout "" as sam order refund 6 --amount 4 --reason "dent"
expect_stdout "refunded 6.00 EUR" as sam order cancel 6 --reason "changed mind" --refund
# without --refund: cancelled as before, with a warning on what stays paid
expect_stdout "7" as alice order place --customer gus@example.com --line MUG:1
expect_stdout "" as alice order pay 7 --amount 12.50
expect_stdout "" as sam order cancel 7 --reason "changed mind"
expect_stderr_contains "warning: order 7 is cancelled with 12.50 EUR still paid; refund it with: order refund 7 --amount 12.50 --reason TEXT"
expect_stdout "" as sam order refund 7 --amount 12.50 --reason "changed mind"
# nothing paid: --refund just cancels, and no warning either way
expect_stdout "8" as alice order place --customer hal@example.com --line MUG:1
expect_stdout "" as sam order cancel 8 --reason "changed mind" --refund
n=$(wc -c <"$E2E_ERR")
if [ "$n" -eq 0 ]; then pass "nothing paid: no warning"; else fail "nothing paid, yet stderr: $(cat "$E2E_ERR")"; fi
expect_stdout "9" as alice order place --customer ivy@example.com --line MUG:1
expect_stdout "" as sam order cancel 9 --reason "changed mind"
n=$(wc -c <"$E2E_ERR")
if [ "$n" -eq 0 ]; then pass "nothing paid, no --refund: no warning"; else fail "stderr: $(cat "$E2E_ERR")"; fi
# sent again with its command id: answered as the first time, nothing more
expect_stdout "10" as alice order place --customer joy@example.com --line MUG:1
expect_stdout "" as alice order pay 10 --amount 12.50
expect_stdout "refunded 12.50 EUR" as sam order cancel 10 --reason "lost" --refund --command-id cx-10
expect_stdout "refunded 12.50 EUR" as sam order cancel 10 --reason "lost" --refund --command-id cx-10
expect_rejected 5 as sam order cancel 10 --reason "lost" --command-id cx-10
expect_stderr_contains "cx-10"
expect_status 0 as mia order timeline 10
n=$(grep -c '(admin)\|(support)' .last.out)
if [ "$n" -eq 4 ]; then pass "order 10: one refund, one cancel"; else fail "order 10 has $n events"; fi

finish
