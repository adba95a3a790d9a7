# Tenants: created on the fly, listed, selected with --tenant or
# BACKOFFICE_TENANT, each with its own currency, products, orders, log and
# users; bad names and cross-tenant attempts refused, changing nothing.
. "$E2E_LIB"

DB=$(store_url shop)
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
# On PostgreSQL a tenant's schema (tenant_NAME) belongs to the whole test
# database: each run names its tenants apart.
if [ "$E2E_BACKEND" = sqlite ]; then
	S=""
else
	S=$(printf '%s' "$PWD" | cksum | cut -c1-6)
fi
JP=jp$S
DE=de$S
case $BACKOFFICE_BIN in
*valgrind*) MANY=5 ;;
*) MANY=50 ;;
esac

# count_tenants: rows of tenant list (CSV, header left out)
count_tenants() {
	as alice --format csv tenant list 2>/dev/null | tail -n +2 | grep -c ,
}

expect_status 0 as alice init --currency EUR
expect_status 0 as alice user add sam --role support

# ---- tenant create ---------------------------------------------------------

expect_stdout "created tenant $JP (JPY, Asia/Tokyo) on $E2E_BACKEND; admin: alice" \
	as alice tenant create "$JP" --currency JPY --time-zone Asia/Tokyo
expect_status 0 as alice --format json tenant create "$DE" --time-zone Europe/Berlin
if tr -d ' \t\n' <"$E2E_OUT" | grep -q "^{\"name\":\"$DE\",\"currency\":\"EUR\",\"time_zone\":\"Europe/Berlin\",\"backend\":\"$E2E_BACKEND\","; then
	pass "tenant create --format json prints the new tenant"
else
	fail "tenant create JSON"
	show_last
fi

# bad names, currencies and zones: exit 3, naming the field, nothing made
before=$(count_tenants)
for bad in 'Upper' 'a b' '' 'x/y' '..' "$(printf 'a%.0s' $(seq 41))" "t$(printf '\342\200\213')"; do
	expect_status 3 as alice tenant create "$bad"
	expect_stderr_contains "tenant name"
	expect_stderr_one_line
done
expect_status 3 as alice tenant create "x$S" --currency XYZ
expect_stderr_contains "currency"
for zone in Mars/Base ../../etc/passwd /etc/passwd 'Europe/Berlin ' 'Europe//Berlin' '-x' .hidden; do
	expect_status 3 as alice tenant create "x$S" --time-zone "$zone"
	expect_stderr_contains "--time-zone"
done
# taken, or the same after - and _ are read alike; the installation's own
expect_status 5 as alice tenant create "$JP"
expect_stderr_contains "already exists"
expect_status 5 as alice tenant create default
expect_status 0 as alice tenant create "a-b$S"
expect_status 5 as alice tenant create "a_b$S"
expect_stderr_contains "collides with tenant a-b$S"
# only an admin of the installation manages tenants
expect_status 6 as sam tenant create "y$S"
expect_status 6 as sam tenant list
if [ "$(count_tenants)" -eq $((before + 1)) ]; then
	pass "refused creates added no tenant"
else
	fail "tenant count went from $before to $(count_tenants)"
fi

# ---- tenant list ------------------------------------------------------------

expect_status 0 as alice tenant list
expect_stdout_contains "TIME ZONE"
expect_stdout_contains "Asia/Tokyo"
expect_status 0 as alice --format csv tenant list
if head -1 "$E2E_OUT" | tr -d '\r' | grep -qx 'name,currency,time_zone,backend,created_at,events,orders' &&
	sed -n 2p "$E2E_OUT" | grep -q "^default,EUR,UTC,$E2E_BACKEND,"; then
	pass "the CSV list starts with the installation's own tenant"
else
	fail "tenant list CSV"
	show_last
fi

# ---- each tenant its own currency, products, orders, log, users ------------

expect_status 3 as alice --tenant "$JP" product add --sku TEA --name Tea --price 1.5
expect_stderr_contains "whole number for JPY"
expect_status 0 as alice --tenant "$JP" product add --sku TEA --name Tea --price 1500 --stock 9
expect_status 0 as alice --tenant "$DE" product add --sku MUG --name Mug --price 4.50
run env BACKOFFICE_TENANT="$JP" $BACKOFFICE_BIN --db "$DB" --user alice --format csv product list
if [ "$E2E_STATUS" -eq 0 ] && grep -q '^TEA,' "$E2E_OUT" && ! grep -q MUG "$E2E_OUT"; then
	pass "BACKOFFICE_TENANT selects the tenant: only its products"
else
	fail "BACKOFFICE_TENANT product list"
	show_last
fi
expect_status 0 as alice --format csv product list
expect_stdout_lacks TEA
expect_stdout_lacks MUG
expect_status 0 as alice --tenant "$DE" --format csv product list
expect_stdout_lacks TEA
# the SKU of one tenant is unknown in another
expect_status 4 as alice --tenant "$DE" product show TEA
expect_status 4 as alice product edit TEA --price 2
id=$(as alice --tenant "$JP" order place --customer kim@example.com --line TEA:2 2>/dev/null)
if [ -n "$id" ]; then
	pass "an order placed in $JP: $id"
