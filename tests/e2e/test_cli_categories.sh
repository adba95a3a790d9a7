# Product categories and tags on the command line: add, edit, show, list and its filters, product categories, the catalogue CSV, history and revert, every refusal.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice user add max --role manager

# ---- add and show: stored canonical -----------------------------------------------
expect_status 0 as alice product add --sku MUG-1 --name Mug --price 3 --stock 2 \
	--category " Kitchen/Mugs " --tags "Sale ; gift;sale"
expect_stdout_contains "category     Kitchen / Mugs"
expect_stdout_contains "tags         gift;sale"
expect_status 0 as alice product add --sku MUG-2 --name "Big mug" --price 13 --stock 20 \
	--low-stock 30 --category "Kitchen / Mugs / Big" --tags gift
expect_status 0 as alice product add --sku PAN-1 --name Pan --price 30 --stock 0 \
	--category "Kitchen / Pans"
expect_status 0 as alice product add --sku K2-1 --name Kettle --price 1 --category Kitchen2 --tags sale
expect_status 0 as alice product add --sku PEN-1 --name Pen --price 1.50 --stock 9 --category Office
expect_status 0 as alice product add --sku BARE-1 --name Bare --price 5 --stock 100
expect_stdout_contains "category     "
expect_status 0 as alice product retire PEN-1
expect_status 0 as max product show MUG-1
expect_stdout_contains "tags         gift;sale"
expect_status 0 as alice --format json product show MUG-1
expect_stdout_contains "$(printf '"category":\t"Kitchen / Mugs",')"
expect_stdout_contains "$(printf '"tags":\t"gift;sale"')"
expect_status 0 as alice --format csv product show MUG-1
expect_stdout_contains "low_stock,category,tags"
expect_stdout_contains ",Kitchen / Mugs,gift;sale"

# ---- list: a CATEGORY column at the end, tags in CSV and JSON ----------------------
expect_status 0 as alice product list
expect_stdout_contains "SKU     NAME     PRICE  TAX %  STOCK  STATUS  CATEGORY"
expect_stdout_contains "MUG-1   Mug       3.00      0      2  active  Kitchen / Mugs"
expect_status 0 as alice --format csv product list
expect_stdout_contains "sku,name,description,price,currency,tax_rate,stock,status,id,row_version,created_at,updated_at,low_stock,category,tags"
expect_stdout_contains ",Kitchen / Mugs / Big,gift"

# ---- edit: category, tags, add and remove ----------------------------------------
expect_status 0 as alice product edit K2-1 --add-tag NEW --add-tag x --remove-tag sale
expect_stdout_contains "tags         new;x"
expect_status 0 as alice product edit K2-1 --tags "" --category ""
expect_stdout_contains "tags         "
expect_status 0 as alice --format json product show K2-1
expect_stdout_contains "$(printf '"category":\t"",')"
expect_stdout_contains "$(printf '"tags":\t""')"
expect_status 0 as alice product edit K2-1 --category Kitchen2 --tags sale
expect_stdout_contains "category     Kitchen2"
# the same command id answers as before; other arguments under it exit 5
expect_status 0 as alice product edit MUG-1 --add-tag blue --command-id tag-1
expect_stdout_contains "tags         blue;gift;sale"
snapshot .before
expect_status 0 as alice product edit MUG-1 --add-tag blue --command-id tag-1
expect_stdout_contains "row_version  2"
snapshot .after
same_file .before.events .after.events "event log after the same command id"
expect_rejected 5 as alice product edit MUG-1 --add-tag red --command-id tag-1

