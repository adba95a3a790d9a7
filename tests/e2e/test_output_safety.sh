# Output never lies: lost stdout after a commit, strict JSON over hostile rows, CSV formulas.
. "$E2E_LIB"

ADMIN=alice
DB=$(store_url shop)
as() { bo --db "$DB" --user "$ADMIN" "$@"; }
SAVED="the command was saved, but its result could not be written to standard output"

if ! command -v python3 >/dev/null 2>&1; then
	fail "python3 is needed to parse the JSON strictly (make deps installs it)"
	finish
	exit 1
fi

# lost HOW cmd...: runs cmd with stdout at /dev/full (full) or closed (closed).
lost() {
	how=$1
	shift
	: >"$E2E_OUT"
	if [ "$how" = full ]; then
		"$@" >/dev/full 2>"$E2E_ERR"
	else
		"$@" >&- 2>"$E2E_ERR"
	fi
	E2E_STATUS=$?
}

# expect_lost N HOW cmd...: status N with stdout lost the HOW way.
expect_lost() {
	want=$1
	shift
	lost "$@"
	if [ "$E2E_STATUS" -eq "$want" ]; then
		pass "status $want, stdout $*"
	else
		fail "stdout $*"
		echo "    expected status $want, got $E2E_STATUS"
		show_last
	fi
}

# expect_saved HOW cmd...: a committed write keeps status 0 and warns once.
expect_saved() {
	expect_lost 0 "$@"
	if [ "$(grep -c "^backoffice: warning: $SAVED: " "$E2E_ERR")" -eq 1 ] &&
		[ "$(wc -l <"$E2E_ERR")" -eq 1 ]; then
		pass "one warning line: $*"
	else
		fail "a committed write with its output lost should warn once: $*"
		show_last
	fi
}

# count WHAT N TEXT FILE: TEXT occurs on exactly N lines of FILE.
count() {
	got=$(grep -cF -- "$3" "$4")
	if [ "$got" -eq "$2" ]; then
		pass "$1: $2"
	else
		fail "$1: expected $2 lines with '$3', found $got"
	fi
}

# ---- committed writes stay committed, once, whatever happens to stdout ------------
for how in full closed; do
	DB=$(store_url $how)
	expect_saved $how as init
	expect_status 0 as user list --format csv
	count "admins after init ($how)" 1 "alice,admin" "$E2E_OUT"
	expect_status 5 as init
	expect_stderr_contains "already exists"

	expect_saved $how as product add --sku "P-$how" --name Pot --price 3 --stock 9
	expect_saved $how as product edit "P-$how" --name "Big pot"
	expect_saved $how as order place --customer ann@example.com --line "P-$how":2
	expect_saved $how as product retire "P-$how"
	expect_status 0 as product show "P-$how" --format csv
	count "product rows ($how)" 1 "P-$how,Big pot," "$E2E_OUT"
	expect_stdout_contains ",retired,"
	expect_status 0 as order list --format csv
	count "orders placed ($how)" 1 ",ann@example.com," "$E2E_OUT"
	as events export >"$how.events"
	count "ProductCreated ($how)" 1 '"type":"ProductCreated"' "$how.events"
	count "ProductUpdated ($how)" 1 '"type":"ProductUpdated"' "$how.events"
	count "ProductRetired ($how)" 1 '"type":"ProductRetired"' "$how.events"
	count "OrderPlaced ($how)" 1 '"type":"OrderPlaced"' "$how.events"

	# a read has nothing to keep: it fails as before
	expect_lost 7 $how as product list
	expect_stderr_contains "cannot write to standard output"
	# a write that did not commit never says 0, and says why
	expect_lost 3 $how as product add --sku "Q-$how" --name Pot --price -1
	expect_stderr_contains "price"
	if [ $how = full ]; then
		expect_lost 7 $how as --format json order list
		expect_lost 7 $how as report summary
		expect_lost 5 $how as product add --sku "P-$how" --name Again --price 1
		expect_lost 4 $how as order pay 99 --amount 1
	fi
	expect_status 0 as events export
	count "events after refused writes ($how)" "$(wc -l <"$how.events")" '"event_id"' "$E2E_OUT"
done

# demo seed: the same seed gives the same log, so a lost stdout seeds it once
SEED="demo seed --orders 5 --days 2 --seed 7 --now 2026-11-20"
for how in ref full closed; do
	DB=$(store_url seed-$how)
	expect_status 0 as init
	if [ $how = ref ]; then
		# shellcheck disable=SC2086
		expect_status 0 as $SEED
	else
		# shellcheck disable=SC2086
		expect_saved $how as $SEED
	fi
	as events export >"seed-$how.events"
done
same_file seed-ref.events seed-full.events "demo seed with stdout at /dev/full"
same_file seed-ref.events seed-closed.events "demo seed with stdout closed"

# a closed stdout never lets the store land on fd 1: the file stays a store
DB=$(store_url closed)
expect_status 0 as product list
if sqlite_only "the store file's integrity after a closed stdout (a server's store cannot land on fd 1)"; then
	expect_status 0 sqlite3 "$PWD/closed.db" "PRAGMA integrity_check"
	expect_stdout_contains "ok"
