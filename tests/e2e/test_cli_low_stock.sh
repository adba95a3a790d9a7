# Low-stock thresholds per product and per tenant, and acknowledging alerts.
. "$E2E_LIB"

ADMIN=alice
DB=$(store_url a)
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
# alert_lines: the CSV rows of alerts list (its header left out)
alert_lines() { tail -n +2 "$E2E_OUT" | wc -l | tr -d ' '; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice user add max --role manager
# MUG has a threshold of its own (8); CUP has none: the tenant's 5
expect_status 0 as alice product add --sku MUG --name Mug --price 10 --stock 10 --low-stock 8
expect_stdout_contains 'low_stock    8'
expect_status 0 as alice product add --sku CUP --name Cup --price 10 --stock 10
expect_status 0 as alice --format csv product list
expect_stdout_contains ',updated_at,low_stock'
expect_stdout_contains 'MUG,Mug,'
expect_stdout_contains 'Z,8'

# 10 - 2 = 8: at MUG's own 8, an alert; CUP at 8 is above the tenant's 5
expect_stdout 1 as alice order place --customer ann@example.com --line MUG:2
expect_status 0 as alice order pay 1 --amount 20
expect_stdout 2 as alice order place --customer bo@example.com --line CUP:2
expect_status 0 as alice order pay 2 --amount 20
expect_status 0 as max --format csv alerts list
expect_stdout_contains ',MUG,Mug,8,8,1,'
expect_stdout_lacks ',CUP,'
[ "$(alert_lines)" -eq 1 ] && pass "one alert, MUG's" || { fail "one alert, MUG's"; show_last; }

# the tenant's threshold: admin only, then CUP's next sale alerts at 8
expect_rejected 6 as max settings set --low-stock-threshold 8
expect_status 3 as alice settings set --low-stock-threshold lots
expect_stderr_one_line
expect_stderr_contains 'low-stock threshold'
expect_stdout 'low_stock_threshold  5' as max settings show
expect_stdout 'low_stock_threshold  8' as alice settings set --low-stock-threshold 8 --command-id set-8
# the same id again changes nothing; other arguments under it are refused
expect_stdout 'low_stock_threshold  8' as alice settings set --low-stock-threshold 8 --command-id set-8
expect_status 5 as alice settings set --low-stock-threshold 9 --command-id set-8
expect_stderr_contains 'command id set-8 was already used'
expect_stdout 'low_stock_threshold  8' as max settings show
expect_stdout 3 as alice order place --customer cy@example.com --line CUP:1
expect_status 0 as alice order pay 3 --amount 10
expect_status 0 as max --format csv alerts list
expect_stdout_contains ',CUP,Cup,7,8,3,'
[ "$(alert_lines)" -eq 2 ] && pass "two alerts" || { fail "two alerts"; show_last; }

# acknowledging: support may, a manager may not, twice is a conflict
expect_rejected 6 as max alerts ack 1
expect_stdout 'alert 1 acknowledged' as sam alerts ack 1 --command-id ack-1
# sent again with its id: the first answer, not "already acknowledged"
expect_stdout 'alert 1 acknowledged' as sam alerts ack 1 --command-id ack-1
expect_status 5 as sam alerts ack 2 --command-id ack-1
expect_stderr_contains 'command id ack-1 was already used'
expect_status 0 as max --format csv alerts list
cp "$E2E_OUT" acked.csv
expect_stdout_contains ',1,acked,sam,'
expect_stdout_contains ',2,open,,'
expect_status 5 as alice alerts ack 1
expect_stderr_one_line
expect_stderr_contains 'already acknowledged by sam'
expect_status 0 as max --format csv alerts list
same_file acked.csv "$E2E_OUT" "alerts after a second ack"
expect_status 4 as sam alerts ack 99
expect_stderr_one_line
expect_status 3 as sam alerts ack nope
expect_status 0 as max --format csv alerts list --open
expect_stdout_lacks ',MUG,'
expect_stdout_contains ',CUP,'

# a bad threshold names the field and changes nothing
expect_rejected 3 as alice product edit MUG --low-stock 12x
expect_stderr_contains 'low-stock threshold'
expect_rejected 3 as alice product add --sku PEN --name Pen --price 1 --low-stock 1000001
expect_stderr_contains 'low-stock threshold'
expect_rejected 6 as sam product edit MUG --low-stock 3
# default gives MUG the tenant's threshold back
expect_status 0 as alice --format json product edit MUG --low-stock default
expect_stdout_contains '"low_stock":	null'

finish
