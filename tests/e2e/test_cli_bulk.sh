# product bulk: 2,000 products re-priced in one bulk action (preview, dry run, apply, history, undo), every refusal, and product undo.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
ms() { date +%s%N | cut -c1-13; }
# the price of SKU as the CSV listing shows it
price() {
	as alice --format csv product show "$1" | tail -n 1 | cut -d, -f4
}
# the id of the newest bulk action
newest() {
	as alice --format csv product bulk list --limit 1 | sed -n 2p | cut -d, -f1
}

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support

# ---- 2,000 products, made fast by one import --------------------------------------
# (100 under valgrind, where each of the many commands below runs some
# thirty times slower: the rules are the same, make test runs the 2,000)
N=2000
case "$BACKOFFICE_BIN" in *valgrind*) N=100 ;; esac
LAST=$(printf 'P-%04d' "$N")
awk -v n="$N" 'BEGIN {
	print "sku,name,price,tax_rate"
	for (i = 1; i <= n; i++)
		printf "P-%04d,Product %d,%d.%02d,20\n", i, i, 1 + i % 97, i % 100
}' >many.csv
expect_status 0 as alice product import many.csv
expect_stdout_contains "$N added"
# P-0001: 2.01; P-0100: 4.00; P-2000: 61.00
[ "$(price P-0001)" = 2.01 ] && pass "P-0001 at 2.01" || fail "P-0001 at $(price P-0001)"

# ---- preview (dry run): the whole selection, the totals, nothing written ----------
if sqlite_only "the store file byte for byte after a dry run"; then
	cp shop.db before.db
fi
snapshot .dry
t0=$(ms)
expect_status 0 as alice product bulk reprice --by +10% --round 99 --search P- --dry-run
t1=$(ms)
echo "  time: preview of $N products: $((t1 - t0)) ms"
expect_stdout_contains "reprice +10% round 99: $N products: $N change, 0 unchanged, 0 in error"
expect_stdout_contains "P-0001  Product 1"
expect_stdout_contains "price  2.01   2.99"
expect_stderr_contains "dry run: nothing was changed"
snapshot .dry2
same_file .dry.events .dry2.events "event log after the dry run"
same_file .dry.products .dry2.products "products after the dry run"
if sqlite_only "the store file byte for byte after a dry run"; then
	same_file shop.db before.db "store after a dry run"
fi
expect_status 0 as alice --format json product bulk reprice --by +10% --round 99 --sku P-0100 --dry-run
expect_stdout_contains '"old":"4.00","new":"4.99","result":"changes"'
expect_stderr_contains "prices 4.00 -> 4.99 EUR"
expect_status 0 as alice --format csv product bulk reprice --by -0.01 --sku P-0100 --sku P-0001 --dry-run
expect_stdout_contains "sku,name,field,old,new,result,error,row_version"
expect_stdout_contains "P-0001,Product 1,price,2.01,2.00,changes,,1"

# ---- apply: one bulk, every product's history names it -----------------------------
t0=$(ms)
expect_status 0 as alice product bulk reprice --by +10% --round 99 --search P- --command-id bulk-1
t1=$(ms)
echo "  time: apply to $N products: $((t1 - t0)) ms"
expect_stderr_contains "applied bulk B-"
expect_stderr_contains ": $N products changed"
B1=$(newest)
case $B1 in B-*) pass "bulk id $B1" ;; *) fail "no bulk id: $B1" ;; esac
[ "$(price P-0001)" = 2.99 ] && pass "P-0001 re-priced to 2.99" || fail "P-0001 at $(price P-0001)"
# the last: 61.00 + 10% = 67.10 -> 67.99 (2,000); 4.00 -> 4.40 -> 4.99 (100)
want=$(awk -v i="$N" 'BEGIN { c = (1 + i % 97) * 100 + i % 100;
	c = int(c * 11 / 10 + 0.5); printf "%d.99", int(c / 100) }')
[ "$(price "$LAST")" = "$want" ] && pass "$LAST re-priced to $want" ||
	fail "$LAST at $(price "$LAST"), not $want"
