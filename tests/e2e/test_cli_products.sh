# Users and products through the command line: every command, format and refusal.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init

# ---- users -------------------------------------------------------------------
expect_stdout "" as alice user add sam --role support
expect_stdout "" as alice user add mia --role manager
expect_status 0 as alice user list
expect_stdout_contains "NAME"
expect_stdout_contains "sam    support"
expect_status 0 as alice --format json user list
expect_stdout_contains '"name":"mia","role":"manager","status":"enabled","created_at":"'
expect_status 0 as alice --format csv user list
expect_stdout_contains "name,role,status,created_at"
expect_rejected 3 as alice user add bob --role boss
expect_stderr_contains "role"
expect_rejected 3 as alice user add "bad name" --role support
expect_rejected 5 as alice user add sam --role admin
expect_rejected 6 as sam user add eve --role admin
expect_rejected 2 as alice user add eve
expect_stderr_contains "user add needs --role"
expect_rejected 6 as nobody product list
expect_stderr_contains "nobody"

# ---- product add -------------------------------------------------------------
expect_status 0 as alice product add --sku MUG-1 --name "Big mug" \
	--price 12.50 --tax-rate 20 --stock 10 --description "Holds tea"
expect_stdout_contains "sku          MUG-1"
expect_stdout_contains "price        12.50"
expect_stdout_contains "stock        10"
expect_status 0 as alice --format json product add --sku TEE \
	--name "T-shirt, large" --price 20 --tax-rate 7.5
for key in '"sku":	"TEE"' '"name":	"T-shirt, large"' '"description":	""' \
	'"price":	"20.00"' '"currency":	"EUR"' '"tax_rate":	"7.5"' \
	'"stock":	null' '"status":	"active"' '"row_version":	1' \
	'"created_at":	"20' '"updated_at":	"20'; do
	expect_stdout_contains "$key"
done
expect_status 0 as alice --format csv product add --sku 'CAP.2' \
	--name 'The "best" cap' --price 0.99 --stock none
expect_stdout_contains 'sku,name,description,price,currency,tax_rate,stock,status,id,row_version,created_at,updated_at'
expect_stdout_contains 'CAP.2,"The ""best"" cap",,0.99,EUR,0,,active,'

# refusals: nothing written
expect_rejected 3 as alice product add --sku BAD --name Bad --price 1.234
expect_stderr_contains "price"
expect_rejected 3 as alice product add --sku BAD --name Bad --price -1
expect_rejected 3 as alice product add --sku BAD --name Bad --price abc
expect_rejected 3 as alice product add --sku BAD --name Bad --price 1 --tax-rate 101
expect_stderr_contains "tax"
expect_rejected 3 as alice product add --sku BAD --name Bad --price 1 --stock -3
expect_stderr_contains "stock"
expect_rejected 3 as alice product add --sku 'BAD SKU' --name Bad --price 1
expect_stderr_contains "sku"
expect_rejected 3 as alice product add --sku BAD --name "" --price 1
expect_stderr_contains "name"
expect_rejected 5 as alice product add --sku MUG-1 --name Again --price 1
expect_stderr_contains "MUG-1"
expect_rejected 6 as sam product add --sku NEW --name New --price 1
expect_stderr_contains "sam"
expect_rejected 6 as mia product add --sku NEW --name New --price 1
expect_rejected 2 as alice product add --sku NEW --name New
expect_stderr_contains "product add needs --price"
expect_rejected 2 as alice product add --sku NEW --name New --price 1 --colour red
expect_stderr_contains "unknown option --colour for product add"
expect_rejected 2 as alice product add --sku NEW --sku NEW2 --name New --price 1
expect_stderr_contains "option --sku is given twice"