fi

# ---- identifiers refuse invisible and bidi characters -----------------------------
DB=$(store_url shop)
ZWSP=$(printf '\342\200\213')
RLO=$(printf '\342\200\256')
expect_status 0 as init
expect_status 0 as product add --sku MUG --name Mug --price 12.50 --stock 6
snapshot .before
expect_status 3 bo --db "$DB" --user "alice$ZWSP" product add --sku X1 --name X --price 1
expect_stderr_one_line
expect_stderr_contains "--user"
expect_stderr_contains "user name must be"
expect_status 3 env BACKOFFICE_USER="alice$ZWSP" $BACKOFFICE_BIN --db "$DB" product add --sku X2 --name X --price 1
expect_stderr_contains "BACKOFFICE_USER"
for bad in "bob$ZWSP" "bob$RLO"; do
	expect_status 3 as user add "$bad" --role support
	expect_stderr_contains "user name must be"
done
for bad in "X$ZWSP" "X$RLO"; do
	expect_status 3 as product add --sku "$bad" --name X --price 1
	expect_stderr_contains "sku must be"
done
expect_status 3 bo --db "$DB" --tenant "shop$ZWSP" --user alice product list
expect_stderr_contains "tenant"
snapshot .after
same_file .before.events .after.events "event log after refused identifiers"
same_file .before.products .after.products "products after refused identifiers"
expect_status 0 as user list
expect_stdout_lacks "bob"
# free text keeps them, and shows them escaped
expect_status 0 as product add --sku ZW --name "Zero${ZWSP}width" --price 1
expect_status 0 as product show ZW
expect_stdout_contains 'Zero\u200bwidth'
expect_stdout_lacks "$ZWSP"
expect_status 0 as --format csv product show ZW
expect_stdout_contains 'Zero\u200bwidth'
expect_status 0 as --format json product show ZW
expect_stdout_contains '"Zero\u200bwidth"'
expect_status 0 as product delete ZW

# ---- JSON stays strict JSON over hostile rows --------------------------------------
# C0, ESC sequence, DEL, C1 (CSI, NEL), RLO, LRI, ZWSP, BOM, soft hyphen, then
# invalid UTF-8 (0xFF, overlong '/', a surrogate, a truncated sequence) and a
# tag character (U+E0041). The services refuse most of it; sqlite3 plants it.
# PostgreSQL's UTF8 database refuses such bytes at the door: SQLite only.
if sqlite_only "hostile bytes planted in stored text (invalid UTF-8 cannot be stored in a UTF8 database)"; then
HEX=61011b5b33316d527fc29bc285e280aee281a6e2808befbbbfc2adffc0afeda080e28278f3a081817a
H="CAST(X'$HEX' AS TEXT)"
expect_stdout 1 as order place --customer ann@example.com --customer-name Ann --line MUG:2
expect_status 0 as order pay 1 --amount 25
expect_status 0 as order note 1 --text hello
expect_status 0 as alerts list
expect_stdout_contains "MUG"
expect_status 0 as report products # the reports catch up before the planting
expect_status 0 sqlite3 "$PWD/shop.db" "
UPDATE products SET name = $H, description = $H WHERE sku = 'MUG';
UPDATE catalog SET name = $H, description = $H WHERE sku = 'MUG';
UPDATE order_list SET customer_name = $H, customer_email = $H;
UPDATE order_timeline SET summary = $H, user = $H;
UPDATE report_products SET name = $H;
UPDATE report_lines SET name = $H;
UPDATE alerts SET name = $H;
INSERT INTO users (name, role, created_at) VALUES ($H, 'support', 0);
INSERT INTO events (event_id, stream, version, type, schema_version,
	recorded_at, metadata, payload)
SELECT 'hostile-1', 'hostile-1', 1, 'HostileNote', 1, recorded_at, metadata,
	'{\"text\":\"' || $H || '\"}' FROM events WHERE position = 1;"

cat >check_json.py <<'EOF'
# check_json.py FILE doc|lines [hostile]: strict JSON, valid UTF-8, nothing hidden.
import json, sys

def hidden(c):
    o = ord(c)
    return ((o < 0x20 and c not in "\t\n\r") or 0x7F <= o <= 0x9F
            or o in (0xAD, 0x34F, 0x61C, 0x115F, 0x1160, 0x17B4, 0x17B5,
                     0x180E, 0x3164, 0xFEFF, 0xFFA0)
            or 0x200B <= o <= 0x200F or 0x2028 <= o <= 0x202E
            or 0x2060 <= o <= 0x206F or 0xFFF9 <= o <= 0xFFFB
            or 0x1BCA0 <= o <= 0x1BCA3 or 0x1D173 <= o <= 0x1D17A
            or 0xE0000 <= o <= 0xE007F)

def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)

def constant(name):
    raise ValueError("not JSON: " + name)

path, mode = sys.argv[1], sys.argv[2]
try:
    text = open(path, "rb").read().decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("not valid UTF-8: %s" % e)