# the same command id again changes nothing
snapshot .cmd
expect_status 0 as alice product bulk reprice --by +10% --round 99 --search P- --command-id bulk-1
expect_stdout_contains "already applied under command id bulk-1: bulk $B1; nothing written now"
snapshot .cmd2
same_file .cmd.events .cmd2.events "event log after the same command id"
[ "$(price P-0001)" = 2.99 ] && pass "the command id answered once" || fail "P-0001 at $(price P-0001)"
expect_status 0 as alice --format csv product history P-0001 --field price
expect_stdout_contains "price,2.01 EUR,2.99 EUR,ProductUpdated,1,,,$B1"
expect_status 0 as alice --format json product history P-0050 --field price
expect_stdout_contains "\"bulk\":\"$B1\""
n=$(as alice events export | grep -c "\"bulk_id\":\"$B1\"")
[ "$n" -eq "$N" ] && pass "$N events carry the bulk id" || fail "$n events carry the bulk id"
expect_status 0 as alice product bulk list
expect_stdout_contains "reprice +10% round 99"
expect_stdout_contains "$N"

# ---- undo restores every price; a second undo is refused --------------------------
as alice --format csv product list --limit 3000 >after_bulk.csv
expect_status 0 as alice product bulk undo "$B1" --dry-run
expect_stdout_contains "undo $B1: $N products: $N change"
expect_status 0 as alice product bulk undo "$B1"
expect_stderr_contains ": $N products changed"
B2=$(newest)
[ "$(price P-0001)" = 2.01 ] && pass "P-0001 back at 2.01" || fail "P-0001 at $(price P-0001)"
as alice --format csv product export >undone.csv
awk -F, 'NR > 1 { print $1 "," $3 }' many.csv >want_prices
awk -F, 'NR > 1 { print $1 "," $4 }' undone.csv >got_prices
same_file want_prices got_prices "every price after the undo"
expect_rejected 5 as alice product bulk undo "$B1"
expect_stderr_contains "bulk action $B1 was undone already by $B2"
expect_status 0 as alice --format csv product bulk list
expect_stdout_contains "$B1,"
expect_stdout_contains ",$B2,"
expect_status 0 as alice --format csv product history P-0002 --field price
expect_stdout_contains ",$B2"

# ---- undo refused once a product changed since ------------------------------------
expect_status 0 as alice product bulk reprice --by +1 --sku P-0001 --sku P-0002 --sku P-0003
B3=$(newest)
expect_status 0 as alice product edit P-0002 --price 9
expect_rejected 5 as alice product bulk undo "$B3"
expect_stderr_contains "1 product changed or deleted since: P-0002; nothing was changed"
expect_status 0 as alice product delete P-0003
expect_rejected 5 as alice product bulk undo "$B3"
expect_stderr_contains "2 products changed or deleted since: P-0002, P-0003"

# ---- a failing product makes the whole action write nothing ------------------------
expect_rejected 3 as alice product bulk reprice --by -2.50 --search P-00
expect_stderr_contains "the new price would be below 0"
expect_stderr_contains "nothing was changed"
expect_stdout_contains "error"
# a table lists the product in error
expect_stdout_contains "P-0001"

# ---- tax, retire and reactivate in bulk -------------------------------------------
expect_status 0 as alice product bulk tax --rate 7.5 --sku P-0010 --sku P-0011
expect_stdout_contains "tax_rate  20%  7.5%  changes"
expect_status 0 as alice product bulk retire --sku P-0010 --sku P-0011
expect_status 0 as alice --format csv product list --search P-001
expect_stdout_lacks "P-0010"
expect_status 0 as alice product bulk reactivate --sku P-0010 --sku P-0012
expect_stdout_contains "1 change, 1 unchanged"
expect_status 0 as alice --format csv product history P-0010 --field status
expect_stdout_contains "status,retired,active,ProductReactivated"
# --skus FILE and standard input
printf 'P-0020\r\n\n  P-0021  \n' >skus.txt
expect_status 0 as alice product bulk retire --skus skus.txt
expect_stderr_contains "2 products changed"
printf 'P-0020\n' | as alice product bulk reactivate --skus - >/dev/null 2>.err
grep -q "1 product changed" .err && pass "--skus - reads standard input" || fail "--skus -: $(cat .err)"

