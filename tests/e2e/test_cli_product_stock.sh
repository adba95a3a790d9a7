# product stock on the command line: adjustments with a reason, every refusal, the ledger in the history, the log's round trip.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice user add max --role manager
expect_status 0 as alice product add --sku MUG-1 --name Mug --price 12.50 --stock 40
expect_status 0 as alice product add --sku PEN-1 --name Pen --price 2

# ---- adjustments: add, take away, set; printed as the other product commands ----
expect_status 0 as alice product stock MUG-1 --add 12 --reason received --note "pallet 7"
expect_stdout_contains "stock        52"
expect_stdout_contains "row_version  2"
expect_status 0 as alice --format json product stock MUG-1 --add -2 --reason damaged
expect_stdout_contains '"stock":	50'
expect_status 0 as alice --format csv product stock MUG-1 --set 45 --reason counted
expect_stdout_contains "sku,name,description,price,currency,tax_rate,stock,"
expect_stdout_contains "MUG-1,Mug,,12.50,EUR,0,45,active"
# down to 0 exactly is allowed
expect_status 0 as alice product stock MUG-1 --add -45 --reason returned
expect_stdout_contains "stock        0"
expect_status 0 as alice product stock MUG-1 --set 30 --reason correction
# an untracked stock gets one by --set only
expect_status 0 as alice product stock PEN-1 --set 8 --reason counted
expect_stdout_contains "stock        8"

# ---- refusals: one line naming what is wrong, the status, nothing written -------
# 2: usage
expect_rejected 2 as alice product stock MUG-1 --reason received
expect_stderr_contains "exactly one of --add and --set"
expect_rejected 2 as alice product stock MUG-1 --add 1 --set 3 --reason received
expect_stderr_contains "exactly one of --add and --set"
expect_rejected 2 as alice product stock MUG-1 --add 1
expect_stderr_contains "--reason"
expect_rejected 2 as alice product stock --add 1 --reason received
expect_rejected 2 as alice product stock MUG-1 --add 1 --reason received --colour red
# 3: invalid input, naming the field
expect_rejected 3 as alice product stock MUG-1 --add 0 --reason received
expect_stderr_contains "add must be a whole number other than 0"
expect_rejected 3 as alice product stock MUG-1 --add 1.5 --reason received
expect_stderr_contains "add must be"
expect_rejected 3 as alice product stock MUG-1 --add lots --reason received
expect_stderr_contains "add must be"
expect_rejected 3 as alice product stock MUG-1 --set -1 --reason counted
expect_stderr_contains "set must be a whole number from 0"
expect_rejected 3 as alice product stock MUG-1 --set 1e3 --reason counted
expect_stderr_contains "set must be"
expect_rejected 3 as alice product stock MUG-1 --add 1 --reason stolen
expect_stderr_contains "reason must be one of received, counted, damaged, returned or correction"
expect_rejected 3 as alice product stock MUG-1 --add 1 --reason ""
expect_stderr_contains "reason is required"
expect_rejected 3 as alice product stock MUG-1 --add 1 --reason received \
	--note "$(printf 'a%.0s' $(seq 1 501))"
expect_stderr_contains "note must be at most 500 characters"
expect_rejected 3 as alice product stock MUG-1 --add 1 --reason received \
	--note "$(printf 'two\nlines')"
expect_stderr_contains "note must not contain control characters"
# 4: no such product
expect_rejected 4 as alice product stock NOPE --add 1 --reason received
expect_stderr_contains "product NOPE does not exist"
# 5: the stock would go below 0, is not tracked, is that already
expect_rejected 5 as alice product stock MUG-1 --add -31 --reason damaged
expect_stderr_contains "stock of MUG-1 would go below 0 (it is 30, the change is -31)"
expect_status 0 as alice product edit PEN-1 --stock none
expect_rejected 5 as alice product stock PEN-1 --add 3 --reason received
expect_stderr_contains "stock of PEN-1 is not tracked"
expect_rejected 5 as alice product stock MUG-1 --set 30 --reason counted
expect_stderr_contains "stock of MUG-1 is already 30"
# 6: admins only
expect_rejected 6 as sam product stock MUG-1 --add 1 --reason received
expect_stderr_contains "may not change products"
expect_rejected 6 as max product stock MUG-1 --add 1 --reason received

# ---- --command-id: the same again answers as before, other arguments exit 5 -----
expect_status 0 as alice product stock MUG-1 --add 5 --reason returned --command-id ret-1
expect_stdout_contains "stock        35"
snapshot .before
expect_status 0 as alice product stock MUG-1 --add 5 --reason returned --command-id ret-1
expect_stdout_contains "stock        35"
snapshot .after
same_file .before.events .after.events "event log after the same command id"
expect_rejected 5 as alice product stock MUG-1 --add 6 --reason returned --command-id ret-1

