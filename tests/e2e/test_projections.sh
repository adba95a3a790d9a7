# The projection engine through the command line: status, run (--follow),
# rebuild and verify; a read model tampered with the sqlite3 shell; a changed
# projector version rebuilt on open; the progress bar only on a terminal.
. "$E2E_LIB"

ADMIN=alice
DB=$(store_url shop)
on() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

# ---- a shop with some history ------------------------------------------------
expect_status 0 on alice init
expect_status 0 on alice user add sam --role support
expect_status 0 on alice user add max --role manager
expect_status 0 on alice product add --sku MUG --name "Blue mug" --price 12.50 --tax-rate 20
expect_status 0 on alice product add --sku TEE --name "Tee 'classic'" --price 20 --tax-rate 7.5
expect_stdout 1 on alice order place --customer ann@example.com --customer-name Ann --line MUG:2 --line TEE:1
expect_stdout 2 on alice order place --customer bo@example.com --line TEE:3
expect_stdout 3 on alice order place --customer cy@example.com --line MUG:1
expect_status 0 on alice order pay 1 --amount 45
expect_status 0 on alice order ship 1 --carrier DHL --tracking T1
expect_status 0 on sam order refund 1 --amount 5 --reason "chipped"
expect_status 0 on alice order pay 2 --amount 60
expect_status 0 on alice order fail-payment 3 --reason "card declined"
expect_status 0 on sam order cancel 3 --reason "no payment"
expect_status 0 on alice product delete TEE

# What the read models say, as a user sees them.
views() {
	on alice order list --format json >"$1.list" 2>&1
	for id in 1 2 3; do
		on alice order timeline "$id" --format json
	done >"$1.timelines" 2>&1
}

# ---- status: every role may look ------------------------------------------------
expect_status 0 on max projections status
expect_stdout_contains "PROJECTOR"
expect_stdout_contains "orders"
expect_stdout_contains "reports"
expect_stdout_contains "inline"
expect_status 0 on max projections status --format json
expect_stdout_contains '"name":"orders","version":3,"stored_version":3'
expect_stdout_contains '"lag":0,"mode":"inline"'
expect_status 0 on max projections status --format csv
expect_stdout_contains "name,version,stored_version,checkpoint,head,lag,mode"

# ---- only admins run, rebuild and verify ------------------------------------------
for cmd in run rebuild verify; do
	expect_status 6 on sam projections $cmd
	expect_stderr_one_line
	expect_stderr_contains "may not run, rebuild or verify projections"
	expect_status 6 on max projections $cmd orders
done
expect_status 4 on alice projections rebuild nope
expect_stderr_contains "there is no projector called nope"
expect_status 4 on alice projections verify nope
expect_status 4 on alice projections run nope
expect_status 2 on alice projections run orders reports
expect_status 2 on alice projections rebuild --follow

# ---- run catches the reports up; nothing left to do after --------------------------
expect_status 0 on alice projections run
expect_stdout_contains "orders: at 12 of 12"
expect_stdout_contains "reports: at 12 of 12"
expect_status 0 on alice projections run reports
expect_stdout "reports: at 12 of 12" on alice projections run reports

# ---- rebuild: the read models come back byte for byte ---------------------------------
views before
expect_status 0 on alice projections rebuild
expect_stdout_contains "orders: at 12 of 12"
expect_stderr_contains "rebuilt every projector from 12 events"
# quiet in a pipe: no bar, no carriage return
if grep -q "$(printf '\r')" "$E2E_ERR" || grep -qF '[#' "$E2E_ERR"; then
	fail "a progress bar was drawn into a pipe"
else
	pass "no progress bar in a pipe"
fi
views after
same_file before.list after.list "order list after rebuild"
same_file before.timelines after.timelines "timelines after rebuild"
expect_status 0 on alice projections rebuild orders
views after
same_file before.list after.list "order list after rebuilding orders"

# ---- verify -------------------------------------------------------------------------
expect_stdout "every projector: the read model matches the log" on alice projections verify
expect_stdout "orders: the read model matches the log" on alice projections verify orders

# Tamper with the live read model behind the application's back.
store_sql shop "UPDATE order_list SET total = 1 WHERE id = 2;
	DELETE FROM order_timeline WHERE order_id = 1 AND version = 2;"
expect_status 5 on alice projections verify
expect_stdout_contains "only in the live model  id=2 version=2 status='paid' currency='EUR' customer_email='bo@example.com' customer_name=NULL items=3 total=1 "
expect_stdout_contains "only in the rebuild     id=2 version=2 status='paid' currency='EUR' customer_email='bo@example.com' customer_name=NULL items=3 total=6000 "
expect_stdout_contains "order_timeline  only in the rebuild     order_id=1 version=2 "
expect_stdout_contains "summary='payment of 45.00 EUR received'"
expect_stderr_one_line
expect_stderr_contains "3 rows of the read models differ from a rebuild from the log"
expect_status 5 on alice projections verify orders --format json
expect_stdout_contains '"table":"order_list","side":"only in the live model"'
# the reports' tables are untouched
expect_status 0 on alice projections verify reports
# verify only looks: the damage is still there
expect_status 0 on alice order list --format json
expect_stdout_contains '"total":"0.01"'
# and a rebuild repairs it
expect_status 0 on alice projections rebuild orders
expect_status 0 on alice projections verify
# the product SKUs (what product history finds a SKU's products by) are
# compared too: a row taken away and one added by hand
store_sql shop "DELETE FROM product_skus WHERE sku = 'TEE';
	INSERT INTO product_skus (sku, product_id) VALUES ('CUP', 1);"
