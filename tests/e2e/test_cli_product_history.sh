# product history and product revert on the command line: rows, filters, formats, refusals.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
BEL=$(printf '\007')
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice product add --sku MUG-1 --name Mug --price 12.50 \
	--tax-rate 20 --stock 40
expect_status 0 as alice product edit MUG-1 --price 13.90
expect_status 0 as alice product edit MUG-1 --name "Blue mug" --stock 35

# ---- history: creation lists the first values, then one row per change --------
expect_status 0 as alice product history MUG-1
expect_stdout_contains "EVENT  VERSION  WHEN"
expect_stdout_contains "WHO    ROLE   FIELD     OLD        NEW"
expect_stdout_contains "alice  admin  price     -          12.50 EUR"
expect_stdout_contains "alice  admin  tax_rate  -          20%"
expect_stdout_contains "alice  admin  price     12.50 EUR  13.90 EUR"
expect_stdout_contains "alice  admin  name      Mug        Blue mug"
expect_stdout_contains "alice  admin  stock     40         35"
expect_stdout_lacks "description"

# --field keeps one field; csv and json carry type and product id
expect_status 0 as alice --format csv product history MUG-1 --field price
expect_stdout_contains "event,version,when,who,role,field,old,new,type,product_id"
expect_stdout_contains ",alice,admin,price,,12.50 EUR,ProductCreated,1"
expect_stdout_contains ",alice,admin,price,12.50 EUR,13.90 EUR,ProductUpdated,1"
expect_stdout_lacks ",stock,"
expect_status 0 as alice --format json product history MUG-1 --field stock
expect_stdout_contains '"field":"stock","old":null,"new":"40","type":"ProductCreated"'
expect_stdout_contains '"field":"stock","old":"40","new":"35","type":"ProductUpdated"'

# ---- refusals: one line, the documented status, nothing written ---------------
# (reads: one line and the status; the revert refusals also write nothing)
expect_status 4 as alice product history NOPE
expect_stderr_one_line
expect_stderr_contains "NOPE"
expect_status 3 as alice product history MUG-1 --field colour
expect_stderr_one_line
expect_stderr_contains "--field must be"
expect_status 2 as alice product history
expect_stderr_one_line
expect_rejected 3 as alice product revert MUG-1 --field price --to x
expect_stderr_contains "--to"
expect_rejected 3 as alice product revert MUG-1 --field status --to 1
expect_stderr_contains "status"
expect_rejected 4 as alice product revert MUG-1 --field price --to 999
expect_rejected 2 as alice product revert MUG-1 --field price

# ---- revert: an ordinary edit, a new row ------------------------------------------
# event 1 is the creation (price 12.50)
expect_status 0 as alice product revert MUG-1 --field price --to 1
expect_stdout_contains "old          13.90 EUR"
expect_stdout_contains "new          12.50 EUR"
expect_stdout_contains "changed      yes"
expect_status 0 as alice --format json product show MUG-1
expect_stdout_contains '"price":	"12.50"'
expect_status 0 as alice --format csv product history MUG-1 --field price
expect_stdout_contains ",alice,admin,price,13.90 EUR,12.50 EUR,ProductUpdated,1"
# again: the value is there already, nothing changes
snapshot .before
expect_status 0 as alice product revert MUG-1 --field price --to 1
expect_stderr_contains "price of MUG-1 is already 12.50 EUR; nothing changed"
expect_stdout_contains "changed      no"
snapshot .after
same_file .before.events .after.events "event log after a revert to the same value"

# support reads the history but may not revert
expect_status 0 as sam product history MUG-1 --field price
expect_stdout_contains "13.90 EUR"
expect_rejected 6 as sam product revert MUG-1 --field price --to 2

# ---- retire and delete: the log keeps the history ----------------------------
expect_status 0 as alice product retire MUG-1
expect_status 0 as alice product delete MUG-1
expect_status 0 as alice --format csv product history MUG-1 --field status
expect_stdout_contains ",alice,admin,status,,active,ProductCreated,1"
expect_stdout_contains ",alice,admin,status,active,retired,ProductRetired,1"
expect_stdout_contains ",alice,admin,status,retired,deleted,ProductDeleted,1"
expect_rejected 5 as alice product revert MUG-1 --field price --to 2
expect_stderr_contains "deleted"