else
	fail "order place in $JP"
fi
# every command, with the other tenant's order number, SKU or user name:
# refused, and neither tenant's log, products or users change
expect_status 0 as alice --tenant "$JP" user add kenji --role manager
snap_tenants() {
	for t in "$JP" "$DE"; do
		as alice --tenant "$t" events export
		as alice --tenant "$t" --format csv product list --all
		as alice --tenant "$t" --format csv user list
		as alice --tenant "$t" --format csv order list
	done
}
snap_tenants >cross-before.txt 2>&1
for cmd in "order show $id" "order show $id --at 1" "order timeline $id" \
	"order pay $id --amount 3000" "order fail-payment $id --reason x" \
	"order ship $id" "order deliver $id" "order refund $id --amount 1 --reason x" \
	"order note $id --text hello" "order cancel $id --reason x" \
	"product show TEA" "product edit TEA --price 2" "product retire TEA" \
	"product delete TEA"; do
	# shellcheck disable=SC2086
	expect_status 4 as alice --tenant "$DE" $cmd
	expect_stdout_lacks "kim@example.com"
	expect_stdout_lacks "Tea"
done
expect_status 4 as alice --tenant "$DE" order place --customer x@example.com --line TEA:1
expect_stderr_contains "TEA"
expect_status 0 as alice --tenant "$DE" --format csv order list --customer kim@example.com
expect_stdout_lacks "kim@example.com"
expect_status 0 as alice --tenant "$DE" --format csv user list
expect_stdout_lacks kenji
expect_status 6 as kenji --tenant "$DE" report summary
expect_status 6 as kenji --tenant "$DE" order show "$id"
expect_status 6 as kenji report summary
snap_tenants >cross-after.txt 2>&1
if cmp -s cross-before.txt cross-after.txt; then
	pass "cross-tenant attempts left both tenants' logs, products, users and orders as they were"
else
	fail "a cross-tenant attempt changed something"
	diff cross-before.txt cross-after.txt | head -10
fi
expect_status 0 as alice --tenant "$DE" --format csv order list
expect_stdout_lacks kim@example.com
expect_status 0 as alice --tenant "$DE" events export
expect_stdout_lacks TEA
expect_stdout_lacks kim@example.com
# json_has TEXT: the last JSON output, its blanks left out, holds TEXT
json_has() {
	if tr -d ' \t\n' <"$E2E_OUT" | grep -qF -- "$1"; then
		pass "JSON has $1"
	else
		fail "JSON should hold $1"
		show_last
	fi
}
expect_status 0 as alice --tenant "$JP" --format json report summary
json_has '"orders_placed":1,'
json_has '"currency":"JPY"'
expect_status 0 as alice --tenant "$DE" --format json report summary
json_has '"orders_placed":0,'
json_has '"currency":"EUR"'
# users: bob exists in one tenant only
expect_status 0 as alice --tenant "$JP" user add bob --role support
expect_status 0 as bob --tenant "$JP" order note "$id" --text "from bob"
expect_status 6 as bob --tenant "$DE" order list
expect_status 6 as bob order list
expect_status 6 as sam --tenant "$JP" order list
# the tenant's own state is untouched by the refused attempts
expect_status 0 as alice --tenant "$JP" --format csv order list
if grep -q "kim@example.com" "$E2E_OUT" && grep -q placed "$E2E_OUT"; then
	pass "the order in $JP stays placed"
else
	fail "order in $JP"
	show_last
fi

# ---- PostgreSQL: a tenant's logins reach only its schema -------------------

