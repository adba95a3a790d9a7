# libpq is loaded only when a PostgreSQL store is opened (and for
# --version), never linked: the binary does not name it among the libraries
# it needs; without it (BACKOFFICE_LIBPQ pointing nowhere) a SQLite store
# works fully, and a postgresql:// store is one line, exit 7, nothing
# changed. A few commands only: each costs a process start under valgrind.
. "$E2E_LIB"

for w in $BACKOFFICE_BIN; do BIN=$w; done
NOPQ=/nonexistent/libpq.so.5
ADMIN=alice
NEED="PostgreSQL stores need libpq ($NOPQ), which could not be loaded"

# ---- the binary does not link libpq -------------------------------------------
if command -v readelf >/dev/null 2>&1; then
	readelf -d "$BIN" >needed.txt 2>&1
	if ! grep -q 'NEEDED.*libsqlite3' needed.txt; then
		fail "readelf -d $BIN shows no NEEDED libsqlite3: $(head -c 500 needed.txt)"
	elif grep -q 'NEEDED.*libpq' needed.txt; then
		fail "$BIN has libpq as NEEDED: $(grep NEEDED needed.txt | tr -s ' ')"
	else
		pass "the binary needs no libpq (readelf -d)"
	fi
else
	echo "  skip: readelf is not installed (binutils): the binary's NEEDED entries are not read"
fi

if [ "$E2E_BACKEND" = sqlite ]; then
	# ---- a SQLite store without libpq: everything works ----------------------
	DB=$(store_url shop)
	expect_status 0 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN --db "$DB" \
		--user $ADMIN init
	expect_status 0 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN --db "$DB" \
		--user $ADMIN product add --sku MUG --name Mug --price 3 --stock 5
	expect_status 0 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN --db "$DB" \
		--user $ADMIN order place --customer ann@example.com --line MUG:2
	expect_status 0 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN --db "$DB" \
		--user $ADMIN order list
	expect_stdout_contains "ann@example.com"
	# --version says so in libpq's place
	expect_status 0 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN --version
	expect_stdout_contains ", libpq not available, "

	# ---- a postgresql:// store without libpq: one line, exit 7 ---------------
	# (no server there: nothing is contacted without libpq)
	expect_status 7 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN \
		--db postgresql://127.0.0.1:1/x --user $ADMIN order list
	expect_stderr_one_line
	expect_stderr_contains "$NEED"
	expect_stderr_contains "install the Debian package libpq5"
	if [ -s "$E2E_OUT" ]; then
		fail "stdout should be empty: $(head -c 500 "$E2E_OUT")"
	else
		pass "nothing on stdout"
	fi
	# with libpq, the same URL gets as far as the (absent) server
	expect_status 7 bo --db postgresql://127.0.0.1:1/x --user $ADMIN order list
	expect_stderr_one_line
	expect_stderr_contains "cannot reach the PostgreSQL server at 127.0.0.1:1"
else
	# ---- a real PostgreSQL store, then without libpq: refused untouched ------
	DB=$(store_url shop)
	expect_status 0 bo --db "$DB" --user $ADMIN init
	expect_status 0 bo --db "$DB" --user $ADMIN product add --sku MUG \
		--name Mug --price 3 --stock 5
	expect_rejected 7 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN --db "$DB" \
		--user $ADMIN product add --sku CUP --name Cup --price 2
	expect_stderr_contains "$NEED"
	expect_status 7 env BACKOFFICE_LIBPQ=$NOPQ $BACKOFFICE_BIN --db "$DB" \
		--user $ADMIN order list
	expect_stderr_one_line
	expect_stderr_contains "$NEED"
fi

finish