# ---- the event: the snapshot, delta, new stock, reason, note ----------------------
expect_status 0 as alice events export
expect_stdout_contains '"type":"ProductStockAdjusted","schema_version":1'
expect_stdout_contains '"stock":52,"retired":false,"row_version":2'
expect_stdout_contains '"delta":12,"new_stock":52,"reason":"received","note":"pallet 7"}}'
expect_stdout_contains '"delta":-2,"new_stock":50,"reason":"damaged"}}'
expect_stdout_contains '"delta":8,"new_stock":8,"reason":"counted"}}'

# ---- the history: the stock ledger -----------------------------------------------
expect_status 0 as alice product history MUG-1 --field stock
expect_stdout_contains "FIELD  OLD  NEW  REASON"
expect_stdout_contains "stock  -    40   -"
expect_stdout_contains "stock  40   52   received: pallet 7"
expect_stdout_contains "stock  52   50   damaged"
expect_stdout_contains "stock  50   45   counted"
expect_stdout_contains "stock  0    30   correction"
expect_status 0 as alice --format csv product history MUG-1 --field stock
expect_stdout_contains "event,version,when,who,role,field,old,new,type,product_id,reason,note,bulk"
expect_stdout_contains ",alice,admin,stock,,40,ProductCreated,1,,"
expect_stdout_contains ",alice,admin,stock,40,52,ProductStockAdjusted,1,received,pallet 7"
expect_stdout_contains ",alice,admin,stock,52,50,ProductStockAdjusted,1,damaged,"
expect_status 0 as alice --format json product history MUG-1 --field stock
expect_stdout_contains '"old":"40","new":"52","type":"ProductStockAdjusted","product_id":1,"reason":"received","note":"pallet 7","bulk":null}'
expect_stdout_contains '"new":"40","type":"ProductCreated","product_id":1,"reason":null,"note":null,"bulk":null}'
# support and managers read it
expect_status 0 as max product history MUG-1 --field stock
expect_stdout_contains "damaged"

# ---- low stock: an adjustment at or below the threshold alerts, one above not ------
expect_status 0 as alice --format csv alerts list
alerts_before=$(tail -n +2 "$E2E_OUT" | wc -l | tr -d ' ')
expect_status 0 as alice product add --sku TEA-1 --name Tea --price 4 --stock 20 --low-stock 6
expect_status 0 as alice product stock TEA-1 --add -10 --reason damaged
expect_status 0 as alice --format csv alerts list
expect_stdout_lacks ",TEA-1,"
expect_status 0 as alice product stock TEA-1 --add -4 --reason damaged --note "leaking box"
expect_status 0 as alice --format csv alerts list
expect_stdout_contains ",TEA-1,Tea,6,6,,"
expect_status 0 as alice product stock TEA-1 --add 20 --reason received
expect_status 0 as alice --format csv alerts list
n=$(grep -c ",TEA-1," "$E2E_OUT")
[ "$n" -eq 1 ] && pass "one TEA-1 alert, the adjustment's" || { fail "TEA-1 alerts: $n"; show_last; }
expect_status 0 as alice alerts list --open
expect_stdout_contains "TEA-1"
# a refused adjustment raises nothing
expect_rejected 5 as alice product stock TEA-1 --add -27 --reason damaged
expect_status 0 as alice --format csv alerts list
n=$(tail -n +2 "$E2E_OUT" | wc -l | tr -d ' ')
[ "$n" -eq $((alerts_before + 1)) ] && pass "no alert from a refusal" || { fail "alerts: $n"; show_last; }

# ---- the catalogue, projections and the log's round trip -------------------------
expect_status 0 as alice --format csv product list
expect_stdout_contains "MUG-1,Mug,,12.50,EUR,0,35,"
expect_stdout "every projector: the read model matches the log" as alice projections verify
expect_status 0 as alice projections rebuild
expect_stdout "every projector: the read model matches the log" as alice projections verify
# an order still sees the adjusted stock
expect_stdout 1 as alice order place --customer ann@example.com --line MUG-1:2
expect_status 0 as alice order pay 1 --amount 25
expect_status 0 as alice product show MUG-1
expect_stdout_contains "stock        33"
as alice events export >log.jsonl
DB2=$(store_url copy)
expect_status 0 bo --db "$DB2" --user alice init
expect_stdout "" bo --db "$DB2" --user alice events import log.jsonl
bo --db "$DB2" --user alice events export >log2.jsonl
same_file log.jsonl log2.jsonl "the log after import"
as alice --format json product list --all >a.products
bo --db "$DB2" --user alice --format json product list --all >b.products
same_file a.products b.products "products after import"
expect_stdout "every projector: the read model matches the log" bo --db "$DB2" --user alice projections verify
# an adjustment that does not add up is refused on import, nothing written
bad=$(store_url bad)
expect_status 0 bo --db "$bad" --user alice init
sed 's/"delta":12,"new_stock":52/"delta":11,"new_stock":52/' log.jsonl >bad.jsonl
expect_status 3 bo --db "$bad" --user alice events import bad.jsonl
expect_stderr_contains "ProductStockAdjusted does not add up"
expect_stdout "" bo --db "$bad" --user alice events export

finish
