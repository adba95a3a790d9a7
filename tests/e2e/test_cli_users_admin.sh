# An admin disables, enables and re-roles staff: a disabled user is refused
# (exit 6, one line saying so), a new role changes what its user may do,
# and every refusal (unknown user 4, bad role 3, missing role 2, not an
# admin 6, the last enabled admin 5, yourself 3) changes nothing. On PostgreSQL the
# disabled login is refused by the database itself as well.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
# users_now: the directory as CSV (name,role,status), for "nothing changed"
users_now() {
	as "$ADMIN" --format csv user list 2>/dev/null | cut -d, -f1-3
}
# refused N cmd...: status N and a one-line error (the directory is not in
# the log, so "nothing changed" is checked with expect_users; this keeps the
# script quick under valgrind, where every run of the binary counts)
refused() {
	expect_status "$@"
	expect_stderr_one_line
}
expect_users() {
	got=$(users_now | tr '\n' ' ')
	if [ "$got" = "$1" ]; then
		pass "users: $1"
	else
		fail "users: expected '$1', got '$got'"
	fi
}

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice product add --sku MUG --name Mug --price 10 --stock 5
expect_status 0 as alice order place --customer kim@example.com --line MUG:1
ID=$(cat "$E2E_OUT")
BASE="name,role,status alice,admin,enabled sam,support,enabled "

# ---- disable and enable ----------------------------------------------------
expect_stdout "" as alice user disable sam
expect_status 0 as alice user list
expect_stdout_contains "sam    support  disabled"
refused 6 as sam order list
expect_stderr_contains "user sam is disabled"
expect_rejected 6 as sam order note "$ID" --text "hello"
expect_stderr_contains "disabled"
# again: nothing to change, still a success
expect_status 0 as alice user disable sam
expect_stdout "" as alice user enable sam
expect_users "$BASE"
expect_status 0 as sam order note "$ID" --text "back again"

# ---- a new role changes what the user may do --------------------------------
expect_status 0 as sam report summary
expect_stdout "" as alice user role sam manager
expect_status 0 as sam report summary
refused 6 as sam order note "$ID" --text "as a manager"
expect_stderr_contains "manager"
expect_status 0 as alice --format json user list
expect_stdout_contains '"name":"sam","role":"manager","status":"enabled"'

# ---- refusals change nothing ------------------------------------------------
AFTER="name,role,status alice,admin,enabled sam,manager,enabled "
refused 4 as alice user disable nobody
expect_stderr_contains "user nobody does not exist"
refused 4 as alice user role nobody admin
refused 3 as alice user role sam boss
expect_stderr_contains "role must be one of admin, support, manager"
refused 2 as alice user role sam
expect_stderr_contains "user role needs ROLE"
refused 3 as alice user enable "bad name"
expect_stderr_contains "user name"
expect_rejected 6 as sam user disable alice
expect_stderr_contains "may not manage users"
refused 6 as sam user role sam admin
expect_users "$AFTER"
# the last enabled admin, then yourself
refused 5 as alice user disable alice
expect_stderr_contains "alice is the store's last enabled admin"
refused 5 as alice user role alice support
expect_users "$AFTER"
expect_status 0 as alice user add bob --role admin
ADMIN=bob # the checks read as bob while alice is disabled
refused 3 as alice user disable alice
expect_stderr_contains "alice is you"
refused 3 as alice user role alice support
expect_stderr_contains "alice is you"
expect_users "name,role,status alice,admin,enabled bob,admin,enabled sam,manager,enabled "
# another admin may do it
expect_status 0 as bob user disable alice
expect_users "name,role,status alice,admin,disabled bob,admin,enabled sam,manager,enabled "
refused 6 as alice user list
expect_stderr_contains "alice is disabled"
refused 6 as alice user enable alice
expect_status 0 as bob user enable alice
expect_status 0 as alice user list

# ---- PostgreSQL: the database refuses the disabled login too ----------------
if [ "$E2E_BACKEND" = postgresql ]; then
	PSQL="${BACKOFFICE_TEST_PG_BINDIR:+$BACKOFFICE_TEST_PG_BINDIR/}psql"
	OWN=$(printf '%s' "$DB" | sed 's/.*schema=//')
	S=$(printf '%s' "$PWD" | cksum | cut -c1-6)
	KIT=kit$S
	expect_status 0 as alice user add "$KIT" --role support
	"$PSQL" -qAtX -v ON_ERROR_STOP=1 -d "$BACKOFFICE_TEST_PG" \
		-c "ALTER ROLE \"$KIT\" PASSWORD 'pw'" >/dev/null
	KIT_URL=$(printf '%s' "$BACKOFFICE_TEST_PG" | sed "s#://[^@]*@#://$KIT:pw@#")
	sql_kit() {
		if out=$("$PSQL" -qAtX -v ON_ERROR_STOP=1 -d "$KIT_URL" -c "$1" 2>&1); then
			echo ok
		elif printf '%s' "$out" | grep -q "permission denied"; then
			echo denied
		else
			echo "other: $out"
		fi
	}
	expect_sql() {
		got=$(sql_kit "$2")
		if [ "$got" = "$1" ]; then
			pass "$KIT: $2: $1"
		else
			fail "$KIT: $2: expected $1, got $got"
		fi
	}
	expect_sql ok "SELECT count(*) FROM \"$OWN\".order_list"
	expect_status 0 bo --db "$KIT_URL?schema=$OWN" order list
	expect_status 0 as alice user disable "$KIT"
	expect_sql denied "SELECT count(*) FROM \"$OWN\".order_list"
	expect_sql denied "SELECT count(*) FROM \"$OWN\".events"
	refused 6 bo --db "$KIT_URL?schema=$OWN" order list
	expect_stderr_contains "database login $KIT may not read the store"
	expect_stderr_contains "an admin has disabled it there"
	expect_status 0 as alice user enable "$KIT"
	expect_sql ok "SELECT count(*) FROM \"$OWN\".order_list"
	# a role change moves the login between the store's groups
	expect_status 0 as alice user role "$KIT" manager
	expect_sql denied "INSERT INTO \"$OWN\".alerts DEFAULT VALUES"
	expect_sql ok "SELECT count(*) FROM \"$OWN\".order_list"
	got=$("$PSQL" -qAtX -d "$BACKOFFICE_TEST_PG" -c "SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = '$KIT'")
	if [ "$got" = "bo_${OWN}_manager" ]; then
		pass "$KIT is in bo_${OWN}_manager only"
	else
		fail "$KIT's groups: expected bo_${OWN}_manager, got $got"
	fi
fi

finish
