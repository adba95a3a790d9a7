# product bulk category and tag: products of one category moved to another by a --category selection, a tag added and removed by a --tag selection, each undone exactly, the bulk id in history, the filters of product list as a selection, every refusal.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
# the id of the newest bulk action
newest() {
	as alice --format csv product bulk list --limit 1 | sed -n 2p | cut -d, -f1
}
# sku,category,tags of every product, by SKU
cats() {
	as alice --format csv product list --all | tr -d '\r' |
		awk -F, 'NR > 1 { print $1 "," $14 "," $15 }'
}

# 200 products natively; 20 under valgrind (make memcheck), which runs
# every process some thirty times slower
N=200
case "$BACKOFFICE_BIN" in *valgrind*) N=20 ;; esac
HALF=$((N / 2))

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support

# ---- N products in two categories, half of them tagged sale ----------------------
awk -v n="$N" 'BEGIN {
	print "sku,name,price,tax_rate,category,tags"
	for (i = 1; i <= n; i++)
		printf "P-%04d,Product %d,%d.00,20,%s,%s\n", i, i, 1 + i % 7,
			i % 2 ? "Kitchen / Mugs" : "Office",
			i % 4 == 1 ? "sale" : (i % 4 == 2 ? "gift;sale" : "")
}' >many.csv
expect_status 0 as alice product import many.csv
expect_stdout_contains "$N added"
cats >before.txt

# ---- move Kitchen (with its subtree) to Garden: a --category selection -----------
expect_status 0 as alice product bulk category --to "Garden / Outdoor" --category Kitchen --dry-run
expect_stdout_contains "category Garden / Outdoor: $HALF products: $HALF change, 0 unchanged, 0 in error"
expect_stdout_contains "category  Kitchen / Mugs  Garden / Outdoor  changes"
expect_stdout_contains "P-0001 "
expect_stdout_lacks "P-0002"
expect_stderr_contains "dry run: nothing was changed"
cats >dry.txt
same_file before.txt dry.txt "categories after the dry run"
expect_status 0 as alice product bulk category --to "Garden / Outdoor" --category Kitchen --command-id move-1
expect_stderr_contains ": $HALF products changed"
MOVE=$(newest)
case $MOVE in B-*) pass "bulk id $MOVE" ;; *) fail "no bulk id: $MOVE" ;; esac
n=$(cats | grep -c ',Garden / Outdoor,')
[ "$n" -eq "$HALF" ] && pass "$HALF products moved" || fail "$n products moved"
n=$(cats | grep -c ',Office,')
[ "$n" -eq "$HALF" ] && pass "Office left alone" || fail "$n in Office"
expect_status 0 as alice --format csv product history P-0003 --field category
expect_stdout_contains "category,Kitchen / Mugs,Garden / Outdoor,ProductUpdated"
expect_stdout_contains ",$MOVE"
# the same command id again writes nothing
expect_status 0 as alice product bulk category --to "Garden / Outdoor" --category Kitchen --command-id move-1
expect_stdout_contains "already applied under command id move-1: bulk $MOVE"
# moved again: every one unchanged, nothing to change
expect_status 0 as alice product bulk category --to "Garden/Outdoor" --category Garden
expect_stdout_contains "$HALF unchanged"
expect_stderr_contains "nothing to change: 0 products changed"
expect_status 0 as alice product bulk list --limit 1
expect_stdout_contains "category Garden / Outdoor"

# ---- --none clears, JSON shows none as null ---------------------------------------
expect_status 0 as alice --format json product bulk category --none --sku P-0002 --dry-run
expect_stdout_contains '"field":"category","old":"Office","new":null,"result":"changes"'
expect_stderr_contains "category (none): 1 product: 1 change"
expect_status 0 as alice product bulk category --to "" --sku P-0002
NONE=$(newest)
expect_status 0 as alice --format csv product show P-0002
expect_stdout_contains "P-0002,Product 2"
[ "$(cats | grep '^P-0002,')" = "P-0002,,gift;sale" ] && pass "P-0002 has no category" ||
	fail "P-0002: $(cats | grep '^P-0002,')"