raw = [hex(ord(c)) for c in text if hidden(c)]
if raw:
    sys.exit("raw hidden code points in the text: %s" % raw[:8])
docs = text.splitlines() if mode == "lines" else [text]
try:
    values = [json.loads(d, parse_constant=constant) for d in docs if d]
except ValueError as e:
    sys.exit("not strict JSON: %s" % e)
if not values:
    sys.exit("no JSON at all")
if len(sys.argv) > 3:
    every = "".join(s for v in values for s in strings(v))
    # the hostile text, kept as data: controls escaped, bad bytes as U+FFFD
    want = "a\x01\x1b[31mR\x7f\x9b\x85\u202e\u2066\u200b\ufeff\xad"
    if want not in every:
        sys.exit("the planted text is not there as data")
    if "\ufffd" * 8 + "x\U000e0041z" not in every:
        sys.exit("invalid bytes did not become U+FFFD")
print("ok")
EOF

# check_json WHAT MODE [hostile]: the last command's stdout passes check_json.py.
check_json() {
	if python3 check_json.py "$E2E_OUT" "$2" $3 >.check 2>&1; then
		pass "strict JSON: $1"
	else
		fail "$1: $(cat .check)"
		head -c 600 "$E2E_OUT" | od -c | head -8 | sed 's/^/    /'
	fi
}

for cmd in "product list --all" "product show MUG" "order list" \
	"order timeline 1" "user list" "alerts list"; do
	# shellcheck disable=SC2086
	expect_status 0 as --format json $cmd
	check_json "$cmd" doc hostile
done
for cmd in "order show 1" "report summary" "report daily" "report products" \
	"report funnel" "report shipping" "projections status"; do
	# shellcheck disable=SC2086
	expect_status 0 as --format json $cmd
	check_json "$cmd" doc
done
expect_status 0 as events export
check_json "events export" lines hostile
# an exported line is the same event: the log still imports and re-exports
cp "$E2E_OUT" hostile.events
grep -v '"HostileNote"' hostile.events >importable.events
DB=$(store_url copy)
expect_status 0 as init
expect_status 0 as events import importable.events
as events export >copy.events
same_file importable.events copy.events "export of the imported log"
DB=$(store_url shop)
# the table shows the same rows with every hidden character visible
expect_status 0 as product list
expect_stdout_contains 'a\x01\e[31mR\x7f\u009b\u0085\u202e\u2066\u200b\ufeff\u00ad\xff\xc0\xaf'
expect_stdout_contains '\U000e0041z'
expect_stdout_lacks "$ZWSP"
expect_stdout_lacks "$RLO"
fi

# ---- CSV cells a spreadsheet would run ---------------------------------------------
expect_status 0 bo --help
expect_stdout_contains "with = + - @ TAB or CR gets a leading ' (not numbers)"
expect_stdout_contains "saved exits 0 even when its result cannot be written"
DB=$(store_url csv)
expect_status 0 as init
n=0
for name in "=1+1" "+cmd" "-2+3" "@SUM(A1)" "-12.50" "-3"; do
	n=$((n + 1))
	expect_status 0 as product add --sku "F$n" --name "$name" --price 10 --stock 50
done
expect_status 0 as product add --sku F7 --name Tab --price 10
chr=char
[ "$E2E_BACKEND" = sqlite ] || chr=chr
expect_status 0 store_sql csv "
UPDATE products SET name = $chr(9) || 'calc' WHERE sku = 'F7';
UPDATE catalog SET name = $chr(9) || 'calc' WHERE sku = 'F7';"
expect_stdout 1 as order place --customer "=cmd@example.com" --customer-name "@boss" --line F1:1 --line F5:1
expect_status 0 as order pay 1 --amount 20
expect_status 0 as order refund 1 --amount 2.5 --reason "-chipped"
# plant a day whose refunds exceed its sales: a negative money figure
expect_status 0 as report summary # caught up first, so the planting stays
expect_status 0 store_sql csv "
UPDATE report_days SET gross = 0, tax = 0, refunds = 1250, refund_tax = 0;"

expect_status 0 as --format csv product list
expect_stdout_contains "F1,'=1+1,"
expect_stdout_contains "F2,'+cmd,"
expect_stdout_contains "F3,'-2+3,"
expect_stdout_contains "F4,'@SUM(A1),"
expect_stdout_contains "F5,-12.50,"
expect_stdout_contains "F6,-3,"
expect_stdout_contains "F7,'\\tcalc,"
expect_status 0 as --format csv product show F1
expect_stdout_contains "F1,'=1+1,"
expect_status 0 as --format csv order list
expect_stdout_contains ",'=cmd@example.com,'@boss,"
expect_status 0 as --format csv order timeline 1
expect_stdout_contains ",refund of 2.50 EUR: -chipped,"
expect_status 0 as --format csv report products
expect_stdout_contains ",F1,'=1+1,"
expect_status 0 as --format csv report daily
expect_stdout_contains ",-12.50,"
expect_stdout_lacks "'-12.50"
expect_status 0 as --format csv report summary
expect_stdout_contains ",-12.50,"

finish
