# product export and import: round trips, a 10,000-product catalogue, dry runs, bad files refused whole, roles, command ids.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
events() { store_sql "$1" "SELECT count(*) FROM events"; }
ms() { date +%s%N | cut -c1-13; }

expect_status 0 as alice init
expect_status 0 as alice demo seed --orders 30 --days 5 --seed 3 --now 2026-11-20
expect_status 0 as alice user add sam --role support

# ---- export, and a re-import that changes nothing ---------------------------
expect_status 0 as alice product export --all
cp "$E2E_OUT" demo1.csv
expect_stdout_contains "sku,name,description,price,tax_rate,stock,low_stock,status"
expect_stdout_contains ",retired"
expect_status 0 as sam product export --all
same_file demo1.csv "$E2E_OUT" "the export of a support user"
expect_status 0 as alice product export
expect_stdout_lacks ",retired"
n0=$(events shop)
expect_status 0 as alice product import demo1.csv
expect_stdout_contains "0 added, 0 changed,"
expect_stdout_contains "unchanged, 0 in error"
expect_status 0 as alice product import - <demo1.csv
expect_stdout_contains "0 added, 0 changed,"
n1=$(events shop)
[ "$n0" = "$n1" ] && pass "a re-import appends nothing" ||
	fail "a re-import appended events: $n0 -> $n1"
expect_status 0 as alice product export --all
same_file demo1.csv "$E2E_OUT" "the export after the re-import"

# ---- a dry run writes nothing ------------------------------------------------
first=$(sed -n 2p demo1.csv | cut -d, -f1)
{
	printf 'status,price,sku,name,description\r\n'
	printf 'active,1234.50,%s,"Renamed, with ""quotes""",\r\n' "$first"
	printf 'retired,3,NEW-1,A new one,"Two\nlines"\r\n'
} >change.csv
expect_status 0 as alice product import change.csv --dry-run
expect_stdout_contains "1 added, 1 changed, 0 unchanged, 0 in error"
expect_stdout_contains "1234.50"
expect_status 0 as alice --format csv product import change.csv --dry-run
expect_stdout_contains "line,sku,action,field,old,new,error"
expect_stdout_contains "2,$first,changed,name,"
expect_stdout_contains "3,NEW-1,added,status,,retired,"
expect_status 0 as alice --format json product import change.csv --dry-run
expect_stdout_contains '"action":'
[ "$(events shop)" = "$n1" ] && pass "a dry run appends nothing" ||
	fail "a dry run appended events"
expect_status 0 as alice product export --all
same_file demo1.csv "$E2E_OUT" "the export after a dry run"

# ---- not an admin ------------------------------------------------------------
expect_rejected 6 as sam product import change.csv
expect_rejected 6 as sam product import change.csv --dry-run

# ---- the import, under a command id -------------------------------------------
expect_status 0 as alice product import change.csv --command-id cat-1
expect_stdout_contains "1 added, 1 changed, 0 unchanged, 0 in error"
n2=$(events shop)
[ "$n2" -eq $((n1 + 3)) ] && pass "the import appended its 3 events" ||
	fail "the import appended $n1 -> $n2 events, not 3"
expect_status 0 as alice product show NEW-1
expect_stdout_contains "retired"
expect_status 0 as alice product show "$first"
expect_stdout_contains 'Renamed, with "quotes"'
expect_status 0 as alice product import change.csv --command-id cat-1
expect_stdout_contains "already imported under command id cat-1: 1 added, 1 changed"
[ "$(events shop)" = "$n2" ] && pass "the replay appends nothing" ||
	fail "the replay appended events"
expect_rejected 5 as alice product import demo1.csv --command-id cat-1
expect_stderr_contains "cat-1"
expect_status 0 as alice product export --all
cp "$E2E_OUT" demo2.csv
expect_status 0 as alice product import demo2.csv
expect_stdout_contains "0 added, 0 changed,"
expect_status 0 as alice product export --all
same_file demo2.csv "$E2E_OUT" "the export after importing its own export"