# Each store grants its own groups (bo_<schema>_support, ...): a login of one
# tenant, in plain SQL, is refused every other tenant's schema and the
# installation's registry, and reaches its own tenant with the installation's
# URL and --tenant.
if [ "$E2E_BACKEND" = postgresql ]; then
	PSQL="${BACKOFFICE_TEST_PG_BINDIR:+$BACKOFFICE_TEST_PG_BINDIR/}psql"
	OWN=$(printf '%s' "$DB" | sed 's/.*schema=//')
	expect_status 0 as alice --tenant "$JP" user add "kay$S" --role support
	expect_status 0 as alice user add "ann$S" --role support
	for who in "kay$S" "ann$S"; do
		"$PSQL" -qAtX -v ON_ERROR_STOP=1 -d "$BACKOFFICE_TEST_PG" \
			-c "ALTER ROLE \"$who\" PASSWORD 'pw'" >/dev/null
	done
	# login_url WHO: the server's URL, as WHO, without schema=
	login_url() {
		printf '%s' "$BACKOFFICE_TEST_PG" | sed "s#://[^@]*@#://$1:pw@#"
	}
	# sql_as WHO SQL: SQL as WHO; prints the SQLSTATE-ish outcome
	sql_as() {
		if out=$("$PSQL" -qAtX -v ON_ERROR_STOP=1 -d "$(login_url "$1")" -c "$2" 2>&1); then
			echo ok
		elif printf '%s' "$out" | grep -q "permission denied"; then
			echo denied
		else
			echo "other: $out"
		fi
	}
	# expect_sql WHO OUTCOME SQL
	expect_sql() {
		got=$(sql_as "$1" "$3")
		if [ "$got" = "$2" ]; then
			pass "$1: $3: $2"
		else
			fail "$1: $3: expected $2, got $got"
		fi
	}
	expect_sql "kay$S" ok "SELECT count(*) FROM tenant_$JP.events"
	expect_sql "kay$S" denied "SELECT count(*) FROM tenant_$DE.events"
	expect_sql "kay$S" denied "SELECT count(*) FROM tenant_$DE.products"
	expect_sql "kay$S" denied "INSERT INTO tenant_$DE.settings VALUES ('x', 'y')"
	expect_sql "kay$S" denied "SELECT count(*) FROM \"$OWN\".tenants"
	expect_sql "kay$S" denied "SELECT count(*) FROM \"$OWN\".order_list"
	expect_sql "ann$S" ok "SELECT count(*) FROM \"$OWN\".tenants"
	expect_sql "ann$S" denied "SELECT count(*) FROM tenant_$JP.events"
	expect_sql "ann$S" denied "SELECT count(*) FROM tenant_$JP.tenants"
	# the control: granted JP's group, the installation's login reads it
	"$PSQL" -qAtX -v ON_ERROR_STOP=1 -d "$BACKOFFICE_TEST_PG" \
		-c "GRANT bo_tenant_${JP}_support TO \"ann$S\"" >/dev/null
	expect_sql "ann$S" ok "SELECT count(*) FROM tenant_$JP.events"
	"$PSQL" -qAtX -v ON_ERROR_STOP=1 -d "$BACKOFFICE_TEST_PG" \
		-c "REVOKE bo_tenant_${JP}_support FROM \"ann$S\"" >/dev/null
	expect_sql "ann$S" denied "SELECT count(*) FROM tenant_$JP.events"
	# through backoffice, each as themselves with the installation's URL
	KAY=$(login_url "kay$S")?schema=$OWN
	ANN=$(login_url "ann$S")?schema=$OWN
	expect_status 0 bo --db "$KAY" --tenant "$JP" --format csv order list
	expect_stdout_contains kim@example.com
	expect_status 6 bo --db "$KAY" --tenant "$DE" order list
	expect_status 6 bo --db "$KAY" order list
	expect_status 0 bo --db "$ANN" order list
	expect_status 6 bo --db "$ANN" --tenant "$JP" order list
	expect_stderr_one_line
fi

# ---- selecting a tenant that is not there ----------------------------------

expect_status 4 as alice --tenant "nope$S" product list
expect_stderr_contains "tenant create nope$S"
expect_stderr_one_line
expect_status 3 as alice --tenant 'No Such' product list
expect_stderr_contains "--tenant"

# ---- an interrupted create: a store made but never registered --------------

# What a create killed between its store and its registry row leaves: a
# complete, empty store of that tenant where the tenant would live. It is
# no tenant (not listed, not selectable) and the next create replaces it.
if [ "$E2E_BACKEND" = sqlite ]; then
	LEFT="sqlite:$PWD/left.db"
else
	LEFT=$(printf '%s' "$DB" | sed "s/schema=.*/schema=tenant_left$S/")
fi
expect_status 0 bo --db "$LEFT" --tenant "left$S" --user alice init
expect_status 4 as alice --tenant "left$S" product list
expect_status 0 as alice --format csv tenant list
expect_stdout_lacks "left$S"
expect_status 0 as alice tenant create "left$S" --currency JPY
expect_status 0 as alice --tenant "left$S" product add --sku A --name A --price 5
# a store there that holds anything is never taken over
if [ "$E2E_BACKEND" = sqlite ]; then
	BUSY="sqlite:$PWD/busy.db"
else
	BUSY=$(printf '%s' "$DB" | sed "s/schema=.*/schema=tenant_busy$S/")
fi
expect_status 0 bo --db "$BUSY" --tenant "busy$S" --user alice init
expect_status 0 bo --db "$BUSY" --user alice product add --sku KEEP --name Keep --price 1
expect_status 5 as alice tenant create "busy$S"
expect_stderr_contains "already exists"
expect_status 0 bo --db "$BUSY" --user alice --format csv product list
expect_stdout_contains KEEP

# ---- many tenants in a row, each usable at once ----------------------------

i=1
ok=0
while [ $i -le $MANY ]; do
	if as alice tenant create "m$i$S" >/dev/null 2>&1 &&
		as alice --tenant "m$i$S" product add --sku "S$i" --name "N$i" --price 1 >/dev/null 2>&1; then
		ok=$((ok + 1))
	fi
	i=$((i + 1))
done
if [ $ok -eq $MANY ]; then
	pass "$MANY tenants created in a row, each took a product at once"
else
	fail "only $ok of $MANY tenants were created and usable"
fi
expect_status 0 as alice --format csv tenant list
if tr -d '\r' <"$E2E_OUT" | grep -q "^m$MANY$S,EUR,UTC,$E2E_BACKEND,.*,1,0\$"; then
	pass "the last of them is listed with its one event"
else
	fail "tenant list after $MANY creates"
	show_last
fi

finish