# ---- a SKU changed and then reused: each SKU finds every product it was ----------
expect_status 0 as alice product add --sku CUP-A --name Cup --price 5
expect_status 0 as alice product edit CUP-A --sku CUP-B
expect_status 0 as alice product add --sku CUP-A --name "Other cup" --price 6
expect_status 0 as alice product delete CUP-A
expect_status 0 as alice --format csv product history CUP-A --field sku
expect_stdout_contains ",alice,admin,sku,,CUP-A,ProductCreated,2"
expect_stdout_contains ",alice,admin,sku,CUP-A,CUP-B,ProductUpdated,2"
expect_stdout_contains ",alice,admin,sku,,CUP-A,ProductCreated,3"
expect_status 0 as alice --format csv product history CUP-B --field sku
expect_stdout_contains ",alice,admin,sku,CUP-A,CUP-B,ProductUpdated,2"
expect_stdout_lacks "ProductCreated,3"
expect_status 0 as alice --format csv product history CUP-A --field status
expect_stdout_contains ",alice,admin,status,active,deleted,ProductDeleted,3"

# ---- the low-stock threshold is a field like the others -------------------------
expect_status 0 as alice product add --sku JUG --name Jug --price 8 --stock 30
expect_status 0 as alice --format csv product history JUG --field low_stock
[ "$(tr -d '\r' <"$E2E_OUT" | wc -l)" -eq 1 ] &&
	pass "a new product with the tenant's threshold has no low_stock row" ||
	fail "low_stock rows at creation: $(cat "$E2E_OUT")"
expect_status 0 as alice product edit JUG --low-stock 4
expect_status 0 as alice product edit JUG --low-stock default
expect_status 0 as alice --format csv product history JUG --field low-stock
expect_stdout_contains ",alice,admin,low_stock,default,4,"
expect_stdout_contains ",alice,admin,low_stock,4,default,"
# reverted to the value after the first edit: an ordinary edit, recorded
to=$(tr -d '\r' <"$E2E_OUT" | awk -F, '$7 == "default" && $8 == "4" { print $1 }')
expect_status 0 as alice product revert JUG --field low_stock --to "$to"
expect_stdout_contains "new          4"
expect_status 0 as alice --format json product show JUG
expect_stdout_contains '"low_stock":	4'
# a revert sent again under its command id answers as the first time did
expect_status 0 as alice product edit JUG --price 9
expect_status 0 as alice --format csv product history JUG --field price
created=$(tr -d '\r' <"$E2E_OUT" | awk -F, '$9 == "ProductCreated" { print $1 }')
expect_status 0 as alice --format csv product revert JUG --field price --to "$created" --command-id rv-1
cp "$E2E_OUT" first-revert.csv
expect_stdout_contains "JUG,price,9.00 EUR,8.00 EUR,yes,"
expect_status 0 as alice --format csv product revert JUG --field price --to "$created" --command-id rv-1
same_file first-revert.csv "$E2E_OUT" "the revert sent again with its id"
expect_status 5 as alice product revert JUG --field name --to "$created" --command-id rv-1
expect_stderr_contains "command id rv-1 was already used"
expect_status 0 as alice --format csv product history JUG --field price
[ "$(tr -d '\r' <"$E2E_OUT" | grep -c ',price,')" -eq 3 ] &&
	pass "one revert in the history, not two" || fail "price rows: $(cat "$E2E_OUT")"
expect_status 3 as alice product history JUG --field lowstock
expect_stderr_contains "--field must be sku, name, description, price, tax_rate, stock, low_stock, status, category or tags"

# ---- a hostile name in the log is shown, never obeyed --------------------------
expect_status 0 as alice product add --sku EVIL --name Evil --price 1
cat >poison.sql <<'SQL'
UPDATE events SET payload = replace(payload, '"name":"Evil"', '"name":"\u001b]0;pwned\u0007Ev\u202eil"');
SQL
if store_poison shop poison.sql; then pass "poisoned the log"; else fail "could not poison the log"; fi
for fmt in table csv json; do
	expect_status 0 as alice --format $fmt product history EVIL --field name
	if grep -q "$ESC" .last.out || grep -q "$BEL" .last.out; then
		fail "raw control bytes in product history --format $fmt"
	else
		pass "no raw ESC or BEL: product history --format $fmt"
	fi
done
expect_status 0 as alice product history EVIL --field name
expect_stdout_contains '\e]0;pwned\x07Ev\u202eil'

finish