# ---- a file with bad rows is refused whole -------------------------------------
second=$(sed -n 3p demo1.csv | cut -d, -f1)
{
	printf 'sku,name,price,tax_rate,stock,colour\n'
	printf '%s,Fine,12.505,20,1,red\n' "$first"
	printf 'BAD-2,Fine,"12,50",20,1,red\n'
	printf ',No sku,1,20,1,red\n'
	printf 'BAD-4,Fine,1,20,-3,red\n'
	printf 'BAD-5,Fine,1,120,1,red\n'
	printf '%s,Fine,1,20,1,red\n' "$first"
	printf '%s,Fine,2,20,1,red\n' "$second"
} >bad.csv
expect_rejected 3 as alice --format csv product import bad.csv
expect_stderr_contains "7 rows of bad.csv are in error; nothing was imported"
expect_stdout_contains "1,,error,colour,,,"
expect_stdout_contains "2,$first,error,price,,,price has more than 2 decimals"
expect_stdout_contains "3,BAD-2,error,price,,,price must be a plain decimal"
expect_stdout_contains "4,,error,sku,,,sku is required"
expect_stdout_contains "5,BAD-4,error,stock,,,"
expect_stdout_contains "6,BAD-5,error,tax_rate,,,"
expect_stdout_contains "7,$first,error,sku,,,sku $first is on line 2 and again on line 7"
expect_stdout_contains "8,$second,changed,price,"
expect_rejected 3 as alice product import bad.csv
expect_stdout_contains "0 added, 1 changed, 0 unchanged, 7 in error"
printf 'sku,name,price\nX-1,"open,1\n' >broken.csv
expect_rejected 3 as alice product import broken.csv
expect_stdout_contains "opened on line 2 is not closed"
expect_rejected 4 as alice product import no-such.csv

# ---- 10,000 products -------------------------------------------------------------
BIG=$(store_url big)
big() { bo --db "$BIG" --user alice "$@"; }
expect_status 0 big init
awk 'BEGIN {
	printf "sku,name,description,price,tax_rate,stock,low_stock,status,category,tags\r\n"
	for (i = 1; i <= 10000; i++)
		printf "GEN-%05d,Generated product %d,\"Line one, with a comma\nline \"\"two\"\"\",%d.%02d,%s,%s,%s,%s,%s,%s\r\n",
			i, i, i % 500, i % 100, (i % 3 ? "20" : "7.5"),
			(i % 4 ? i % 97 : ""), (i % 5 ? "" : i % 11),
			(i % 50 ? "active" : "retired"),
			(i % 7 ? "Dept " i % 5 " / Shelf " i % 3 : ""),
			(i % 2 ? "gift;t" i % 4 : "")
}' >big.csv
t0=$(ms)
expect_status 0 big --format csv product import big.csv --dry-run
t1=$(ms)
[ "$(events big)" = 0 ] && pass "the 10,000-row dry run appends nothing" ||
	fail "the 10,000-row dry run appended events"
expect_status 0 big product import big.csv
expect_stdout_contains "10000 added, 0 changed, 0 unchanged, 0 in error"
t2=$(ms)
echo "  time ($E2E_BACKEND): 10,000-row dry run $((t1 - t0)) ms, apply $((t2 - t1)) ms"
expect_status 0 big product export --all
same_file big.csv "$E2E_OUT" "the export of the 10,000 imported products"
expect_status 0 big projections verify
expect_stdout_contains "every projector: the read model matches the log"
expect_status 0 big projections status
expect_stdout_contains "  0  inline"
nb=$(events big)
t3=$(ms)
expect_status 0 big product import big.csv
expect_stdout_contains "0 added, 0 changed, 10000 unchanged, 0 in error"
t4=$(ms)
echo "  time ($E2E_BACKEND): 10,000-row re-import (no-op) $((t4 - t3)) ms"
[ "$(events big)" = "$nb" ] && pass "the 10,000-row re-import appends nothing" ||
	fail "the 10,000-row re-import appended events"
sed 's/,20,/,19,/' big.csv >big19.csv
t5=$(ms)
expect_status 0 big --format csv product import big19.csv
t6=$(ms)
echo "  time ($E2E_BACKEND): 10,000-row import changing 6,667 tax rates $((t6 - t5)) ms"
expect_status 0 big product export --all
same_file big19.csv "$E2E_OUT" "the export after changing 6,667 products"

finish