# ---- product list / show -----------------------------------------------------
expect_status 0 as sam product list
expect_stdout_contains "SKU    NAME            PRICE  TAX %  STOCK  STATUS"
expect_stdout_contains "MUG-1  Big mug         12.50     20     10  active"
expect_stdout_contains 'CAP.2  The "best" cap   0.99      0      -  active'
expect_stdout "CAP.2
MUG-1
TEE" sh -c "$BACKOFFICE_BIN --db '$DB' --user mia --format csv product list | tail -n +2 | cut -d, -f1"
expect_status 0 as mia --format json product list --search mug
expect_stdout_contains '"sku":"MUG-1"'
expect_stdout_lacks '"sku":"TEE"'
expect_stdout "[
{\"sku\":\"CAP.2\",\"name\":\"The \\\"best\\\" cap\",\"description\":\"\",\"price\":\"0.99\",\"currency\":\"EUR\",\"tax_rate\":\"0\",\"stock\":null,\"status\":\"active\",\"id\":3,\"row_version\":1,\"created_at\":\"$(as alice --format csv product show CAP.2 | tail -1 | cut -d, -f11)\",\"updated_at\":\"$(as alice --format csv product show CAP.2 | tail -1 | tr -d "\r" | cut -d, -f12)\",\"low_stock\":null,\"category\":\"\",\"tags\":\"\"}
]" as alice --format json product list --limit 1
expect_status 0 as alice --format json product list --search NOTHING
expect_stdout "[]" as alice --format json product list --search NOTHING
expect_rejected 3 as alice product list --limit 0
expect_stderr_contains "--limit must be a whole number above 0"
expect_rejected 3 as alice product list --limit 1x
expect_status 0 as mia product show MUG-1
expect_stdout_contains "description  Holds tea"
expect_rejected 4 as alice product show NOPE
expect_stderr_contains "NOPE"

# ---- product edit ------------------------------------------------------------
expect_status 0 as alice --format json product edit MUG-1 --price 13 --name "Huge mug"
expect_stdout_contains '"price":	"13.00"'
expect_stdout_contains '"name":	"Huge mug"'
expect_stdout_contains '"row_version":	2'
expect_stdout_contains '"description":	"Holds tea"'
expect_status 0 as alice product edit MUG-1 --sku MUG-2 --stock none
expect_stdout_contains "sku          MUG-2"
expect_stdout_contains "stock        -"
expect_rejected 4 as alice product show MUG-1
expect_rejected 2 as alice product edit MUG-2
expect_stderr_contains "at least one of"
expect_rejected 3 as alice product edit MUG-2 --price 1.001
expect_rejected 4 as alice product edit NOPE --price 1
expect_rejected 5 as alice product edit MUG-2 --sku TEE
expect_rejected 6 as sam product edit MUG-2 --price 1

# ---- retire / delete ---------------------------------------------------------
expect_status 0 as alice product retire TEE
expect_stdout_contains "status       retired"
expect_status 0 as alice product list
expect_stdout_lacks "TEE"
expect_status 0 as alice product list --all
expect_stdout_contains "retired"
expect_rejected 4 as alice product retire NOPE
expect_rejected 6 as mia product retire MUG-2
expect_stdout "" as alice product delete CAP.2
expect_rejected 4 as alice product show CAP.2
expect_rejected 4 as alice product delete CAP.2
expect_rejected 6 as sam product delete MUG-2

# every product write is in the log
expect_status 0 as alice events export
n=$(grep -c '"type":"Product' .last.out)
if [ "$n" -eq 7 ]; then pass "7 product events"; else fail "expected 7 product events, got $n"; fi


# deleting a product that was sold says how many orders have it (stderr);
# the orders keep their lines
expect_status 0 as alice product add --sku SOLD-1 --name "Sold mug" --price 4
expect_status 0 as alice order place --customer a@example.com --line SOLD-1:1
expect_status 0 as alice order place --customer b@example.com --line SOLD-1:2
expect_status 0 as alice product delete SOLD-1
expect_stderr_contains "warning: SOLD-1 is on 2 orders, which keep their lines"
expect_status 0 as alice order find sold-1
expect_stdout_contains "a@example.com"
expect_stdout_contains "b@example.com"
finish