expect_status 0 as alice product bulk undo "$NONE"
[ "$(cats | grep '^P-0002,')" = "P-0002,Office,gift;sale" ] && pass "P-0002 back in Office" ||
	fail "P-0002: $(cats | grep '^P-0002,')"

# ---- undo the move: every category back exactly -----------------------------------
expect_status 0 as alice product bulk undo "$MOVE" --dry-run
expect_stdout_contains "undo $MOVE: $HALF products: $HALF change"
expect_status 0 as alice product bulk undo "$MOVE"
UNMOVE=$(newest)
cats >undone.txt
same_file before.txt undone.txt "categories and tags after the undo"
expect_rejected 5 as alice product bulk undo "$MOVE"
expect_stderr_contains "bulk action $MOVE was undone already by $UNMOVE"

# ---- add a tag to the sale ones (a --tag selection ANDed with --category) ---------
expect_status 0 as alice product bulk tag --add Clearance --tag sale --category Office
# the even ones in Office; sale on i % 4 == 2 only: N / 4
Q=$((N / 4))
expect_stdout_contains "tag add clearance: $Q products: $Q change, 0 unchanged"
expect_stdout_contains "tags   gift;sale  clearance;gift;sale  changes"
expect_stdout_contains "P-0002 "
ADD=$(newest)
n=$(cats | grep -c 'clearance')
[ "$n" -eq "$Q" ] && pass "$Q products tagged clearance" || fail "$n tagged clearance"
expect_status 0 as alice --format csv product list --tag clearance --category Kitchen
expect_stdout_lacks "P-0001"
expect_status 0 as alice --format csv product history P-0006 --field tags
expect_stdout_contains "tags,gift;sale,clearance;gift;sale,ProductUpdated"
expect_stdout_contains ",$ADD"

# ---- remove sale from everything tagged sale --------------------------------------
expect_status 0 as alice product bulk tag --remove SALE --tag sale
expect_stdout_contains "tag remove sale: $HALF products: $HALF change"
REMOVE=$(newest)
n=$(cats | grep -c 'sale')
[ "$n" -eq 0 ] && pass "no product tagged sale" || fail "$n tagged sale"
[ "$(cats | grep '^P-0001,')" = "P-0001,Kitchen / Mugs," ] && pass "P-0001 lost its only tag" ||
	fail "P-0001: $(cats | grep '^P-0001,')"
# a product without it is unchanged
expect_status 0 as alice product bulk tag --remove sale --sku P-0003
expect_stdout_contains "1 unchanged"
# the add cannot be undone now: its products changed since (the removal)
expect_rejected 5 as alice product bulk undo "$ADD"
expect_stderr_contains "cannot undo bulk action $ADD: $Q products changed or deleted since: P-0002, P-0006"
# undo the removal: every list back exactly (clearance still on)
expect_status 0 as alice product bulk undo "$REMOVE"
expect_stdout_contains "undo $REMOVE: $HALF products: $HALF change"
expect_status 0 as alice --format csv product history P-0006 --field tags
expect_stdout_contains "tags,clearance;gift,clearance;gift;sale,ProductUpdated"
n=$(cats | grep -c 'clearance;gift;sale')
[ "$n" -eq "$Q" ] && pass "sale back on the clearance ones" || fail "$n with clearance;gift;sale"
# then take clearance away in a new bulk: back to the start exactly
expect_status 0 as alice product bulk tag --remove clearance --tag clearance
expect_stderr_contains ": $Q products changed"
cats >untagged.txt
same_file before.txt untagged.txt "categories and tags after the undo and the removal"