# ---- filters ------------------------------------------------------------------------
listed() { # listed WANT args...: the SKUs listed, in order, joined by spaces
	want=$1; shift
	run as alice --format csv product list "$@"
	got=$(tail -n +2 "$E2E_OUT" | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//')
	if [ "$E2E_STATUS" -eq 0 ] && [ "$got" = "$want" ]; then
		pass "product list $*: $want"
	else
		fail "product list $*: got '$got' (status $E2E_STATUS), want '$want'"
		show_last
	fi
}
listed "MUG-1 MUG-2 PAN-1" --category Kitchen
listed "" --category "kitchen/Mugs"
listed "MUG-1 MUG-2" --category "Kitchen/Mugs"
listed "MUG-2" --category "Kitchen / Mugs / Big"
listed "" --category kitchen
listed "MUG-1 MUG-2" --tag GIFT
listed "MUG-1" --tag gift --tag sale
listed "" --tag nope
listed "MUG-1 MUG-2 PAN-1" --stock low
listed "PAN-1" --stock out
listed "K2-1" --stock untracked
listed "BARE-1 MUG-1 MUG-2" --price-min 3 --price-max 13
listed "MUG-1 MUG-2" --price-min 3 --price-max 13 --category Kitchen
listed "K2-1" --price-max 1
listed "PEN-1" --status retired
listed "BARE-1 K2-1 MUG-1 MUG-2 PAN-1 PEN-1" --status all
listed "BARE-1 K2-1 MUG-1 MUG-2 PAN-1 PEN-1" --all
listed "BARE-1 K2-1 MUG-1 MUG-2 PAN-1" --status active
listed "PEN-1" --all --category Office
listed "MUG-2" --category Kitchen --tag gift --search big
listed "MUG-1" --category Kitchen --tag gift --limit 1
# the tenant's threshold decides "low" for products without their own
expect_status 0 as alice settings set --low-stock-threshold 1
listed "MUG-2 PAN-1" --stock low
# manager and support read
expect_status 0 as max product list --tag gift
expect_status 0 as sam product list --category Kitchen

# ---- product categories: the tree with subtree counts -----------------------------
expect_status 0 as max product categories
expect_stdout_contains "CATEGORY  PRODUCTS"
expect_stdout_contains "Kitchen          3"
expect_stdout_contains "  Mugs           2"
expect_stdout_contains "    Big          1"
expect_stdout_contains "  Pans           1"
expect_stdout_lacks "Office"
expect_status 0 as alice --format csv product categories --all
got=$(tr -d '\r' <"$E2E_OUT")
want='category,level,own,products
Kitchen,1,0,3
Kitchen / Mugs,2,1,2
Kitchen / Mugs / Big,3,1,1
Kitchen / Pans,2,1,1
Kitchen2,1,1,1
Office,1,1,1'
[ "$got" = "$want" ] && pass "the category tree as CSV" || { fail "the category tree as CSV"; show_last; }
expect_status 0 as alice --format json product categories
expect_stdout_contains '{"category":"Kitchen / Mugs","level":2,"own":1,"products":2}'

# ---- history and revert ---------------------------------------------------------------
expect_status 0 as alice product edit MUG-1 --category Home
expect_status 0 as alice product history MUG-1 --field category
expect_stdout_contains "category  -               Kitchen / Mugs"
expect_stdout_contains "category  Kitchen / Mugs  Home"
expect_status 0 as alice --format csv product history MUG-1 --field tags
expect_stdout_contains ",alice,admin,tags,,gift;sale,ProductCreated,"
expect_stdout_contains ",alice,admin,tags,gift;sale,blue;gift;sale,ProductUpdated,"
first=$(as alice --format csv product history MUG-1 --field tags | sed -n 2p | cut -d, -f1)
expect_status 0 as alice product revert MUG-1 --field tags --to "$first"
expect_stdout_contains "new          gift;sale"
expect_status 0 as alice product revert MUG-1 --field category --to "$first"
expect_stdout_contains "new          Kitchen / Mugs"
expect_status 0 as alice product show MUG-1
expect_stdout_contains "category     Kitchen / Mugs"
expect_stdout_contains "tags         gift;sale"
expect_rejected 3 as alice product history MUG-1 --field colour
expect_stderr_contains "status, category or tags"

# ---- the events carry them ---------------------------------------------------------
expect_status 0 as alice events export
expect_stdout_contains '"category":"Kitchen / Mugs","tags":"gift;sale"}'

# ---- catalogue CSV: export, import, no-op round trip -------------------------------
as alice product export --all >cat1.csv
expect_status 0 as alice product export
expect_stdout_contains "sku,name,description,price,tax_rate,stock,low_stock,status,category,tags"
expect_stdout_contains "MUG-1,Mug,,3.00,0,2,,active,Kitchen / Mugs,gift;sale"
expect_stdout "0 added, 0 changed, 6 unchanged, 0 in error" as alice product import cat1.csv --dry-run
expect_status 0 as alice product import cat1.csv
as alice product export --all >cat2.csv
same_file cat1.csv cat2.csv "re-export after import"
# changes shown field by field; a file without the columns keeps the values
printf 'sku,category,tags\r\nMUG-2,Home/Cups,NEW;gift\r\nBARE-1,Office,\r\n' >c.csv
expect_status 0 as alice product import c.csv --dry-run
expect_stdout_contains "MUG-2   changed  category  Kitchen / Mugs / Big  Home / Cups"
expect_stdout_contains "MUG-2   changed  tags      gift                  gift;new"
expect_stdout_contains "BARE-1  changed  category"
printf 'sku,price\r\nMUG-1,4\r\n' >p.csv
expect_status 0 as alice product import p.csv
expect_status 0 as alice product show MUG-1
expect_stdout_contains "category     Kitchen / Mugs"
expect_stdout_contains "tags         gift;sale"
# bad values in a file: every one named, nothing imported
printf 'sku,name,price,category,tags\r\nNEW-1,New,1,a/b/c/d,bad tag\r\n' >bad.csv
expect_rejected 3 as alice product import bad.csv
expect_stdout_contains "category must have 1 to 3 levels"
expect_stdout_contains "tags must be 1 to 32 characters"

# ---- refusals: one line naming the field, the status, nothing written --------------
expect_rejected 3 as alice product add --sku X-1 --name X --price 1 --category "a/b/c/d"
expect_stderr_contains "category must have 1 to 3 levels"
expect_rejected 3 as alice product add --sku X-1 --name X --price 1 \
	--category "Kitchen / $(printf 'x%.0s' $(seq 1 51))"
expect_stderr_contains "category levels must be 1 to 50 characters"
expect_rejected 3 as alice product add --sku X-1 --name X --price 1 --category "Kitchen//Mugs"
expect_stderr_contains "category levels must not be empty"
expect_rejected 3 as alice product add --sku X-1 --name X --price 1 --category "$(printf 'a\tb')"
expect_stderr_contains "category must not contain control characters"
expect_rejected 3 as alice product add --sku X-1 --name X --price 1 --tags "a b"
expect_stderr_contains "tags must be 1 to 32 characters"
expect_rejected 3 as alice product add --sku X-1 --name X --price 1 \
	--tags "$(printf 'x%.0s' $(seq 1 33))"
expect_stderr_contains "tags must be 1 to 32 characters"
expect_rejected 3 as alice product add --sku X-1 --name X --price 1 \
	--tags "$(seq -s ';' -f 't%g' 1 21)"
expect_stderr_contains "tags must be at most 20 per product (it has 21)"
expect_rejected 3 as alice product edit MUG-1 --add-tag "no way"
expect_stderr_contains "tags must be"
expect_rejected 3 as alice product edit MUG-1 --remove-tag ""
expect_stderr_contains "--remove-tag must name a tag"
expect_rejected 3 as alice product edit MUG-1 --category "a/b/c/d"
expect_stderr_contains "category must have"
expect_rejected 2 as alice product edit MUG-1
expect_stderr_contains "--category, --tags, --add-tag or --remove-tag"
expect_rejected 2 as alice product edit MUG-1 --tags a --tags b
expect_stderr_contains "option --tags is given twice"
expect_rejected 4 as alice product edit NOPE --category Home
# 6: admins only
expect_rejected 6 as sam product edit MUG-1 --category Home
expect_stderr_contains "may not change products"
expect_rejected 6 as max product add --sku X-2 --name X --price 1 --tags gift
expect_rejected 6 as max product edit MUG-1 --add-tag x
# bad filter values: exit 3 naming the option
expect_rejected 3 as alice product list --category "a/b/c/d"
expect_stderr_contains "--category: category must have"
expect_rejected 3 as alice product list --category " "
expect_stderr_contains "--category must name a category"
expect_rejected 3 as alice product list --tag "a b"
expect_stderr_contains "--tag: tag must be"
expect_rejected 3 as alice product list $(seq -f '--tag=t%g' 1 21)
expect_stderr_contains "--tag is given more than 20 times"
expect_rejected 3 as alice product list --stock some
expect_stderr_contains "--stock must be out, low or untracked"
expect_rejected 3 as alice product list --status gone
expect_stderr_contains "--status must be active, retired or all"
expect_rejected 3 as alice product list --price-min x
expect_stderr_contains "--price-min must be"
expect_rejected 3 as alice product list --price-max 1.234
expect_stderr_contains "--price-max"
expect_rejected 3 as alice product list --price-min 5 --price-max 4
expect_stderr_contains "--price-min must not be above --price-max"
expect_rejected 2 as alice product list --all --status retired
expect_stderr_contains "--all is --status all"
expect_rejected 2 as alice product categories --limit 3

# ---- the log's round trip keeps them ----------------------------------------------
as alice events export >log.jsonl
DB2=$(store_url copy)
expect_status 0 bo --db "$DB2" --user alice init
expect_stdout "" bo --db "$DB2" --user alice events import log.jsonl
as alice --format json product list --all >a.products
bo --db "$DB2" --user alice --format json product list --all >b.products
same_file a.products b.products "products after import"
expect_stdout "every projector: the read model matches the log" as alice projections verify

finish
