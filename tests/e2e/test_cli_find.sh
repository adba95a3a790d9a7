# order find and customer show: each kind of key, the refusals, hostile data, every format.
. "$E2E_LIB"

DB=$(store_url shop)
as() { bo --db "$DB" --user alice "$@"; }

expect_status 0 as init
expect_status 0 as product add --sku MUG-RED --name Mug --price 12.50 --tax-rate 20
expect_status 0 as product add --sku TEE --name Tee --price 20 --tax-rate 7.5
expect_stdout 1 as order place --customer Ann.Lee@Example.com --customer-name "Ann Lee" \
	--line MUG-RED:2 --line TEE:1
expect_stdout 2 as order place --customer bo@example.com --customer-name Mallory --line TEE:1
expect_stdout 3 as order place --customer ann.lee@example.com --line TEE:2
expect_status 0 as order pay 1 --amount 45
expect_status 0 as order ship 1 --carrier DHL --tracking 00340434DE
expect_status 0 as order pay 3 --amount 40
expect_status 0 as order refund 3 --amount 5 --reason dented
expect_status 0 as order note 3 --text "called back"

# ---- each kind of key: a prefix, in any case, each order once, newest first ----
found() { # found TEXT IDS: order find TEXT lists exactly the orders IDS
	text=$1
	shift
	run as --format csv order find "$text"
	got=$(awk -F, 'NR > 1 { printf "%s%s", s, $1; s = " " }' .last.out)
	if [ "$E2E_STATUS" -eq 0 ] && [ "$got" = "$*" ]; then
		pass "order find '$text' gives $*"
	else
		fail "order find '$text' gave [$got] (status $E2E_STATUS), expected [$*]"
	fi
}
found ANN.LEE 3 1            # e-mail, both orders of it, newest first
found "ann lee" 1            # the whole name
found lee 1                  # a word of the name (the e-mail starts "ann")
found mug 1                  # SKU
found tee 3 2 1
found 0034 1                 # tracking number
found 2 2                    # an order number
expect_status 0 as order find mal
expect_stdout_contains "bo@example.com"
expect_status 0 as order find tee --limit 1
expect_stdout_contains " 3 "
expect_stdout_lacks "bo@example.com"

# ---- nothing found, bad input: one line naming what is wrong, nothing written ----
expect_rejected 4 as order find nobody
expect_stderr_contains "no order matches nobody"
expect_rejected 3 as order find ""
expect_stderr_contains "search text must not be empty"
expect_rejected 3 as order find "$(printf 'x\033[2J')"
expect_stderr_contains "search text must not hold control characters"
expect_rejected 3 as order find "$(printf '%0201d' 0)"
expect_stderr_contains "search text is longer than 200 bytes"
expect_rejected 3 as order find ann --limit 0
expect_stderr_contains "--limit"
expect_rejected 2 as order find
expect_stderr_contains "order find needs TEXT"
expect_rejected 2 as order find ann --status paid
expect_stderr_contains "unknown option --status"
expect_rejected 4 as customer show nobody@example.com
expect_stderr_contains "no order has the customer e-mail nobody@example.com"
expect_rejected 3 as customer show " "
expect_stderr_contains "customer e-mail must not be only white space"
expect_rejected 2 as customer show
expect_status 0 as order find --help
expect_stdout_contains "TEXT in digits only is an order number"

# ---- customer show: the summary, then the orders, in each format ----
expect_status 0 as customer show ANN.LEE@example.com
expect_stdout_contains "order_count    2"
expect_stdout_contains "paid           85.00"
expect_stdout_contains "refunded       5.00"
expect_stdout_contains "notes          1"
expect_stdout_contains "name           Ann Lee"
expect_status 0 as --format csv customer show ann.lee@example.com
expect_stdout_contains "email,name,order_count,paid,refunded,notes,last_activity,currency,order_id,"
expect_stdout_contains "ann.lee@example.com,Ann Lee,2,85.00,5.00,1,"
if [ "$(wc -l <.last.out)" -eq 3 ]; then pass "csv: a header and one row per order"; else fail "csv rows: $(cat .last.out)"; fi
expect_status 0 as --format json customer show ann.lee@example.com
expect_stdout_contains '"order_count":	2'
expect_stdout_contains '"orders":	[{'
expect_status 0 as --format json order find tee
expect_stdout_contains '"customer_email":"bo@example.com"'

# ---- a hostile store: an escape in a customer name is found, and shown escaped ----
cat >poison.sql <<'SQL'
UPDATE events SET payload = replace(payload, '"customer_name":"Mallory"', '"customer_name":"Mal\u001b[31mlory"');
SQL
if store_poison shop poison.sql; then pass "poisoned the store"; else fail "could not poison the store"; fi
expect_status 0 as projections rebuild
for fmt in table csv json; do
	expect_status 0 as --format $fmt order find mal
	if grep -q "$ESC" .last.out; then fail "raw ESC in order find ($fmt)"; else pass "order find ($fmt) is sanitised"; fi
	expect_status 0 as --format $fmt customer show bo@example.com
	if grep -q "$ESC" .last.out; then fail "raw ESC in customer show ($fmt)"; else pass "customer show ($fmt) is sanitised"; fi
done
expect_status 0 as order find mal
expect_stdout_contains 'bo@example.com'
expect_status 0 as customer show bo@example.com
expect_stdout_contains 'Mal\e[31mlory'
# verify treats the search keys like the other tables
expect_status 0 as projections verify

finish
