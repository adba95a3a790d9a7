# Data never reaches the terminal raw: escape sequences in names are shown, not obeyed.
. "$E2E_LIB"

ADMIN=alice
DB=$(store_url shop)
BEL=$(printf '\007')
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

# The services refuse control characters in what people type ...
expect_status 0 as alice init
expect_rejected 3 as alice product add --sku EVIL --name "$(printf 'x\033[2Jy')" --price 1
expect_stderr_one_line
if grep -q "$ESC" .last.err; then fail "the error message holds a raw ESC"; else pass "error message is sanitised"; fi
expect_rejected 4 as alice product show "$(printf 'X\033]0;pwned\007')"
if grep -q "$ESC" .last.err || grep -q "$BEL" .last.err; then
	fail "the not-found message holds raw control bytes"
else
	pass "not-found message is sanitised"
fi
expect_stderr_contains '\e]0;pwned'

# ... and so does events import; but a damaged or hostile store can carry
# anything: put escapes in a product name, a customer name and a note behind
# the services' back (sqlite3, triggers lifted), then look at it every way.
expect_status 0 as alice product add --sku EVIL --name Evil --price 2.50
expect_stdout 1 as alice order place --customer m@example.com --customer-name Mallory --line EVIL:1
expect_status 0 as alice order note 1 --text hello
as alice events export >clean.jsonl
sed -e 's|"name":"Evil"|"name":"\\u001b[2J\\u001b]0;pwned\\u0007Evil"|g' \
	-e 's|"customer_name":"Mallory"|"customer_name":"Mal\\u001b[31mlory\\u202e"|' \
	-e 's|"text":"hello"|"text":"hel\\u001b[1;1Hlo\\r\\nsecond line"|' \
	clean.jsonl >evil.jsonl
if grep -q 'u001b' evil.jsonl; then pass "crafted an evil log"; else fail "sed did not change the log"; fi

DB=$(store_url evil)
expect_status 0 as alice init
expect_rejected 3 as alice events import evil.jsonl
expect_stderr_contains "must not contain control characters"
expect_status 0 as alice events import clean.jsonl
cat >poison.sql <<'SQL'
UPDATE events SET payload = replace(payload, '"name":"Evil"', '"name":"\u001b[2J\u001b]0;pwned\u0007Evil"');
UPDATE events SET payload = replace(payload, '"customer_name":"Mallory"', '"customer_name":"Mal\u001b[31mlory\u202e"');
UPDATE events SET payload = replace(payload, '"text":"hello"', '"text":"hel\u001b[1;1Hlo\r\nsecond line"');
UPDATE products SET name = char(27) || '[2J' || char(27) || ']0;pwned' || char(7) || 'Evil' WHERE name = 'Evil';
SQL
if store_poison evil poison.sql; then pass "poisoned the store"; else fail "could not poison the store"; fi
expect_status 0 as alice projections rebuild

check_clean() {
	if grep -q "$ESC" .last.out || grep -q "$BEL" .last.out; then
		fail "raw control bytes in the output of: $*"
		od -c .last.out | grep -m3 '033\|007' | sed 's/^/    /'
	else
		pass "no raw ESC or BEL: $*"
	fi
}

for fmt in table csv json; do
	for cmd in "product list --all" "product show EVIL" "order list" \
		"order show 1" "order timeline 1"; do
		# shellcheck disable=SC2086
		expect_status 0 as alice --format $fmt $cmd
		check_clean "--format $fmt $cmd"
	done
done
expect_status 0 as alice product list
expect_stdout_contains '\e[2J\e]0;pwned\x07Evil'
expect_status 0 as alice order show 1
expect_stdout_contains 'Mal\e[31mlory\u202e'
expect_status 0 as alice order timeline 1
expect_stdout_contains 'hel\e[1;1Hlo\r'
expect_status 0 as alice --format csv product show EVIL
expect_stdout_contains '\e[2J\e]0;pwned\x07Evil'
# JSON keeps the data exactly, escaped the JSON way
expect_status 0 as alice --format json product show EVIL
expect_stdout_contains '"name":	"\u001b[2J\u001b]0;pwned\u0007Evil"'
# such data goes out in an export, but no import takes it back in
as alice events export >evil2.jsonl
DB=$(store_url evil2)
expect_status 0 as alice init
expect_rejected 3 as alice events import evil2.jsonl
expect_stderr_contains "line 1: product 1: ProductCreated: name must not contain control characters"
as alice events export >evil3.jsonl
if [ -s evil3.jsonl ]; then fail "the refused import wrote events"; else pass "the refused import wrote nothing"; fi

finish