# ---- refusals: status, one line, nothing written -----------------------------------
# 6: not an admin
expect_rejected 6 as sam product bulk reprice --by +10% --sku P-0001
expect_rejected 6 as sam product bulk undo "$B3"
expect_rejected 6 as sam product undo P-0001
# 2: usage
expect_rejected 2 as alice product bulk
expect_rejected 2 as alice product bulk frob --sku P-0001
expect_stderr_contains "unknown bulk action 'frob'"
expect_rejected 2 as alice product bulk reprice --by +10%
expect_stderr_contains "needs a selection"
expect_rejected 2 as alice product bulk reprice --sku P-0001
expect_stderr_contains "needs --by"
expect_rejected 2 as alice product bulk tax --sku P-0001
expect_stderr_contains "needs --rate"
expect_rejected 2 as alice product bulk retire --by 1 --sku P-0001
expect_stderr_contains "does not take --by"
expect_rejected 2 as alice product bulk tax --rate 7 --round 99 --sku P-0001
expect_rejected 2 as alice product bulk retire P-0001
expect_rejected 2 as alice product bulk undo
expect_rejected 2 as alice product bulk undo "$B3" extra
expect_rejected 2 as alice product bulk undo "$B3" --sku P-0001
expect_rejected 2 as alice product bulk list --sku P-0001
expect_rejected 2 as alice product bulk reprice --by 1 --sku P-0001 --colour red
expect_rejected 2 as alice product undo
# 3: bad values, naming the field
expect_rejected 3 as alice product bulk reprice --by ten --sku P-0001
expect_stderr_contains "by must be"
expect_rejected 3 as alice product bulk reprice --by +10.123% --sku P-0001
expect_stderr_contains "by has more than 2 decimals"
expect_rejected 3 as alice product bulk reprice --by -101% --sku P-0001
expect_stderr_contains "by must be a percentage from -100% to +1000%"
expect_rejected 3 as alice product bulk reprice --by +1.555 --sku P-0001
expect_stderr_contains "by has more than 2 decimals"
expect_rejected 3 as alice product bulk reprice --by +1 --round 95 --sku P-0001
expect_stderr_contains "round must be cent, 99 or 90"
expect_rejected 3 as alice product bulk tax --rate 101 --sku P-0001
expect_stderr_contains "rate must be"
expect_rejected 3 as alice product bulk reprice --by +1 --search "" 
expect_stderr_contains "search must not be empty"
expect_rejected 3 as alice product bulk list --limit 0
expect_rejected 3 as alice product undo P-0001 --expect-version x
# 4: not found, naming it
expect_rejected 4 as alice product bulk reprice --by +1 --sku P-0001 --sku NOPE-9
expect_stderr_contains "product NOPE-9 does not exist"
expect_rejected 4 as alice product bulk retire --skus missing.txt
expect_stderr_contains "cannot open missing.txt"
expect_rejected 4 as alice product bulk undo B-20000101-000000-000000
expect_stderr_contains "no bulk action has id B-20000101-000000-000000"
expect_rejected 4 as alice product undo NOPE-9
# a currency without decimals refuses round 99
YEN=$(store_url yen)
expect_status 0 bo --db "$YEN" --user alice init --currency JPY
expect_status 0 bo --db "$YEN" --user alice product add --sku T-1 --name Tea --price 1200
expect_status 3 bo --db "$YEN" --user alice product bulk reprice --by +10% --round 99 --sku T-1
expect_stderr_contains "round 99 needs a currency with 2 decimals; JPY has 0"
expect_status 0 bo --db "$YEN" --user alice product bulk reprice --by +10% --sku T-1
expect_stdout_contains "1200  1320"

# ---- product undo: the last change set back ----------------------------------------
expect_status 0 as alice product add --sku U-1 --name Cup --price 5
expect_rejected 5 as alice product undo U-1
expect_stderr_contains "its latest event is ProductCreated"
expect_status 0 as alice product edit U-1 --price 6 --name "Big cup"
expect_rejected 5 as alice product undo U-1 --expect-version 1
expect_stderr_contains "is at version 2, not 1"
expect_status 0 as alice product undo U-1 --expect-version 2
expect_stdout_contains "price        5.00"
expect_stdout_contains "name         Cup"
expect_stdout_contains "row_version  3"
expect_status 0 as alice --format csv product history U-1 --field price
expect_stdout_contains "price,6.00 EUR,5.00 EUR"

# ---- the log round trip keeps the bulk ids; projections agree ----------------------
expect_stdout "every projector: the read model matches the log" as alice projections verify
as alice events export >log.jsonl
DB2=$(store_url copy)
expect_status 0 bo --db "$DB2" --user alice init
expect_stdout "" bo --db "$DB2" --user alice events import log.jsonl
bo --db "$DB2" --user alice events export >log2.jsonl
same_file log.jsonl log2.jsonl "the log after import"
expect_status 0 bo --db "$DB2" --user alice --format csv product history P-0001 --field price
expect_stdout_contains ",$B1"

finish