# ---- the other filters: status, stock, prices ----------------------------------------
expect_status 0 as alice product retire P-0004
expect_status 0 as alice product bulk tag --add old --status retired --dry-run
expect_stdout_contains "1 product: 1 change"
expect_stdout_contains "P-0004"
# prices 1..7: i % 7 == 6 is 7.00
expect_status 0 as alice --format csv product bulk tag --add dear --price-min 7 --search P-000 --dry-run
expect_stdout_contains "P-0006,Product 6,tags"
expect_stdout_lacks "P-0005"
expect_status 0 as alice product bulk tag --add x --stock untracked --price-max 1 --sku P-0006 --dry-run
# P-0007 (1.00) by the filter, P-0006 by --sku
expect_stdout_contains "P-0006"
expect_stdout_contains "P-0007"
expect_status 0 as alice product bulk tag --add x --category Nowhere --dry-run
expect_stdout_contains "0 products"
# undo refused once a product changed since
expect_status 0 as alice product bulk tag --add y --sku P-0001 --sku P-0003
Y=$(newest)
expect_status 0 as alice product edit P-0003 --name Changed
expect_rejected 5 as alice product bulk undo "$Y"
expect_stderr_contains "1 product changed or deleted since: P-0003; nothing was changed"
# a tag over the 20 of a product is an error row: nothing written
tags20=$(awk 'BEGIN { for (i = 1; i <= 20; i++) printf "%st%d", (i > 1 ? ";" : ""), i }')
expect_status 0 as alice product edit P-0009 --tags "$tags20"
expect_rejected 3 as alice product bulk tag --add one-more --sku P-0009 --sku P-0011
expect_stderr_contains "product P-0009:"
expect_stderr_contains "nothing was changed"

# ---- refusals: status, one line, nothing written -------------------------------------
expect_rejected 6 as sam product bulk category --to Garden --category Office
expect_rejected 6 as sam product bulk tag --add x --tag sale
expect_rejected 2 as alice product bulk category --category Office
expect_stderr_contains "needs one of --to PATH or --none"
expect_rejected 2 as alice product bulk category --to Garden --none --category Office
expect_rejected 2 as alice product bulk category --to Garden
expect_stderr_contains "needs a selection"
expect_rejected 2 as alice product bulk tag --category Office
expect_stderr_contains "needs one of --add TAG or --remove TAG"
expect_rejected 2 as alice product bulk tag --add a --remove b --category Office
expect_rejected 2 as alice product bulk tag --add a --to b --category Office
expect_stderr_contains "does not take --to"
expect_rejected 2 as alice product bulk reprice --by 1 --add a --sku P-0001
expect_stderr_contains "does not take --add"
expect_rejected 2 as alice product bulk retire --none --sku P-0001
expect_rejected 2 as alice product bulk list --category Office
expect_rejected 3 as alice product bulk category --to "A/B/C/D" --category Office
expect_stderr_contains "category"
expect_rejected 3 as alice product bulk category --to "Bad$(printf '\001')" --category Office
expect_stderr_contains "category"
expect_rejected 3 as alice product bulk tag --add "no way" --category Office
expect_stderr_contains "tag"
expect_rejected 3 as alice product bulk tag --add "" --category Office
expect_stderr_contains "tag"
expect_rejected 3 as alice product bulk tag --add a --category ""
expect_stderr_contains "--category"
expect_rejected 3 as alice product bulk tag --add a --tag "bad tag"
expect_stderr_contains "--tag"
expect_rejected 3 as alice product bulk tag --add a --status gone
expect_stderr_contains "--status"
expect_rejected 3 as alice product bulk tag --add a --stock some
expect_stderr_contains "--stock"
expect_rejected 3 as alice product bulk tag --add a --price-min x
expect_stderr_contains "price-min"
expect_rejected 3 as alice product bulk tag --add a --price-min 5 --price-max 1
expect_stderr_contains "--price-min must not be above --price-max"
expect_rejected 4 as alice product bulk tag --add a --category Office --sku NOPE-1
expect_stderr_contains "product NOPE-1 does not exist"