expect_status 5 on alice projections verify orders
expect_stdout_contains "product_skus"
expect_stdout_contains "only in the live model  sku='CUP' product_id=1"
expect_stdout_contains "only in the rebuild     sku='TEE' product_id=2"
expect_stderr_contains "2 rows of orders differ from a rebuild from the log"
# history reads them: the deleted TEE is not found until a rebuild
expect_status 4 on alice product history TEE
expect_status 0 on alice projections rebuild orders
expect_status 0 on alice projections verify
expect_status 0 on alice product history TEE
expect_stdout_contains "deleted"
# a value verify has no typed form for (a REAL put in by hand) is refused,
# naming the table, and nothing changes
# (PostgreSQL's typed columns take no such value)
if sqlite_only "a REAL put into an integer column by hand (PostgreSQL's columns are typed)"; then
	store_sql shop "UPDATE order_list SET total = 1.5 WHERE id = 2;"
	expect_status 7 on alice projections verify orders
	expect_stderr_one_line
	expect_stderr_contains "table order_list holds a real or blob value in column total"
	store_sql shop "UPDATE order_list SET total = 6000 WHERE id = 2;"
	expect_status 0 on alice projections verify orders
fi
views after
same_file before.list after.list "order list after repair"
same_file before.timelines after.timelines "timelines after repair"

# ---- a changed projector version is rebuilt when the store is opened for upkeep -------
# (a read shows the model as it is and says it is stale; a write command or
# a projections command rebuilds it at start-up)
store_sql shop "UPDATE projector_state SET version = 0 WHERE name = 'orders';
	UPDATE order_list SET status = 'delivered';"
run on max order list
expect_stderr_contains "projector orders needs a rebuild (its read model is shown as it is); run: backoffice projections rebuild"
expect_stdout_contains "delivered"
expect_status 0 on max projections status --format json
views after
same_file before.list after.list "order list after the automatic rebuild"
expect_status 0 on max projections status --format json
expect_stdout_contains '"name":"orders","version":3,"stored_version":3'

# ---- run --follow: picks up new events, stops cleanly on SIGTERM -----------------------
# started directly, not through a function, so that $! is the process; the
# file is emptied first, or the wait below may see an earlier run's line
: >follow.out
$BACKOFFICE_BIN --db "$DB" --user alice projections run --follow \
	>follow.out 2>follow.err &
pid=$!
# wait until it is following (a slow runner such as valgrind takes a while)
i=0
while [ $i -lt 1200 ] && ! grep -q "following" follow.out 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
expect_stdout 4 on alice order place --customer dee@example.com --line MUG:1
expect_status 0 on alice order pay 4 --amount 12.50
i=0
lag=1
while [ $i -lt 300 ]; do
	on alice projections status --format csv >status.csv 2>&1
	if grep -q '^reports,2,2,14,14,0,' status.csv; then
		lag=0
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ $lag -eq 0 ]; then
	pass "--follow caught the reports up with new events"
else
	fail "--follow did not catch up: $(cat status.csv)"
fi
kill -TERM $pid
wait $pid
status=$?
if [ $status -eq 0 ] && grep -q "^stopped$" follow.out; then
	pass "--follow stops on SIGTERM with status 0"
else
	fail "--follow ended with status $status: $(cat follow.out follow.err)"
fi

# SIGINT (Ctrl-C) as well; emptied first: the line above is still in the file
: >follow.out
$BACKOFFICE_BIN --db "$DB" --user alice projections run reports --follow \
	>follow.out 2>follow.err &
pid=$!
i=0
while [ $i -lt 1200 ] && ! grep -q "following" follow.out 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT $pid
wait $pid
status=$?
if [ $status -eq 0 ] && grep -q "^stopped$" follow.out; then
	pass "--follow stops on SIGINT with status 0"
else
	fail "--follow ended with status $status after SIGINT"
fi

# ---- the progress bar shows on a terminal ----------------------------------------------
if command -v script >/dev/null 2>&1; then
	script -qec "$BACKOFFICE_BIN --db $DB --user alice projections rebuild" \
		/dev/null >tty.out 2>&1
	if grep -qF 'rebuild orders, reports [####################] 100% 14/14 ev' tty.out; then
		pass "progress bar on a terminal"
	else
		fail "no progress bar on a terminal: $(cat -v tty.out)"
	fi
	# on a narrow terminal the bar is cut to its width, so wiping it
	# leaves nothing behind: verify's result shows once, alone
	script -qec "stty cols 40 rows 10; $BACKOFFICE_BIN --db $DB --user alice projections verify" \
		/dev/null >tty.out 2>&1
	tr '\r' '\n' <tty.out | sed 's/\x1b\[K//g' >tty.lines
	long=$(grep -F ' [' tty.lines | awk 'length($0) > 39')
	if [ -z "$long" ] && grep -qF 'verify orders, reports [###' tty.lines; then
		pass "the bar fits a 40-column terminal"
	else
		fail "the bar should fit 39 columns: $(cat -v tty.out)"
	fi
	if [ "$(grep -c 'the read model matches the log' tty.lines)" -eq 1 ]; then
		pass "verify's result shows once"
	else
		fail "verify's result should show once: $(cat -v tty.out)"
	fi
fi

finish
