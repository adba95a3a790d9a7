# PostgreSQL stores as a server shows them: the URL's schema picks the store, a
# foreign or newer schema is refused untouched, racing inits make one store, and
# each bad connection is one line, exit 7, with no password in any output.
. "$E2E_LIB"

if ! [ "$E2E_BACKEND" = postgresql ]; then
	echo "  skip: a PostgreSQL server's stores (run with E2E_BACKEND=postgresql)"
	finish
	exit $?
fi

ADMIN=alice
PW=$BACKOFFICE_TEST_PG_PASSWORD
# the test server's URL without its password, and its host:port
HOSTPORT=$(printf '%s' "$BACKOFFICE_TEST_PG" | sed 's|.*@||; s|/.*||')
DBNAME=$(printf '%s' "$BACKOFFICE_TEST_PG" | sed 's|.*/||; s|?.*||')
A=$(store_url a)
B=$(store_url b)

# ---- --db and BACKOFFICE_DB, ?schema= picks the store ---------------------------
expect_stdout "initialised $(store_shown a) for tenant default (EUR); admin: alice" \
	bo --db "$A" --user alice init
expect_status 0 bo --db "$A" --user alice product add --sku MUG --name Mug --price 3
expect_status 0 env BACKOFFICE_DB="$A" BACKOFFICE_USER=alice $BACKOFFICE_BIN product list
expect_stdout_contains "MUG"
# another schema of the same database is another store: none there yet
expect_status 4 env BACKOFFICE_DB="$B" BACKOFFICE_USER=alice $BACKOFFICE_BIN product list
expect_stderr_one_line
expect_stderr_contains "no store at $(store_shown b)"
expect_status 0 bo --db "$B" --user alice init
expect_stdout "SKU  NAME  PRICE  TAX %  STOCK  STATUS  CATEGORY" bo --db "$B" --user alice product list
# a schema name outside the strict pattern is a usage error, nothing made
for bad in 'Shop' '1shop' 'a-b' 'x;drop'; do
	expect_status 2 bo --db "$BACKOFFICE_TEST_PG?schema=$bad" --user alice init
	expect_stderr_one_line
	expect_stderr_contains "schema"
done
# the help and the effective settings never show the password
expect_status 0 bo --db "$A" --user alice --help
expect_status 0 bo --db "$A" --user alice product list --help

# ---- a schema that is not a store, or is newer, is refused untouched -------------
F=$(store_url foreign)
schema=$(printf '%s' "$F" | sed 's/.*schema=//')
store_sql foreign "CREATE SCHEMA $schema; CREATE TABLE $schema.notes (t text);
	INSERT INTO $schema.notes VALUES ('keep me')"
for cmd in "product list" "init"; do
	# shellcheck disable=SC2086
	expect_status 3 bo --db "$F" --user alice $cmd
	expect_stderr_one_line
	expect_stderr_contains "is not a backoffice store"
done
expect_stdout "notes|keep me" store_sql foreign "SELECT 'notes|' || t FROM notes
	UNION ALL SELECT string_agg(tablename, ',') FROM pg_tables
	WHERE schemaname = current_schema() AND tablename <> 'notes'"

N=$(store_url newer)
expect_status 0 bo --db "$N" --user alice init
store_sql newer "INSERT INTO backoffice_migrations (name) VALUES ('999_from_the_future.sql')"
sum=$(store_sql newer "SELECT value FROM backoffice_meta WHERE key = 'changes'")
expect_status 7 bo --db "$N" --user alice product list
expect_stderr_one_line
expect_stderr_contains "was migrated by a newer backoffice; use that version"
expect_status 7 bo --db "$N" --user alice product add --sku X --name X --price 1
expect_stdout "$sum" store_sql newer "SELECT value FROM backoffice_meta WHERE key = 'changes'"
expect_stdout "0" store_sql newer "SELECT count(*) FROM products"

# ---- racing init: one store, the others told it exists ---------------------------
R=$(store_url race)
i=1
rm -f go
while [ $i -le 4 ]; do
	(while [ ! -e go ]; do sleep 0.01; done
		bo --db "$R" --user alice init >race.$i.out 2>race.$i.err
		echo $? >race.$i.rc) &
	i=$((i + 1))
done
sleep 0.2
: >go
wait
won=$(grep -l '^0$' race.*.rc | wc -l)
lost=$(grep -l '^5$' race.*.rc | wc -l)
if [ "$won" -eq 1 ] && [ "$lost" -eq 3 ]; then
	pass "4 racing inits: 1 made the store, 3 were told it exists"
else
	fail "4 racing inits: $won exit 0, $lost exit 5: $(cat race.*.err)"
fi
expect_status 0 bo --db "$R" --user alice user list
expect_stdout_contains "alice"

# ---- bad connections: one line each, exit 7, never a password --------------------
# bad_connection WHAT TEXT cmd...: exit 7, one line naming TEXT, no password
bad_connection() {
	what=$1
	text=$2
	shift 2
	expect_status 7 "$@"
	expect_stderr_one_line
	expect_stderr_contains "$text"
	if grep -qF -e "$PW" -e "wrong$PW" "$E2E_ERR" "$E2E_OUT"; then
		fail "$what: a password is in the output"
	else
		pass "$what: no password in the output"
	fi
}
bad_connection "refused" "cannot reach the PostgreSQL server at 127.0.0.1:1" \
	bo --db "postgresql://postgres:$PW@127.0.0.1:1/$DBNAME?schema=shop" --user alice product list
bad_connection "refused, from BACKOFFICE_DB" "cannot reach the PostgreSQL server at 127.0.0.1:1" \
	env BACKOFFICE_DB="postgresql://postgres:$PW@127.0.0.1:1/$DBNAME" BACKOFFICE_USER=alice \
	$BACKOFFICE_BIN init
bad_connection "bad credentials" "password authentication failed for user postgres" \
	bo --db "postgresql://postgres:wrong$PW@$HOSTPORT/$DBNAME?schema=shop" --user alice product list
bad_connection "bad credentials, from PGPASSWORD" "password authentication failed for user postgres" \
	env PGPASSWORD="wrong$PW" $BACKOFFICE_BIN --db "postgresql://postgres@$HOSTPORT/$DBNAME" --user alice init
bad_connection "missing database" "has no database no_such_db" \
	bo --db "postgresql://postgres:$PW@$HOSTPORT/no_such_db?schema=shop" --user alice product list
bad_connection "TLS required" "disagree about TLS" \
	bo --db "$A&sslmode=require" --user alice product list
bad_connection "TLS required, from PGSSLMODE" "disagree about TLS" \
	env PGSSLMODE=require $BACKOFFICE_BIN --db "$A" --user alice product list
# a URL libpq cannot read is a usage error; libpq's own text (which may quote
# the whole URL) is not shown
for url in "postgresql://postgres:$PW@$HOSTPORT/$DBNAME?bogus=1" \
	"postgresql://postgres:$PW@$HOSTPORT/$DBNAME?sslmode=nonsense" \
	"postgresql://postgres:$PW@[::1/$DBNAME"; do
	expect_status 2 bo --db "$url" --user alice product list
	expect_stderr_one_line
	expect_stderr_contains "--db is not a PostgreSQL URL libpq accepts"
done
# and the store they did not reach is as it was
expect_stdout "MUG" sh -c "$BACKOFFICE_BIN --db '$A' --user alice --format csv product list | tail -n +2 | cut -d, -f1"

finish