# ---- report products --by category: hand-computed figures ---------------------------
REP=$(store_url rep)
rep() { bo --db "$REP" --user alice "$@"; }
# csv_is WANT ARGS...: status 0 and the CSV of rep ARGS is WANT (CRLF read as LF)
csv_is() {
	csv_want=$1
	shift
	expect_status 0 rep --format csv "$@"
	got=$(tr -d '\r' <"$E2E_OUT")
	[ "$got" = "$csv_want" ] && pass "the CSV of: $*" ||
		fail "the CSV of: $*: got
$got"
}
expect_status 0 rep init
expect_status 0 rep user add sam --role support
expect_status 0 rep product add --sku MUG --name Mug --price 10 --category "Kitchen / Mugs"
expect_status 0 rep product add --sku PAN --name Pan --price 20 --category Kitchen
expect_status 0 rep product add --sku PEN --name Pen --price 5 --category Office
expect_status 0 rep product add --sku BOX --name Box --price 4
# 1: 2 mugs (20.00) and a pan (20.00), paid, then 10.00 refunded: 5.00 each
expect_status 0 rep order place --customer a@example.com --line MUG:2 --line PAN:1
expect_status 0 rep order pay 1 --amount 40
expect_status 0 rep order refund 1 --amount 10 --reason damaged
# 2: 3 pens (15.00) and a box (4.00), paid
expect_status 0 rep order place --customer b@example.com --line PEN:3 --line BOX:1
expect_status 0 rep order pay 2 --amount 19
# 3: a mug, never paid: not sold
expect_status 0 rep order place --customer c@example.com --line MUG:1
csv_is "category,level,units,revenue,refunds,total_units,total_revenue,total_refunds,currency
Kitchen,1,1,20.00,5.00,3,40.00,10.00,EUR
Kitchen / Mugs,2,2,20.00,5.00,2,20.00,5.00,EUR
Office,1,3,15.00,0.00,3,15.00,0.00,EUR
(none),0,1,4.00,0.00,1,4.00,0.00,EUR" report products --by category
expect_status 0 rep report products --by category
expect_stdout_contains "Kitchen             1    20.00     5.00            3          40.00          10.00"
expect_stdout_contains "(none)"
expect_status 0 rep --format json report products --by category
expect_stdout_contains '{"category":"Office","level":1,"units":3,"revenue":"15.00","refunds":"0.00","total_units":3,"total_revenue":"15.00","total_refunds":"0.00","currency":"EUR"}'
# a timed period folds the log: the same figures
expect_status 0 rep --format csv report products --by category --from 2000-01-01T00:00 --to 2100-01-01T00:00
expect_stdout_contains "Kitchen,1,1,20.00,5.00,3,40.00,10.00,EUR"
# a period without sales: no rows
csv_is "category,level,units,revenue,refunds,total_units,total_revenue,total_refunds,currency" \
	report products --by category --from 2001-01-01 --to 2001-01-31
# each product counts in the category it has now: the mugs moved to Office,
# the pen renamed (its old SKU's sales follow it), the box deleted
expect_status 0 rep product bulk category --to "Office / Mugs" --sku MUG
expect_status 0 rep product edit PEN --sku PEN-2
expect_status 0 rep product delete BOX
csv_is "category,level,units,revenue,refunds,total_units,total_revenue,total_refunds,currency
Kitchen,1,1,20.00,5.00,1,20.00,5.00,EUR
Office,1,3,15.00,0.00,5,35.00,5.00,EUR
Office / Mugs,2,2,20.00,5.00,2,20.00,5.00,EUR
(none),0,1,4.00,0.00,1,4.00,0.00,EUR" report products --by category
# refusals
expect_rejected 3 rep report products --by sku
expect_stderr_contains "--by must be category"
expect_rejected 2 rep report products --by category --sku MUG
expect_rejected 2 rep report products --by category --limit 3
expect_rejected 3 rep report products --by category --from 2026-13-01
expect_rejected 3 rep report products --by category --from 2026-02-01 --to 2026-01-01

expect_stdout "every projector: the read model matches the log" as alice projections verify

finish
